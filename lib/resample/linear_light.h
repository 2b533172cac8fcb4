// sRGB transfer function for resampling in linear light, on samples scaled to the sample range
// (0..255 or 0..65535 both encoded and linear) so the passes need not care.
#pragma once

#include <cstdint>

namespace tk {

// Table of 256 (bytes_per_sample 1) or 65536 (2) linear values, indexed by encoded sample.
// Built once, thread-safe.
const float* SrgbToLinearTable(uint32_t bytes_per_sample);

// The encoded sample nearest to linear value v in [0, max] (max = 255 or 65535).
uint32_t LinearToSrgb(float v, uint32_t bytes_per_sample);

}  // namespace tk
