#include "pipeline/cmyk_naive.h"

namespace tk {

void NaiveCmykRow(const uint8_t* cmyk, uint8_t* rgb, uint32_t width) {
  for (uint32_t x = 0; x < width; ++x, cmyk += 4, rgb += 3) {
    const uint32_t white = 255 - cmyk[3];
    for (int c = 0; c < 3; ++c) rgb[c] = static_cast<uint8_t>((255 - cmyk[c]) * white / 255);
  }
}

}  // namespace tk
