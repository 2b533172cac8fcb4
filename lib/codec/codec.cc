#include "codec/codec.h"

#include <cstring>

namespace tk {

tk_format SniffFormat(Bytes data) {
  static constexpr uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (data.size() >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
    return TK_FORMAT_JPEG;
  }
  if (data.size() >= 8 && std::memcmp(data.data(), kPng, 8) == 0) return TK_FORMAT_PNG;
  if (data.size() >= 12 && std::memcmp(data.data(), "RIFF", 4) == 0 &&
      std::memcmp(data.data() + 8, "WEBP", 4) == 0) {
    return TK_FORMAT_WEBP;
  }
  return TK_FORMAT_UNKNOWN;
}

static Status UnknownFormat(Bytes data) {
  if (data.empty()) return Status(TK_ERR_UNKNOWN_FORMAT, "input is empty");
  return Status(
      TK_ERR_UNKNOWN_FORMAT,
      "input is not a JPEG, PNG or WebP file (unrecognised signature in the first bytes)");
}

Status Probe(Bytes data, const Limits& limits, ImageInfo& info) {
  TK_RETURN_IF_ERROR(CheckInputBytes(limits, data.size()));
  switch (SniffFormat(data)) {
    case TK_FORMAT_JPEG:
      return ProbeJpeg(data, limits, info);
    case TK_FORMAT_PNG:
      return ProbePng(data, limits, info);
    case TK_FORMAT_WEBP:
      return ProbeWebp(data, limits, info);
    default:
      return UnknownFormat(data);
  }
}

Status Decode(Bytes data, const DecodeOptions& options, Decoded& out) {
  TK_RETURN_IF_ERROR(CheckInputBytes(options.limits, data.size()));
  switch (SniffFormat(data)) {
    case TK_FORMAT_JPEG:
      return DecodeJpeg(data, options, out);
    case TK_FORMAT_PNG:
      return DecodePng(data, options, out);
    case TK_FORMAT_WEBP:
      return DecodeWebp(data, options, out);
    default:
      return UnknownFormat(data);
  }
}

Status Encode(const Image& image, const EncodeOptions& options, ByteBuffer& out) {
  if (image.empty() || image.bytes_per_sample() != 1) {
    return Status(TK_ERR_INVALID_ARGUMENT, "encoders take non-empty 8-bit images");
  }
  switch (options.format) {
    case TK_FORMAT_JPEG:
      return EncodeJpeg(image, options, out);
    case TK_FORMAT_PNG:
      return EncodePng(image, options, out);
    case TK_FORMAT_WEBP:
      return EncodeWebp(image, options, out);
    default:
      return Status(TK_ERR_INVALID_ARGUMENT, "no encoder for the requested output format");
  }
}

}  // namespace tk
