// Alpha flattening and canvas padding (8-bit images).
#pragma once

#include <cstdint>

#include "core/image.h"
#include "core/status.h"

namespace tk {

// Blends an image with alpha onto the opaque colour of `background` (0xRRGGBBAA; its alpha is
// ignored) and drops the alpha channel.
Status FlattenAlpha(const Image& image, uint32_t background, Image& out);

// Places `content` at (x, y) on a canvas_width x canvas_height canvas of `background`. The canvas
// gets an alpha channel when `with_alpha` (and keeps the content's when it has one).
Status PadToCanvas(const Image& content, uint32_t canvas_width, uint32_t canvas_height, uint32_t x,
                   uint32_t y, uint32_t background, bool with_alpha, Image& out);

}  // namespace tk
