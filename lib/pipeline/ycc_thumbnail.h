// JPEG → JPEG without leaving YCbCr: decode the planes raw (no colour conversion, chroma not
// upsampled), resample each plane to its output size, encode the planes raw. It skips both colour
// conversions and chroma up- and down-sampling, and resamples 1.5 samples a pixel instead of 3.
// The plan chooses it (Plan::ycbcr_planar) when nothing on the way needs RGB pixels.
#pragma once

#include "codec/codec.h"
#include "core/image.h"
#include "core/status.h"
#include "pipeline/options.h"
#include "pipeline/plan.h"

namespace tk {

Status ThumbnailInYcc(Bytes input, const Plan& plan, const ThumbnailOptions& options,
                      ByteBuffer& out);

}  // namespace tk
