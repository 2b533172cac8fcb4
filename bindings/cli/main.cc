// `thumbkit`: the command-line face of libthumbkit. This file only wires the subcommands; each
// lives in its own *_command.cc.
#include <thumbkit/thumbkit.h>

#include <CLI/CLI.hpp>

#include "batch_command.h"
#include "info_command.h"
#include "report.h"
#include "thumbnail_command.h"

int main(int argc, char** argv) {
  using thumbkit_cli::kExitUsage;

  CLI::App app("thumbkit: safe, fast thumbnails of untrusted images", "thumbkit");
  app.set_version_flag("--version", [] { return std::string(tk_version_string()); });
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "thumbkit: " + std::string(e.what()) + "\nRun with --help for more information.\n";
  });
  thumbkit_cli::ThumbnailCommand thumbnail(app);
  thumbkit_cli::InfoCommand info(app);
  thumbkit_cli::BatchCommand batch(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every other parse error is a usage error (2), whatever
    // CLI11's own code for it.
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }

  if (thumbnail.selected()) return thumbnail.Run();
  if (info.selected()) return info.Run();
  if (batch.selected()) return batch.Run();
  return kExitUsage;
}
