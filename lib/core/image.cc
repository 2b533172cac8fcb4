#include "core/image.h"

#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "core/block_cache.h"

namespace tk {

void BlockDeleter::operator()(uint8_t* p) const noexcept {
  ReleaseBlock(p, capacity);
}

Status Image::Allocate(uint32_t width, uint32_t height, uint32_t channels,
                       uint32_t bytes_per_sample, Image& out) {
  if (width == 0 || height == 0 || channels < 1 || channels > 4 ||
      (bytes_per_sample != 1 && bytes_per_sample != 2)) {
    return Status(TK_ERR_INVALID_ARGUMENT, "invalid image shape " + std::to_string(width) + "x" +
                                               std::to_string(height) + "x" +
                                               std::to_string(channels));
  }
  const uint64_t stride = uint64_t{width} * channels * bytes_per_sample;  // < 2^35
  // stride * height can reach 2^67: divide before multiplying.
  if (stride > (std::numeric_limits<size_t>::max() / 2) / height) {
    return Status(TK_ERR_OUT_OF_MEMORY, "image of " + std::to_string(width) + "x" +
                                            std::to_string(height) + " does not fit in memory");
  }
  const uint64_t total = stride * height;
  size_t capacity = 0;
  auto* data = static_cast<uint8_t*>(AcquireBlock(static_cast<size_t>(total), capacity));
  if (data == nullptr) {
    return Status(TK_ERR_OUT_OF_MEMORY, "cannot allocate " + std::to_string(total) +
                                            " bytes for a " + std::to_string(width) + "x" +
                                            std::to_string(height) + " image");
  }
  Image img;
  img.owned_ = std::unique_ptr<uint8_t, BlockDeleter>(data, BlockDeleter{capacity});
  img.data_ = data;
  img.width_ = width;
  img.height_ = height;
  img.channels_ = channels;
  img.bytes_per_sample_ = bytes_per_sample;
  img.stride_ = static_cast<size_t>(stride);
  out = std::move(img);
  return OkStatus();
}

Image Image::View(uint8_t* data, uint32_t width, uint32_t height, uint32_t channels,
                  uint32_t bytes_per_sample, size_t stride) {
  Image img;
  img.data_ = data;
  img.width_ = width;
  img.height_ = height;
  img.channels_ = channels;
  img.bytes_per_sample_ = bytes_per_sample;
  img.stride_ = stride;
  return img;
}

uint8_t* Image::Release() {
  uint8_t* p = owned_.release();
  data_ = nullptr;
  return p;
}

ByteBuffer::ByteBuffer(ByteBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

ByteBuffer& ByteBuffer::operator=(ByteBuffer&& other) noexcept {
  if (this != &other) {
    std::free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

bool ByteBuffer::Append(const void* bytes, size_t n) {
  if (n == 0) return true;
  if (n > std::numeric_limits<size_t>::max() - size_) return false;
  if (size_ + n > capacity_) {
    size_t cap = capacity_ < 4096 ? 4096 : capacity_;
    while (cap < size_ + n)
      cap = cap > std::numeric_limits<size_t>::max() / 2 ? size_ + n : cap * 2;
    void* grown = std::realloc(data_, cap);
    if (grown == nullptr) return false;
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = cap;
  }
  std::memcpy(data_ + size_, bytes, n);
  size_ += n;
  return true;
}

void ByteBuffer::Adopt(uint8_t* data, size_t size) {
  std::free(data_);
  data_ = data;
  size_ = size;
  capacity_ = size;
}

uint8_t* ByteBuffer::Release() {
  size_ = capacity_ = 0;
  return std::exchange(data_, nullptr);
}

}  // namespace tk
