#include "pipeline/thumbnail.h"

#include <cmath>
#include <utility>
#include <vector>

#include "codec/exif.h"
#include "pipeline/color.h"
#include "pipeline/compose.h"
#include "pipeline/orient.h"
#include "pipeline/plan.h"
#include "pipeline/ycc_thumbnail.h"
#include "resample/resample.h"

namespace tk {
namespace {

// CMYK must become RGB before resampling: the resampler would treat K as alpha.
Status ToRgbModel(Decoded& decoded) {
  if (decoded.color != ColorModel::kCmyk) return OkStatus();
  Image rgb;
  TK_RETURN_IF_ERROR(CmykToSrgb(decoded.image, decoded.icc, rgb));
  decoded.image = std::move(rgb);
  decoded.color = ColorModel::kRgb;
  decoded.icc.clear();  // the CMYK profile no longer describes the pixels
  return OkStatus();
}

bool IsWholeImage(const CropBox& box, const Image& image) {
  return box.x == 0 && box.y == 0 && box.width == image.width() && box.height == image.height();
}

// Resamples the plan's stored box (scaled to what the decoder actually produced) to the
// content size, in stored orientation.
Status ResampleContent(const Plan& plan, const ThumbnailOptions& options, Image& image) {
  const double fx = static_cast<double>(image.width()) / plan.input.width;
  const double fy = static_cast<double>(image.height()) / plan.input.height;
  CropBox box{plan.stored_box.x * fx, plan.stored_box.y * fy, plan.stored_box.width * fx,
              plan.stored_box.height * fy};
  // Keep rounding noise of the scaling from reaching past the decoded edges.
  box.width = std::min(box.width, image.width() - box.x);
  box.height = std::min(box.height, image.height() - box.y);
  if (plan.stored_content_width == image.width() && plan.stored_content_height == image.height() &&
      IsWholeImage(box, image)) {
    return OkStatus();
  }
  Image resized;
  TK_RETURN_IF_ERROR(Image::Allocate(plan.stored_content_width, plan.stored_content_height,
                                     image.channels(), image.bytes_per_sample(), resized));
  ResizeOptions resize;
  resize.kernel = options.kernel;
  resize.linear_light = options.linear_light;
  resize.reducing_gap = options.reducing_gap_tenths / 10.0;
  TK_RETURN_IF_ERROR(Resize(image, box, resize, resized));
  image = std::move(resized);
  return OkStatus();
}

Status Orient(uint32_t orientation, Image& image) {
  if (orientation == 1) return OkStatus();
  Image upright;
  TK_RETURN_IF_ERROR(ApplyOrientation(image, orientation, upright));
  image = std::move(upright);
  return OkStatus();
}

Status ConvertProfile(const ThumbnailOptions& options, Decoded& decoded) {
  if (options.keep_icc || decoded.icc.empty()) return OkStatus();
  bool converted = false;
  TK_RETURN_IF_ERROR(RgbProfileToSrgb(decoded.image, decoded.icc, converted));
  if (converted) decoded.icc.clear();
  return OkStatus();
}

}  // namespace

Status MakeThumbnail(Bytes input, const ThumbnailOptions& options, ByteBuffer& out,
                     OutputInfo& info) {
  ImageInfo probed;
  TK_RETURN_IF_ERROR(Probe(input, options.limits, probed));
  Plan plan;
  TK_RETURN_IF_ERROR(MakePlan(probed, options, plan));
  if (plan.ycbcr_planar) {
    TK_RETURN_IF_ERROR(ThumbnailInYcc(input, plan, options, out));
    info = OutputInfo{TK_FORMAT_JPEG, plan.stored_content_width, plan.stored_content_height};
    return OkStatus();
  }

  DecodeOptions decode;
  decode.jpeg_scale_denom = plan.jpeg_scale_denom;
  decode.webp_width = plan.webp_decode_width;
  decode.webp_height = plan.webp_decode_height;
  decode.limits = options.limits;
  Decoded decoded;
  TK_RETURN_IF_ERROR(Decode(input, decode, decoded));
  TK_RETURN_IF_ERROR(ToRgbModel(decoded));
  TK_RETURN_IF_ERROR(ResampleContent(plan, options, decoded.image));
  TK_RETURN_IF_ERROR(Orient(plan.orientation, decoded.image));
  TK_RETURN_IF_ERROR(ConvertProfile(options, decoded));

  Image& image = decoded.image;
  if (plan.pad) {
    Image canvas;
    TK_RETURN_IF_ERROR(PadToCanvas(image, plan.geometry.canvas_width, plan.geometry.canvas_height,
                                   plan.geometry.content_x, plan.geometry.content_y,
                                   options.background, plan.pad_with_alpha, canvas));
    image = std::move(canvas);
  }
  if (plan.flatten_alpha && image.has_alpha()) {
    Image flat;
    TK_RETURN_IF_ERROR(FlattenAlpha(image, options.background, flat));
    image = std::move(flat);
  }

  EncodeOptions encode = options.encoder;
  encode.format = plan.output_format;
  if (options.keep_icc && !decoded.icc.empty()) encode.icc = &decoded.icc;
  if (options.keep_exif && !decoded.exif.empty()) {
    if (plan.orientation != 1) SetExifOrientation(decoded.exif, 1);  // pixels are upright now
    encode.exif = &decoded.exif;
  }
  ByteBuffer encoded;
  TK_RETURN_IF_ERROR(Encode(image, encode, encoded));
  out = std::move(encoded);
  info = OutputInfo{plan.output_format, image.width(), image.height()};
  return OkStatus();
}

Status DecodeForDisplay(Bytes input, const ThumbnailOptions& options, Image& out) {
  ImageInfo probed;
  TK_RETURN_IF_ERROR(Probe(input, options.limits, probed));
  DecodeOptions decode;
  decode.limits = options.limits;
  Decoded decoded;
  TK_RETURN_IF_ERROR(Decode(input, decode, decoded));
  TK_RETURN_IF_ERROR(ToRgbModel(decoded));
  TK_RETURN_IF_ERROR(Orient(options.auto_orient ? probed.orientation : 1, decoded.image));
  TK_RETURN_IF_ERROR(ConvertProfile(options, decoded));
  out = std::move(decoded.image);
  return OkStatus();
}

}  // namespace tk
