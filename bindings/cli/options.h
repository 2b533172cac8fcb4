// The thumbnail options, in one table shared by `thumbnail`, `batch` and `info --plan`: each
// option is registered on a CLI11 app and later applied to a tk_ctx as tk_set_int parameters.
#pragma once

#include <thumbkit/thumbkit.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace thumbkit_cli {

using CtxPtr = std::unique_ptr<tk_ctx, decltype(&tk_ctx_free)>;

// Not copyable: the callbacks registered on the app point at this object.
class ThumbnailOptions {
 public:
  ThumbnailOptions() = default;
  ThumbnailOptions(const ThumbnailOptions&) = delete;
  ThumbnailOptions& operator=(const ThumbnailOptions&) = delete;

  // Adds every thumbnail option to `app`; parsing then records the values given.
  void Register(CLI::App& app);

  // Sets every option the user gave on `ctx`. On failure `error` is the line to print, naming
  // the option and the library's message.
  tk_status Apply(tk_ctx* ctx, std::string* error) const;

  // A new handle with the options applied; null with `status` and the `error` line set when that
  // fails (out of memory, or a value the library rejects).
  CtxPtr NewContext(tk_status* status, std::string* error) const;
  // NewContext for a command: on failure prints the error line and sets the exit code to return.
  CtxPtr NewContextOrReport(int* exit_code) const;

  // The --format value, when given.
  std::optional<tk_format> format() const;

 private:
  struct Setting {
    std::string flag;
    int64_t value;
  };
  // Keyed by parameter so a repeated option keeps its last value.
  std::map<tk_param, Setting> settings_;
};

}  // namespace thumbkit_cli
