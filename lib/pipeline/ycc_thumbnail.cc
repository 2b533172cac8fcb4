#include "pipeline/ycc_thumbnail.h"

#include <algorithm>
#include <utility>

#include "resample/box_shrink.h"
#include "resample/resample.h"

namespace tk {
namespace {

// Resamples `box` (in the plane's own coordinates) of `plane` to width x height. A plane the
// IDCT enlarged by `upscale` is first averaged back to its stored resolution when the output is
// that much smaller anyway: it costs little and spares the kernel most of its taps.
Status ResamplePlane(const Image& plane, CropBox box, uint32_t upscale, uint32_t width,
                     uint32_t height, const ThumbnailOptions& options, Image& out) {
  Image averaged;
  const double k = upscale;
  if (upscale > 1 && box.width >= k * width && box.height >= k * height) {
    TK_RETURN_IF_ERROR(BoxShrink(plane, 0, 0, plane.width(), plane.height(), upscale, upscale,
                                 /*alpha_weighted=*/false, averaged));
    box = CropBox{box.x / k, box.y / k, box.width / k, box.height / k};
    return ResamplePlane(averaged, box, 1, width, height, options, out);
  }
  box.width = std::min(box.width, plane.width() - box.x);
  box.height = std::min(box.height, plane.height() - box.y);
  TK_RETURN_IF_ERROR(Image::Allocate(width, height, 1, 1, out));
  ResizeOptions resize;
  resize.kernel = options.kernel;
  resize.premultiply_alpha = false;
  resize.reducing_gap = options.reducing_gap_tenths / 10.0;
  return Resize(plane, box, resize, out);
}

}  // namespace

Status ThumbnailInYcc(Bytes input, const Plan& plan, const ThumbnailOptions& options,
                      ByteBuffer& out) {
  DecodeOptions decode;
  decode.jpeg_scale_denom = plan.jpeg_scale_denom;
  decode.limits = options.limits;
  DecodedYcc decoded;
  TK_RETURN_IF_ERROR(DecodeJpegYcc(input, decode, decoded));

  // The plan's stored box in decoded-luma coordinates.
  const Image& luma = decoded.planes[0];
  const double fx = static_cast<double>(luma.width()) / plan.input.width;
  const double fy = static_cast<double>(luma.height()) / plan.input.height;
  const CropBox box{plan.stored_box.x * fx, plan.stored_box.y * fy, plan.stored_box.width * fx,
                    plan.stored_box.height * fy};

  const uint32_t width = plan.stored_content_width;
  const uint32_t height = plan.stored_content_height;
  // Output chroma: one sample per 2x2 luma (4:2:0) or per pixel (4:4:4), centred on them.
  const uint32_t step = options.encoder.jpeg_444 ? 1 : 2;
  Image planes[3];
  for (int c = 0; c < 3; ++c) {
    const uint32_t w = c == 0 ? width : (width + step - 1) / step;
    const uint32_t h = c == 0 ? height : (height + step - 1) / step;
    // w output samples span w * s output pixels (one more than the image when it is odd).
    const double span_x = c == 0 ? 1.0 : static_cast<double>(w) * step / width;
    const double span_y = c == 0 ? 1.0 : static_cast<double>(h) * step / height;
    const CropBox plane_box{box.x * decoded.scale_x[c], box.y * decoded.scale_y[c],
                            box.width * span_x * decoded.scale_x[c],
                            box.height * span_y * decoded.scale_y[c]};
    TK_RETURN_IF_ERROR(ResamplePlane(decoded.planes[c], plane_box, decoded.idct_upscale[c], w, h,
                                     options, planes[c]));
  }

  EncodeOptions encode = options.encoder;
  encode.format = TK_FORMAT_JPEG;
  if (options.keep_icc && !decoded.icc.empty()) encode.icc = &decoded.icc;
  if (options.keep_exif && !decoded.exif.empty()) encode.exif = &decoded.exif;
  ByteBuffer encoded;
  TK_RETURN_IF_ERROR(EncodeJpegYcc(planes, encode, encoded));
  out = std::move(encoded);
  return OkStatus();
}

}  // namespace tk
