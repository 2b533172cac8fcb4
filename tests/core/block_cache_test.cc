// Large image buffers are reused within a thread, bounded, and stay plain malloc memory.
#include "core/block_cache.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <thread>

#include "core/image.h"

namespace {

using tk::Image;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCacheEnabled = false;  // block_cache.cc: ASan must see every free
#else
constexpr bool kCacheEnabled = true;
#endif

// Where a w x h x c image's pixels were, after the image is freed.
const uint8_t* FreedImageAddress(uint32_t w, uint32_t h, uint32_t c) {
  Image image;
  EXPECT_TRUE(Image::Allocate(w, h, c, 1, image).ok());
  return image.data();
}

TEST(BlockCache, AFreedLargeImageIsReusedByTheNextOfItsSize) {
  if (!kCacheEnabled) GTEST_SKIP() << "the cache is off under AddressSanitizer";
  const uint8_t* first = FreedImageAddress(1024, 768, 3);
  Image b;
  ASSERT_TRUE(Image::Allocate(1024, 768, 3, 1, b).ok());
  EXPECT_EQ(b.data(), first);
  // A much smaller image does not take (and waste) a large block.
  first = FreedImageAddress(2048, 2048, 4);
  Image small;
  ASSERT_TRUE(Image::Allocate(300, 300, 3, 1, small).ok());
  EXPECT_NE(small.data(), first);
}

TEST(BlockCache, BlocksAreNotSharedAcrossThreads) {
  if (!kCacheEnabled) GTEST_SKIP() << "the cache is off under AddressSanitizer";
  const uint8_t* freed_here = FreedImageAddress(1000, 1000, 1);
  const uint8_t* other = nullptr;
  std::thread t([&] {
    Image b;
    ASSERT_TRUE(Image::Allocate(1000, 1000, 1, 1, b).ok());
    other = b.data();
  });
  t.join();
  EXPECT_NE(other, freed_here);
}

TEST(BlockCache, ReleasedPixelsAreOrdinaryMallocMemory) {
  Image a;
  ASSERT_TRUE(Image::Allocate(1024, 1024, 4, 1, a).ok());
  uint8_t* p = a.Release();
  ASSERT_NE(p, nullptr);
  p[0] = 1;
  std::free(p);  // what tk_free does with pixels handed to a caller
}

TEST(BlockCache, HoldsAtMostItsBound) {
  if (!kCacheEnabled) GTEST_SKIP() << "the cache is off under AddressSanitizer";
  const size_t before = tk::CachedBlockBytes();
  size_t capacity = 0;
  // Larger than everything the cache may hold: freed at once, never kept.
  void* huge = tk::AcquireBlock(size_t{65} << 20, capacity);
  ASSERT_NE(huge, nullptr);
  tk::ReleaseBlock(huge, capacity);
  EXPECT_EQ(tk::CachedBlockBytes(), before);
  // Ten 8 MiB blocks: eight stay (64 MiB), the oldest are freed.
  void* blocks[10];
  for (void*& b : blocks) {
    b = tk::AcquireBlock(size_t{8} << 20, capacity);
    ASSERT_NE(b, nullptr);
  }
  for (void* b : blocks) tk::ReleaseBlock(b, size_t{8} << 20);
  EXPECT_EQ(tk::CachedBlockBytes(), size_t{64} << 20);
  // Small blocks are left to malloc.
  void* small = tk::AcquireBlock(4096, capacity);
  tk::ReleaseBlock(small, capacity);
  EXPECT_EQ(tk::CachedBlockBytes(), size_t{64} << 20);
  // Taking them all back empties it.
  for (void*& b : blocks) b = tk::AcquireBlock(size_t{8} << 20, capacity);
  EXPECT_EQ(tk::CachedBlockBytes(), 0u);
  for (void* b : blocks) std::free(b);
}

}  // namespace
