// `thumbkit thumbnail IN OUT [options]`
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "options.h"

namespace thumbkit_cli {

class ThumbnailCommand {
 public:
  explicit ThumbnailCommand(CLI::App& root);
  bool selected() const { return app_->parsed(); }
  int Run() const;

 private:
  CLI::App* app_;
  std::string input_;
  std::string output_;
  ThumbnailOptions options_;
};

}  // namespace thumbkit_cli
