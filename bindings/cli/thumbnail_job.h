// One image file through the library: read, probe or thumbnail, write. Shared by the commands;
// failures come back as finished error lines for the caller to print.
#pragma once

#include <thumbkit/thumbkit.h>

#include <cstdint>
#include <string>
#include <vector>

namespace thumbkit_cli {

// Reads `path` ("-" = stdin), capped just above the handle's TK_PARAM_MAX_INPUT_BYTES.
bool ReadImage(const tk_ctx* ctx, const std::string& path, std::vector<uint8_t>* bytes,
               std::string* error_line);

// Thumbnails `input` into `output` ("-" = stdin/stdout) with the handle's parameters.
bool ThumbnailFile(tk_ctx* ctx, const std::string& input, const std::string& output,
                   std::string* error_line);

// The name of a file in messages: "stdin"/"stdout" for "-".
std::string DisplayName(const std::string& path, const char* stream);

}  // namespace thumbkit_cli
