// Everything a thumbnail call can be asked to do; the capi's parameters are stored here.
#pragma once

#include <cstdint>

#include "codec/codec.h"
#include "core/limits.h"
#include "thumbkit/thumbkit.h"

namespace tk {

struct ThumbnailOptions {
  // Geometry.
  uint32_t width = 0;
  uint32_t height = 0;
  tk_fit fit = TK_FIT_COVER;
  tk_position position = TK_POSITION_CENTRE;
  bool without_enlargement = true;
  tk_kernel kernel = TK_KERNEL_LANCZOS3;
  uint32_t background = 0xFFFFFF00;  // 0xRRGGBBAA: white; transparent where alpha is kept
  bool auto_orient = true;
  tk_shrink_on_load shrink_on_load = TK_SHRINK_ON_LOAD_FAST;
  bool linear_light = false;
  uint32_t reducing_gap_tenths = 0;  // box pre-shrink gap x 10; 0 = off
  // JPEG → JPEG in YCbCr planes when the plan allows (see ycc_thumbnail.h); false forces RGB.
  bool ycbcr_planar = true;
  // Output: the format (TK_FORMAT_SAME = the input's) and the encoder's knobs.
  tk_format format = TK_FORMAT_SAME;
  EncodeOptions encoder;  // its format and metadata fields are set per call
  bool keep_icc = false;
  bool keep_exif = false;
  // Safety.
  Limits limits;
};

}  // namespace tk
