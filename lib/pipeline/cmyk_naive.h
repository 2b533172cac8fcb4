// The profile-less CMYK → RGB conversion (what sharp and browsers fall back to look similar).
#pragma once

#include <cstdint>

namespace tk {

// One row of CMYK ink amounts (0 = no ink) to RGB.
void NaiveCmykRow(const uint8_t* cmyk, uint8_t* rgb, uint32_t width);

}  // namespace tk
