#include "codec/png/png_deflate_encode.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

namespace tk {
namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr size_t kIdatChunkBytes = size_t{1} << 20;
constexpr size_t kMaxChunkPayload = 0x7fffffff;

struct CompressorDeleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
using Compressor = std::unique_ptr<libdeflate_compressor, CompressorDeleter>;
using Buffer = std::unique_ptr<uint8_t, FreeDeleter>;

void PutBigEndian32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

// length, type, payload, CRC-32 of type and payload.
bool AppendChunk(ByteBuffer& out, const char (&type)[5], const uint8_t* data, size_t size) {
  uint8_t header[8];
  PutBigEndian32(header, static_cast<uint32_t>(size));
  std::memcpy(header + 4, type, 4);
  uint32_t crc = libdeflate_crc32(0, header + 4, 4);
  if (size > 0) crc = libdeflate_crc32(crc, data, size);
  uint8_t trailer[4];
  PutBigEndian32(trailer, crc);
  return out.Append(header, sizeof header) && (size == 0 || out.Append(data, size)) &&
         out.Append(trailer, sizeof trailer);
}

uint8_t ColorType(uint32_t channels) {
  constexpr uint8_t kTypes[5] = {0, 0 /*grey*/, 4 /*grey+alpha*/, 2 /*RGB*/, 6 /*RGBA*/};
  return kTypes[channels];
}

Status OutOfMemory() {
  return Status(TK_ERR_OUT_OF_MEMORY, "out of memory encoding PNG");
}

}  // namespace

Status EncodePngWithLibdeflate(const Image& image, int level, const std::vector<uint8_t>* exif,
                               ByteBuffer& out) {
  // The scanlines as PNG stores them: a filter-type byte (0, None) before each row.
  const size_t row_bytes = size_t{image.width()} * image.channels();
  if (row_bytes + 1 > SIZE_MAX / image.height()) return OutOfMemory();
  const size_t raw_size = (row_bytes + 1) * image.height();
  Buffer raw(static_cast<uint8_t*>(std::malloc(raw_size)));
  if (!raw) return OutOfMemory();
  for (uint32_t y = 0; y < image.height(); ++y) {
    uint8_t* line = raw.get() + y * (row_bytes + 1);
    line[0] = 0;
    std::memcpy(line + 1, image.row(y), row_bytes);
  }

  Compressor compressor(libdeflate_alloc_compressor(std::clamp(level, 0, 9)));
  if (!compressor) return OutOfMemory();
  const size_t bound = libdeflate_zlib_compress_bound(compressor.get(), raw_size);
  Buffer deflated(static_cast<uint8_t*>(std::malloc(bound)));
  if (!deflated) return OutOfMemory();
  const size_t deflated_size =
      libdeflate_zlib_compress(compressor.get(), raw.get(), raw_size, deflated.get(), bound);
  if (deflated_size == 0) return Status(TK_ERR_ENCODE, "libdeflate could not compress the rows");
  raw.reset();

  uint8_t ihdr[13];
  PutBigEndian32(ihdr, image.width());
  PutBigEndian32(ihdr + 4, image.height());
  ihdr[8] = 8;  // bit depth
  ihdr[9] = ColorType(image.channels());
  ihdr[10] = ihdr[11] = ihdr[12] = 0;  // deflate, adaptive filtering method, not interlaced

  ByteBuffer png;
  bool ok = png.Append(kSignature, sizeof kSignature) && AppendChunk(png, "IHDR", ihdr, 13);
  if (ok && exif != nullptr && !exif->empty() && exif->size() <= kMaxChunkPayload) {
    ok = AppendChunk(png, "eXIf", exif->data(), exif->size());
  }
  for (size_t at = 0; ok && at < deflated_size; at += kIdatChunkBytes) {
    ok = AppendChunk(png, "IDAT", deflated.get() + at,
                     std::min(kIdatChunkBytes, deflated_size - at));
  }
  ok = ok && AppendChunk(png, "IEND", nullptr, 0);
  if (!ok) return OutOfMemory();
  out = std::move(png);
  return OkStatus();
}

}  // namespace tk
