// EXIF orientation: the 8 ways a camera may have stored an upright picture.
#pragma once

#include <cstdint>

#include "core/image.h"
#include "core/status.h"
#include "resample/resample.h"

namespace tk {

// Orientations 5..8 store the picture transposed: width and height swap.
inline bool SwapsAxes(uint32_t orientation) {
  return orientation >= 5 && orientation <= 8;
}

// Maps a rectangle of the upright picture to the stored pixels it comes from.
// `stored_width` x `stored_height` is the stored size.
CropBox UprightBoxToStored(const CropBox& upright, uint32_t orientation, double stored_width,
                           double stored_height);

// Returns the upright version of `stored` (a new image; a copy for orientation 1 is not made:
// callers skip this for 1).
Status ApplyOrientation(const Image& stored, uint32_t orientation, Image& upright);

}  // namespace tk
