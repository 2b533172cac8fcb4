// The codec layer's contract: sniff, probe (headers only), decode, encode.
// Each format lives in its own folder (jpeg/, png/, webp/) and implements the functions below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/image.h"
#include "core/limits.h"
#include "core/status.h"
#include "thumbkit/thumbkit.h"

namespace tk {

using Bytes = std::span<const uint8_t>;

enum class ColorModel : uint8_t {
  kGray,  // 1 channel (+ alpha)
  kRgb,   // 3 channels (+ alpha)
  kCmyk,  // 4 channels of ink amounts, 0 = no ink (Adobe inversion already undone); no alpha
};

// What headers say, without decoding pixels.
struct ImageInfo {
  tk_format format = TK_FORMAT_UNKNOWN;
  uint32_t width = 0;  // as stored
  uint32_t height = 0;
  uint32_t orientation = 1;  // EXIF 1..8
  uint32_t channels = 0;     // of the decoded image (CMYK: 4)
  ColorModel color = ColorModel::kRgb;
  bool has_alpha = false;
  bool has_icc = false;
  bool has_exif = false;
  bool progressive = false;  // progressive JPEG, interlaced PNG
  uint32_t frames = 1;
  uint32_t bit_depth = 8;
  bool jpeg_ycbcr = false;  // a 3-component YCbCr JPEG: DecodeJpegYcc can read its planes
};

struct DecodeOptions {
  // JPEG: DCT scaling denominator, 1, 2, 4 or 8 (output = ceil(stored / denom)).
  uint32_t jpeg_scale_denom = 1;
  // WebP: scaled decode to exactly this size (0 = full size).
  uint32_t webp_width = 0;
  uint32_t webp_height = 0;
  Limits limits;
};

// Decoded pixels are 8-bit, straight alpha, in stored orientation.
struct Decoded {
  Image image;
  ColorModel color = ColorModel::kRgb;
  std::vector<uint8_t> icc;   // embedded ICC profile, empty when none
  std::vector<uint8_t> exif;  // EXIF payload starting at the TIFF header ("II*\0" / "MM\0*")
};

// A YCbCr JPEG's planes as stored: no colour conversion, chroma not upsampled. Plane c's sample
// grid is the luma grid scaled by (scale_x[c], scale_y[c]) (1 for luma, 1/2 for 4:2:0 chroma).
struct DecodedYcc {
  Image planes[3];   // Y, Cb, Cr: 1 channel, 8-bit; views into `storage`
  Image storage[3];  // the planes padded to whole DCT blocks, as libjpeg writes them
  double scale_x[3] = {1, 1, 1};
  double scale_y[3] = {1, 1, 1};
  // How much larger than luma's the plane's IDCT was: libjpeg scales chroma up that way where it
  // can (at 1/2 scale, 4:2:0 chroma comes out at luma's size). 1 for luma.
  uint32_t idct_upscale[3] = {1, 1, 1};
  std::vector<uint8_t> icc;
  std::vector<uint8_t> exif;
};

struct EncodeOptions {
  tk_format format = TK_FORMAT_JPEG;
  int quality = 80;
  bool jpeg_444 = false;
  bool jpeg_progressive = false;
  bool jpeg_optimize_coding = true;
  int png_level = 6;
  tk_png_filter png_filter = TK_PNG_FILTER_NONE;
  bool webp_lossless = false;
  int webp_effort = 4;
  int webp_alpha_quality = 100;
  const std::vector<uint8_t>* icc = nullptr;   // embed when non-null and non-empty
  const std::vector<uint8_t>* exif = nullptr;  // embed when non-null and non-empty
};

tk_format SniffFormat(Bytes data);

// Dispatch on the sniffed format; TK_ERR_UNKNOWN_FORMAT otherwise. Probe checks the limits.
Status Probe(Bytes data, const Limits& limits, ImageInfo& info);
Status Decode(Bytes data, const DecodeOptions& options, Decoded& out);
// `image` is 8-bit gray, gray+alpha, RGB or RGBA. JPEG drops alpha (flatten first).
Status Encode(const Image& image, const EncodeOptions& options, ByteBuffer& out);

// Per-format entry points (same contracts as above).
Status ProbeJpeg(Bytes data, const Limits& limits, ImageInfo& info);
Status DecodeJpeg(Bytes data, const DecodeOptions& options, Decoded& out);
Status EncodeJpeg(const Image& image, const EncodeOptions& options, ByteBuffer& out);
// The planar JPEG → JPEG path: planes in (any sampling), planes out. EncodeJpegYcc takes a W x H
// luma plane and chroma planes of ceil(W/2) x ceil(H/2) (4:2:0) or W x H (options.jpeg_444).
Status DecodeJpegYcc(Bytes data, const DecodeOptions& options, DecodedYcc& out);
Status EncodeJpegYcc(const Image (&planes)[3], const EncodeOptions& options, ByteBuffer& out);
Status ProbePng(Bytes data, const Limits& limits, ImageInfo& info);
Status DecodePng(Bytes data, const DecodeOptions& options, Decoded& out);
Status EncodePng(const Image& image, const EncodeOptions& options, ByteBuffer& out);
Status ProbeWebp(Bytes data, const Limits& limits, ImageInfo& info);
Status DecodeWebp(Bytes data, const DecodeOptions& options, Decoded& out);
Status EncodeWebp(const Image& image, const EncodeOptions& options, ByteBuffer& out);

}  // namespace tk
