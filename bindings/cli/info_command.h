// `thumbkit info IN [--json] [--plan] [options]`
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "options.h"

namespace thumbkit_cli {

class InfoCommand {
 public:
  explicit InfoCommand(CLI::App& root);
  bool selected() const { return app_->parsed(); }
  int Run() const;

 private:
  CLI::App* app_;
  std::string input_;
  bool json_ = false;
  bool plan_ = false;
  ThumbnailOptions options_;
};

}  // namespace thumbkit_cli
