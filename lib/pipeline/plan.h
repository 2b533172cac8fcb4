// The plan of one thumbnail, computed from the probe before any pixel is touched: what to decode
// at which scale, which source rectangle becomes which output, and what happens to colour,
// alpha and metadata. Plain data, printable as JSON (`thumbkit info --plan`).
#pragma once

#include <cstdint>
#include <string>

#include "codec/codec.h"
#include "core/status.h"
#include "pipeline/geometry.h"
#include "pipeline/options.h"

namespace tk {

struct Plan {
  ImageInfo input;
  uint32_t orientation = 1;  // the orientation that will be applied (1 when not auto-orienting)
  uint32_t upright_width = 0;
  uint32_t upright_height = 0;
  Geometry geometry;  // in upright coordinates
  // The same source rectangle and content size in stored (pre-orientation) coordinates.
  CropBox stored_box;
  uint32_t stored_content_width = 0;
  uint32_t stored_content_height = 0;
  // Shrink-on-load.
  uint32_t jpeg_scale_denom = 1;
  uint32_t webp_decode_width = 0;  // 0 = full size
  uint32_t webp_decode_height = 0;
  // Colour, alpha, output.
  bool cmyk_to_srgb = false;
  bool icc_to_srgb = false;
  bool flatten_alpha = false;
  bool pad = false;
  bool pad_with_alpha = false;
  tk_format output_format = TK_FORMAT_JPEG;
  // JPEG → JPEG in YCbCr planes (ycc_thumbnail.h): nothing on the way needs RGB pixels.
  bool ycbcr_planar = false;

  std::string ToJson() const;
};

Status MakePlan(const ImageInfo& input, const ThumbnailOptions& options, Plan& plan);

}  // namespace tk
