// Reading inputs and writing outputs; "-" means stdin or stdout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace thumbkit_cli {

// Reads all of `path`. With max_bytes > 0 it stops after max_bytes + 1 bytes: enough for the
// library to report the limit, without holding a huge input in memory. On failure `error` says
// why (strerror).
bool ReadInput(const std::string& path, uint64_t max_bytes, std::vector<uint8_t>* bytes,
               std::string* error);

// Writes to a temporary file beside `path` and renames it into place, so a failure never leaves
// a partial file at `path` (nor replaces an existing one).
bool WriteOutput(const std::string& path, const void* data, size_t size, std::string* error);

}  // namespace thumbkit_cli
