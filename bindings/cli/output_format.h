// Output formats from and to file names.
#pragma once

#include <thumbkit/thumbkit.h>

#include <filesystem>

namespace thumbkit_cli {

// .jpg/.jpeg, .png, .webp (any case); TK_FORMAT_SAME for anything else.
tk_format FormatFromExtension(const std::filesystem::path& path);

// `path` with the usual extension of `format`, unless its extension already names that format
// (a.jpeg stays a.jpeg for jpeg). TK_FORMAT_SAME keeps `path` as it is.
std::filesystem::path WithFormatExtension(std::filesystem::path path, tk_format format);

}  // namespace thumbkit_cli
