// Safety limits, checked from headers before any large allocation. 0 means unlimited.
#pragma once

#include <cstdint>

#include "core/status.h"

namespace tk {

struct Limits {
  uint64_t max_input_pixels = 268402689;  // 16383 x 16383, sharp's default
  uint64_t max_input_bytes = 256ull << 20;
  uint32_t max_dimension = 65535;
  uint32_t max_output_dimension = 16383;
  uint32_t max_scans = 100;
  uint64_t max_metadata_bytes = 8ull << 20;
  bool allow_corrupt = false;
};

// The checks every decoder makes once it knows the stored size (TK_ERR_LIMIT_* with the numbers).
Status CheckInputDimensions(const Limits& limits, uint64_t width, uint64_t height);
Status CheckInputBytes(const Limits& limits, uint64_t size);
Status CheckMetadataBytes(const Limits& limits, uint64_t size, const char* what);

}  // namespace tk
