#include "core/block_cache.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace tk {
namespace {

// Smaller blocks come from malloc's own free lists without page faults.
constexpr size_t kMinCachedBytes = 256 * 1024;
constexpr size_t kMaxCachedBytes = 64 * 1024 * 1024;
constexpr size_t kMaxCachedBlocks = 8;

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer must see every free to catch use after free.
constexpr bool kCacheEnabled = false;
#else
constexpr bool kCacheEnabled = true;
#endif

struct Block {
  void* data = nullptr;
  size_t capacity = 0;
};

class ThreadBlocks {
 public:
  ~ThreadBlocks() {
    for (size_t i = 0; i < count_; ++i) std::free(blocks_[i].data);
  }

  // The smallest cached block that holds `size` without wasting more than 3/4 of itself.
  Block Take(size_t size) {
    size_t best = count_;
    for (size_t i = 0; i < count_; ++i) {
      const size_t c = blocks_[i].capacity;
      if (c >= size && c / 4 <= size && (best == count_ || c < blocks_[best].capacity)) best = i;
    }
    if (best == count_) return {};
    const Block b = blocks_[best];
    bytes_ -= b.capacity;
    blocks_[best] = blocks_[--count_];
    return b;
  }

  size_t bytes() const { return bytes_; }

  // Keeps `b`, dropping the oldest blocks to stay within the bounds; false when `b` alone
  // exceeds them.
  bool Keep(Block b) {
    if (b.capacity > kMaxCachedBytes) return false;
    while (count_ > 0 && (count_ == kMaxCachedBlocks || bytes_ + b.capacity > kMaxCachedBytes)) {
      std::free(blocks_[0].data);
      bytes_ -= blocks_[0].capacity;
      std::move(blocks_.begin() + 1, blocks_.begin() + count_, blocks_.begin());
      --count_;
    }
    blocks_[count_++] = b;
    bytes_ += b.capacity;
    return true;
  }

 private:
  std::array<Block, kMaxCachedBlocks> blocks_{};
  size_t count_ = 0;
  size_t bytes_ = 0;
};

ThreadBlocks& Blocks() {
  thread_local ThreadBlocks blocks;
  return blocks;
}

}  // namespace

void* AcquireBlock(size_t size, size_t& capacity) {
  if (kCacheEnabled && size >= kMinCachedBytes) {
    const Block b = Blocks().Take(size);
    if (b.data != nullptr) {
      capacity = b.capacity;
      return b.data;
    }
  }
  capacity = size;
  return std::malloc(size);
}

size_t CachedBlockBytes() {
  return Blocks().bytes();
}

void ReleaseBlock(void* block, size_t capacity) noexcept {
  if (block == nullptr) return;
  if (kCacheEnabled && capacity >= kMinCachedBytes && Blocks().Keep({block, capacity})) return;
  std::free(block);
}

}  // namespace tk
