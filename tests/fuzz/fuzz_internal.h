// Per-format decode straight into the codec layer (tk::DecodeJpeg/Png/Webp), with the decode
// options the pipeline could pass (JPEG DCT scaling, WebP scaled decode) drawn from the last byte.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "codec/codec.h"
#include "fuzz/fuzz_common.h"

namespace tk_fuzz {

using ProbeFn = tk::Status (*)(tk::Bytes, const tk::Limits&, tk::ImageInfo&);
using DecodeFn = tk::Status (*)(tk::Bytes, const tk::DecodeOptions&, tk::Decoded&);

[[noreturn]] inline void FailStatus(const char* what, const tk::Status& status) {
  std::fprintf(stderr, "codec contract violated: %s (status %s: %s)\n", what,
               tk_status_name(status.code()), status.message().c_str());
  std::abort();
}

inline void CheckCodecStatus(const tk::Status& status) {
  if (status.code() < TK_OK || status.code() >= TK_ERR_INTERNAL) {
    FailStatus("internal or unknown status", status);
  }
  if (!status.ok() && status.message().empty()) FailStatus("failure without a message", status);
}

inline void FuzzCodec(ProbeFn probe, DecodeFn decode, const uint8_t* data, size_t size) {
  const tk::Bytes bytes(data, size);
  tk::DecodeOptions options;
  options.limits.max_input_pixels = kFuzzMaxPixels;
  const uint8_t knob = size > 0 ? data[size - 1] : 0;
  options.limits.allow_corrupt = knob & 1;
  options.jpeg_scale_denom = 1u << ((knob >> 1) & 3);
  static constexpr uint32_t kScaled[4] = {0, 1, 17, 120};
  options.webp_width = kScaled[(knob >> 3) & 3];
  options.webp_height = kScaled[(knob >> 5) & 3];

  tk::ImageInfo info;
  const tk::Status probed = probe(bytes, options.limits, info);
  CheckCodecStatus(probed);
  tk::Decoded decoded;
  const tk::Status status = decode(bytes, options, decoded);
  CheckCodecStatus(status);
  if (!status.ok()) return;
  const tk::Image& image = decoded.image;
  if (image.empty() || image.width() == 0 || image.height() == 0) {
    FailStatus("success without pixels", status);
  }
  if (!probed.ok()) FailStatus("decode succeeded where probe failed", probed);
  Touch(image.data(), image.stride() * image.height());
  Touch(decoded.icc.data(), decoded.icc.size());
  Touch(decoded.exif.data(), decoded.exif.size());
}

inline void FuzzJpeg(const uint8_t* d, size_t n) {
  FuzzCodec(tk::ProbeJpeg, tk::DecodeJpeg, d, n);
}
inline void FuzzPng(const uint8_t* d, size_t n) {
  FuzzCodec(tk::ProbePng, tk::DecodePng, d, n);
}
inline void FuzzWebp(const uint8_t* d, size_t n) {
  FuzzCodec(tk::ProbeWebp, tk::DecodeWebp, d, n);
}

}  // namespace tk_fuzz
