// Fit/position arithmetic: from the (oriented) source size and the requested box to the exact
// output size and the source rectangle that fills it. Pure functions, no pixels.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "pipeline/options.h"
#include "resample/resample.h"

namespace tk {

struct Geometry {
  CropBox source_box;          // region of the source that becomes the content
  uint32_t content_width = 0;  // resampled size of that region
  uint32_t content_height = 0;
  uint32_t canvas_width = 0;  // final size; larger than the content only for contain
  uint32_t canvas_height = 0;
  uint32_t content_x = 0;  // where the content sits on the canvas
  uint32_t content_y = 0;
};

// `source_width` x `source_height` is the upright size (after EXIF orientation).
Status ComputeGeometry(uint32_t source_width, uint32_t source_height,
                       const ThumbnailOptions& options, Geometry& out);

}  // namespace tk
