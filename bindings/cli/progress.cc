#include "progress.h"

#include <unistd.h>

#include <cstdio>

#include "report.h"

namespace thumbkit_cli {

Progress::Progress(size_t total) : total_(total), bar_(isatty(STDERR_FILENO) == 1) {
  std::lock_guard<std::mutex> lock(mutex_);
  DrawLocked();
}

void Progress::Succeeded() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++ok_;
  DrawLocked();
}

void Progress::Failed(const std::string& error_line) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++failed_;
  EraseLocked();
  PrintError(error_line);
  DrawLocked();
}

void Progress::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  EraseLocked();
}

void Progress::DrawLocked() {
  if (!bar_) return;
  constexpr size_t kWidth = 40;
  const size_t done = ok_ + failed_;
  const size_t filled = total_ == 0 ? kWidth : done * kWidth / total_;
  std::fprintf(stderr, "\r[%s%s] %zu/%zu, %zu failed", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, ' ').c_str(), done, total_, failed_);
  std::fflush(stderr);
}

void Progress::EraseLocked() {
  if (bar_) std::fputs("\r\033[K", stderr);
}

}  // namespace thumbkit_cli
