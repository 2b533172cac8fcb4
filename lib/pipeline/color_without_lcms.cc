// color.h for builds with THUMBKIT_WITH_LCMS=OFF: embedded profiles are ignored, so every RGB
// image is taken as sRGB and CMYK goes through the naive conversion.
#include "pipeline/cmyk_naive.h"
#include "pipeline/color.h"

namespace tk {

Status CmykToSrgb(const Image& cmyk, const std::vector<uint8_t>& /*icc*/, Image& rgb) {
  if (cmyk.channels() != 4 || cmyk.bytes_per_sample() != 1) {
    return Status(TK_ERR_INTERNAL, "CMYK conversion expects 8-bit 4-channel pixels");
  }
  Image out;
  TK_RETURN_IF_ERROR(Image::Allocate(cmyk.width(), cmyk.height(), 3, 1, out));
  for (uint32_t y = 0; y < cmyk.height(); ++y) NaiveCmykRow(cmyk.row(y), out.row(y), cmyk.width());
  rgb = std::move(out);
  return OkStatus();
}

Status RgbProfileToSrgb(Image& /*image*/, const std::vector<uint8_t>& /*icc*/, bool& converted) {
  converted = false;
  return OkStatus();
}

}  // namespace tk
