// A pixel buffer: interleaved samples, 1-4 channels of 8 or 16 bits, rows `stride` bytes apart.
// Memory comes from malloc (through a per-thread cache of large blocks, block_cache.h) so the
// capi can hand it to callers who release it with tk_free().
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "core/status.h"

namespace tk {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// Returns a pixel buffer to this thread's block cache (see block_cache.h).
struct BlockDeleter {
  size_t capacity = 0;
  void operator()(uint8_t* p) const noexcept;
};

class Image {
 public:
  Image() = default;

  // Allocates width x height x channels x bytes_per_sample, checking for overflow and failure.
  static Status Allocate(uint32_t width, uint32_t height, uint32_t channels,
                         uint32_t bytes_per_sample, Image& out);
  // Wraps caller memory without owning it.
  static Image View(uint8_t* data, uint32_t width, uint32_t height, uint32_t channels,
                    uint32_t bytes_per_sample, size_t stride);

  uint32_t width() const { return width_; }
  uint32_t height() const { return height_; }
  uint32_t channels() const { return channels_; }
  uint32_t bytes_per_sample() const { return bytes_per_sample_; }
  size_t stride() const { return stride_; }
  size_t pixel_bytes() const { return size_t{channels_} * bytes_per_sample_; }
  bool has_alpha() const { return channels_ == 2 || channels_ == 4; }
  bool empty() const { return data_ == nullptr; }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  uint8_t* row(uint32_t y) { return data_ + y * stride_; }
  const uint8_t* row(uint32_t y) const { return data_ + y * stride_; }

  // Hands the malloc'd memory to the caller (who frees it with free/tk_free). Null for views.
  uint8_t* Release();

 private:
  std::unique_ptr<uint8_t, BlockDeleter> owned_;
  uint8_t* data_ = nullptr;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  uint32_t channels_ = 0;
  uint32_t bytes_per_sample_ = 1;
  size_t stride_ = 0;
};

// A growable malloc'd byte buffer, so encoded output can be handed out without a copy.
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(ByteBuffer&& other) noexcept;
  ByteBuffer& operator=(ByteBuffer&& other) noexcept;
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;
  ~ByteBuffer() { std::free(data_); }

  // False when out of memory (the contents are then unchanged).
  [[nodiscard]] bool Append(const void* bytes, size_t n);
  // Takes ownership of a malloc'd block (libjpeg's and libwebp's outputs are such blocks).
  void Adopt(uint8_t* data, size_t size);
  uint8_t* Release();

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace tk
