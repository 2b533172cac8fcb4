// What `batch` prints while it runs, from any worker thread: failure lines, and a progress bar
// redrawn in place when stderr is a terminal.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>

namespace thumbkit_cli {

class Progress {
 public:
  // The bar is drawn only when stderr is a TTY, so logs and pipes get plain lines.
  explicit Progress(size_t total);

  void Succeeded();
  void Failed(const std::string& error_line);
  // Erases the bar; call once every worker has finished.
  void Finish();

  // Read once the workers have joined.
  size_t ok() const { return ok_; }
  size_t failed() const { return failed_; }

 private:
  void DrawLocked();
  void EraseLocked();

  std::mutex mutex_;
  const size_t total_;
  const bool bar_;
  size_t ok_ = 0;
  size_t failed_ = 0;
};

}  // namespace thumbkit_cli
