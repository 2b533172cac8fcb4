// `thumbkit batch SRC DST [-j N] [options]`
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "options.h"

namespace thumbkit_cli {

class BatchCommand {
 public:
  explicit BatchCommand(CLI::App& root);
  bool selected() const { return app_->parsed(); }
  int Run() const;

 private:
  CLI::App* app_;
  std::string source_;
  std::string destination_;
  unsigned jobs_ = 0;  // 0: one per hardware thread
  ThumbnailOptions options_;
};

}  // namespace thumbkit_cli
