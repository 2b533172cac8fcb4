#include "core/limits.h"

#include <string>

namespace tk {

Status CheckInputDimensions(const Limits& limits, uint64_t width, uint64_t height) {
  if (width == 0 || height == 0) {
    return Status(TK_ERR_CORRUPT, "image declares a zero dimension (" + std::to_string(width) +
                                      "x" + std::to_string(height) + ")");
  }
  const uint64_t pixels = width * height;  // both < 2^32: no overflow
  if (limits.max_input_pixels != 0 && pixels > limits.max_input_pixels) {
    return Status(TK_ERR_LIMIT_PIXELS, "image is " + std::to_string(width) + "x" +
                                           std::to_string(height) + " = " + std::to_string(pixels) +
                                           " pixels, above the limit max_input_pixels=" +
                                           std::to_string(limits.max_input_pixels));
  }
  if (limits.max_dimension != 0 &&
      (width > limits.max_dimension || height > limits.max_dimension)) {
    return Status(
        TK_ERR_LIMIT_DIMENSION,
        "image is " + std::to_string(width) + "x" + std::to_string(height) +
            ", a side above the limit max_dimension=" + std::to_string(limits.max_dimension));
  }
  return OkStatus();
}

Status CheckInputBytes(const Limits& limits, uint64_t size) {
  if (limits.max_input_bytes != 0 && size > limits.max_input_bytes) {
    return Status(TK_ERR_LIMIT_INPUT_BYTES, "input is " + std::to_string(size) +
                                                " bytes, above the limit max_input_bytes=" +
                                                std::to_string(limits.max_input_bytes));
  }
  return OkStatus();
}

Status CheckMetadataBytes(const Limits& limits, uint64_t size, const char* what) {
  if (limits.max_metadata_bytes != 0 && size > limits.max_metadata_bytes) {
    return Status(TK_ERR_LIMIT_METADATA, std::string(what) + " is " + std::to_string(size) +
                                             " bytes, above the limit max_metadata_bytes=" +
                                             std::to_string(limits.max_metadata_bytes));
  }
  return OkStatus();
}

}  // namespace tk
