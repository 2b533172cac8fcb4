#include "thumbnail_command.h"

#include "output_format.h"
#include "report.h"
#include "thumbnail_job.h"

namespace thumbkit_cli {

ThumbnailCommand::ThumbnailCommand(CLI::App& root)
    : app_(root.add_subcommand("thumbnail", "Make one thumbnail")) {
  app_->add_option("IN", input_, "Input image, - for stdin")->required();
  app_->add_option("OUT", output_, "Output image, - for stdout")->required();
  options_.Register(*app_);
}

int ThumbnailCommand::Run() const {
  int exit_code = kExitOk;
  CtxPtr ctx = options_.NewContextOrReport(&exit_code);
  if (!ctx) return exit_code;
  std::string error;
  // Without --format the output's extension decides; an unknown one keeps the input's format.
  if (!options_.format() && output_ != "-") {
    const tk_status status = tk_set_int(ctx.get(), TK_PARAM_FORMAT, FormatFromExtension(output_));
    if (status != TK_OK) {
      PrintError(StatusLine(output_, status, tk_last_error(ctx.get())));
      return kExitFailed;
    }
  }
  if (!ThumbnailFile(ctx.get(), input_, output_, &error)) {
    PrintError(error);
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace thumbkit_cli
