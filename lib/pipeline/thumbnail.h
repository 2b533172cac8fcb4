// Executes a plan: decode → colour → resample → orient → pad/flatten → encode.
#pragma once

#include <cstdint>

#include "codec/codec.h"
#include "core/image.h"
#include "core/status.h"
#include "pipeline/options.h"

namespace tk {

struct OutputInfo {
  tk_format format = TK_FORMAT_UNKNOWN;
  uint32_t width = 0;
  uint32_t height = 0;
};

Status MakeThumbnail(Bytes input, const ThumbnailOptions& options, ByteBuffer& out,
                     OutputInfo& info);

// Full-size decode for callers that want pixels: oriented and in sRGB per the options.
Status DecodeForDisplay(Bytes input, const ThumbnailOptions& options, Image& out);

}  // namespace tk
