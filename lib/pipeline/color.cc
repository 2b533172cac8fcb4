#include "pipeline/color.h"

#include <lcms2.h>

#include <memory>

namespace tk {
namespace {

struct ProfileCloser {
  void operator()(void* p) const { cmsCloseProfile(p); }
};
struct TransformDeleter {
  void operator()(void* t) const { cmsDeleteTransform(t); }
};
using Profile = std::unique_ptr<void, ProfileCloser>;
using Transform = std::unique_ptr<void, TransformDeleter>;

Profile OpenProfile(const std::vector<uint8_t>& icc) {
  if (icc.empty()) return nullptr;
  return Profile(cmsOpenProfileFromMem(icc.data(), static_cast<cmsUInt32Number>(icc.size())));
}

void NaiveCmykRow(const uint8_t* cmyk, uint8_t* rgb, uint32_t width) {
  for (uint32_t x = 0; x < width; ++x, cmyk += 4, rgb += 3) {
    const uint32_t white = 255 - cmyk[3];
    for (int c = 0; c < 3; ++c) rgb[c] = static_cast<uint8_t>((255 - cmyk[c]) * white / 255);
  }
}

}  // namespace

Status CmykToSrgb(const Image& cmyk, const std::vector<uint8_t>& icc, Image& rgb) {
  if (cmyk.channels() != 4 || cmyk.bytes_per_sample() != 1) {
    return Status(TK_ERR_INTERNAL, "CMYK conversion expects 8-bit 4-channel pixels");
  }
  Image out;
  TK_RETURN_IF_ERROR(Image::Allocate(cmyk.width(), cmyk.height(), 3, 1, out));
  Profile source = OpenProfile(icc);
  Transform transform;
  if (source && cmsGetColorSpace(source.get()) == cmsSigCmykData) {
    Profile srgb(cmsCreate_sRGBProfile());
    if (srgb) {
      transform.reset(cmsCreateTransform(source.get(), TYPE_CMYK_8, srgb.get(), TYPE_RGB_8,
                                         INTENT_PERCEPTUAL, 0));
    }
  }
  for (uint32_t y = 0; y < cmyk.height(); ++y) {
    if (transform) {
      cmsDoTransform(transform.get(), cmyk.row(y), out.row(y), cmyk.width());
    } else {
      NaiveCmykRow(cmyk.row(y), out.row(y), cmyk.width());
    }
  }
  rgb = std::move(out);
  return OkStatus();
}

Status RgbProfileToSrgb(Image& image, const std::vector<uint8_t>& icc, bool& converted) {
  converted = false;
  if (image.bytes_per_sample() != 1 || image.channels() < 3) return OkStatus();
  Profile source = OpenProfile(icc);
  if (!source || cmsGetColorSpace(source.get()) != cmsSigRgbData) return OkStatus();
  Profile srgb(cmsCreate_sRGBProfile());
  if (!srgb) return Status(TK_ERR_OUT_OF_MEMORY, "cannot create the sRGB profile");
  const bool alpha = image.channels() == 4;
  const cmsUInt32Number format = alpha ? TYPE_RGBA_8 : TYPE_RGB_8;
  Transform transform(cmsCreateTransform(source.get(), format, srgb.get(), format,
                                         INTENT_PERCEPTUAL, alpha ? cmsFLAGS_COPY_ALPHA : 0));
  if (!transform) return OkStatus();  // an unusable profile: keep the pixels as they are
  for (uint32_t y = 0; y < image.height(); ++y) {
    cmsDoTransform(transform.get(), image.row(y), image.row(y), image.width());
  }
  converted = true;
  return OkStatus();
}

}  // namespace tk
