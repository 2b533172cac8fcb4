// Integer box pre-shrink (as Pillow's reduce() and libvips' shrink) that runs before the exact
// kernel when a shrink factor is large: cheap, and bounds the kernel's taps and row buffers.
#pragma once

#include <cstdint>

#include "core/image.h"
#include "core/status.h"

namespace tk {

// Averages fx x fy blocks of the region [x0, x0 + width) x [y0, y0 + height) of src into `out`,
// allocated here as ceil(width / fx) x ceil(height / fy); blocks cut by the region's right or
// bottom edge average the pixels they cover. With `alpha_weighted` (2 or 4 channels) colour is
// weighted by alpha, so fully transparent pixels lend no colour (no dark fringes).
Status BoxShrink(const Image& src, uint32_t x0, uint32_t y0, uint32_t width, uint32_t height,
                 uint32_t fx, uint32_t fy, bool alpha_weighted, Image& out);

}  // namespace tk
