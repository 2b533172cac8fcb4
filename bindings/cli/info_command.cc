#include "info_command.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "report.h"
#include "thumbnail_job.h"

namespace thumbkit_cli {
namespace {

nlohmann::ordered_json InfoJson(const tk_info& info) {
  return {
      {"format", tk_format_name(info.format)},
      {"width", info.width},
      {"height", info.height},
      {"oriented_width", info.oriented_width},
      {"oriented_height", info.oriented_height},
      {"orientation", info.orientation},
      {"channels", info.channels},
      {"has_alpha", info.has_alpha != 0},
      {"has_icc", info.has_icc != 0},
      {"has_exif", info.has_exif != 0},
      {"progressive", info.progressive != 0},
      {"frames", info.frames},
      {"bit_depth", info.bit_depth},
      {"is_cmyk", info.is_cmyk != 0},
  };
}

// "key: value" lines from the same fields as the JSON, so the two never disagree.
void PrintText(const nlohmann::ordered_json& json) {
  for (const auto& [key, value] : json.items()) {
    std::string text = value.is_string()    ? value.get<std::string>()
                       : value.is_boolean() ? (value.get<bool>() ? "yes" : "no")
                                            : value.dump();
    std::cout << key << ": " << text << "\n";
  }
}

}  // namespace

InfoCommand::InfoCommand(CLI::App& root)
    : app_(root.add_subcommand("info", "Describe an image from its headers")) {
  app_->add_option("IN", input_, "Input image, - for stdin")->required();
  CLI::Option* json = app_->add_flag("--json", json_, "Print JSON");
  app_->add_flag("--plan", plan_, "Print the thumbnail plan for the options, as JSON")
      ->excludes(json);
  options_.Register(*app_);
}

int InfoCommand::Run() const {
  int exit_code = kExitOk;
  CtxPtr ctx = options_.NewContextOrReport(&exit_code);
  if (!ctx) return exit_code;
  std::string error;
  std::vector<uint8_t> bytes;
  if (!ReadImage(ctx.get(), input_, &bytes, &error)) {
    PrintError(error);
    return kExitFailed;
  }
  const std::string name = DisplayName(input_, "stdin");
  if (plan_) {
    char* plan = nullptr;
    const tk_status status = tk_plan_json(ctx.get(), bytes.data(), bytes.size(), &plan);
    if (status != TK_OK) {
      PrintError(StatusLine(name, status, tk_last_error(ctx.get())));
      return kExitFailed;
    }
    std::cout << plan << "\n";
    tk_free(plan);
    return kExitOk;
  }
  tk_info info = TK_INFO_INIT;
  const tk_status status = tk_probe(ctx.get(), bytes.data(), bytes.size(), &info);
  if (status != TK_OK) {
    PrintError(StatusLine(name, status, tk_last_error(ctx.get())));
    return kExitFailed;
  }
  if (json_) {
    std::cout << InfoJson(info).dump(2) << "\n";
  } else {
    PrintText(InfoJson(info));
  }
  return kExitOk;
}

}  // namespace thumbkit_cli
