// Colour management (lcms2; see color_without_lcms.cc): everything leaves the pipeline as sRGB.
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/status.h"

namespace tk {

// CMYK ink amounts (0 = no ink) → sRGB through `icc` when it is a usable CMYK profile, else a
// built-in naive conversion (what sharp and browsers fall back to look similar).
Status CmykToSrgb(const Image& cmyk, const std::vector<uint8_t>& icc, Image& rgb);

// Converts 3- or 4-channel (alpha kept) pixels from the RGB profile `icc` to sRGB in place.
// Grey images, non-RGB and unreadable profiles are left as they are (treated as sRGB, as libvips
// does for broken profiles). Returns whether a conversion happened through `converted`.
Status RgbProfileToSrgb(Image& image, const std::vector<uint8_t>& icc, bool& converted);

}  // namespace tk
