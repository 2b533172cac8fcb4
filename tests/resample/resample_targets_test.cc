// Every compiled Highway target gives the same bytes as the portable baseline (EMU128 or
// SCALAR), and cached coefficient tables are safe to share across threads.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "hwy/targets.h"
#include "resample/resample.h"

namespace {

using tk::CropBox;
using tk::Image;
using tk::ResizeOptions;

struct Case {
  int src_w, src_h, channels, bytes, dst_w, dst_h;
  CropBox box;  // width 0: the whole image
  tk_kernel kernel;
  bool premultiply;
  bool linear;
};

// Each path (integer 8-bit, float premultiplied, 16-bit, linear light), both pass orders, and the
// edges: 1 pixel, odd sizes, tails shorter than a vector, wide windows, crops, enlargement.
const Case kCases[] = {
    {97, 61, 3, 1, 23, 17, {}, TK_KERNEL_LANCZOS3, true, false},
    {61, 97, 3, 1, 17, 23, {}, TK_KERNEL_LANCZOS3, true, false},
    {300, 7, 1, 1, 41, 5, {}, TK_KERNEL_MITCHELL, true, false},
    {45, 33, 4, 1, 13, 9, {}, TK_KERNEL_LANCZOS3, true, false},
    {45, 33, 4, 1, 13, 9, {}, TK_KERNEL_LANCZOS3, false, false},
    // Rows wide enough for the vectorised 8-bit float load/store (random alpha: many near 0).
    {150, 40, 4, 1, 67, 21, {}, TK_KERNEL_LANCZOS3, true, false},
    {150, 40, 2, 1, 67, 21, {}, TK_KERNEL_MITCHELL, true, false},
    {45, 33, 2, 1, 71, 50, {}, TK_KERNEL_CUBIC, true, false},
    {37, 29, 3, 2, 11, 19, {}, TK_KERNEL_LANCZOS2, true, false},
    {37, 29, 4, 2, 80, 3, {}, TK_KERNEL_LINEAR, true, false},
    {19, 23, 3, 1, 57, 69, {}, TK_KERNEL_LANCZOS3, true, false},
    {1, 1, 3, 1, 5, 3, {}, TK_KERNEL_LANCZOS3, true, false},
    {33, 27, 3, 1, 1, 1, {}, TK_KERNEL_LANCZOS3, true, false},
    {2000, 3, 3, 1, 7, 2, {}, TK_KERNEL_LANCZOS3, true, false},
    {3, 2000, 4, 1, 2, 7, {}, TK_KERNEL_BOX, true, false},
    {40, 30, 3, 1, 9, 13, {3.25, 2.5, 20.5, 17.75}, TK_KERNEL_LANCZOS3, true, false},
    {40, 30, 4, 1, 17, 11, {1.3, 0.7, 35.4, 24.2}, TK_KERNEL_NEAREST, true, false},
    // Integer horizontal pass over several outputs per vector: 1, 2, 3 and 8 chunks of 8 taps,
    // whole groups of 16 and 4 outputs, then single ones.
    {500, 9, 3, 1, 413, 5, {}, TK_KERNEL_LINEAR, false, false},
    {700, 4, 2, 1, 331, 3, {}, TK_KERNEL_CUBIC, false, false},
    {600, 6, 1, 1, 187, 4, {}, TK_KERNEL_LANCZOS3, false, false},
    {900, 5, 3, 1, 99, 3, {}, TK_KERNEL_LANCZOS3, false, false},
    {64, 48, 3, 1, 31, 23, {}, TK_KERNEL_LANCZOS3, true, true},
    {64, 48, 4, 2, 31, 23, {}, TK_KERNEL_MITCHELL, true, true},
};

Image MakeSource(const Case& c, uint32_t seed) {
  Image img;
  EXPECT_TRUE(Image::Allocate(c.src_w, c.src_h, c.channels, c.bytes, img).ok());
  std::mt19937 rng(seed);
  for (int y = 0; y < c.src_h; ++y) {
    for (int i = 0; i < c.src_w * c.channels * c.bytes; ++i) {
      img.row(y)[i] = static_cast<uint8_t>(rng());
    }
  }
  return img;
}

std::vector<uint8_t> ResizeBytes(const Image& src, const Case& c) {
  Image dst;
  EXPECT_TRUE(Image::Allocate(c.dst_w, c.dst_h, c.channels, c.bytes, dst).ok());
  ResizeOptions opt;
  opt.kernel = c.kernel;
  opt.premultiply_alpha = c.premultiply;
  opt.linear_light = c.linear;
  const CropBox box = c.box.width > 0 ? c.box : CropBox{0, 0, double(c.src_w), double(c.src_h)};
  const tk::Status s = tk::Resize(src, box, opt, dst);
  EXPECT_TRUE(s.ok()) << s.message();
  std::vector<uint8_t> bytes;
  for (int y = 0; y < c.dst_h; ++y) {
    bytes.insert(bytes.end(), dst.row(y), dst.row(y) + size_t(c.dst_w) * c.channels * c.bytes);
  }
  return bytes;
}

// Restores dynamic dispatch to the CPU's best target even when a test fails.
class TargetMock {
 public:
  explicit TargetMock(int64_t target) { hwy::SetSupportedTargetsForTest(target); }
  ~TargetMock() { hwy::SetSupportedTargetsForTest(0); }
};

TEST(ResampleTargets, EveryTargetMatchesTheBaselineByteForByte) {
  const std::vector<int64_t> targets = hwy::SupportedAndGeneratedTargets();
  ASSERT_FALSE(targets.empty());
  // Lower bits are better targets; the last one is the portable baseline.
  const int64_t baseline = targets.back();
  ASSERT_TRUE(baseline == HWY_EMU128 || baseline == HWY_SCALAR) << hwy::TargetName(baseline);
  std::vector<std::vector<uint8_t>> expected;
  {
    TargetMock mock(baseline);
    uint32_t seed = 1;
    for (const Case& c : kCases) expected.push_back(ResizeBytes(MakeSource(c, seed++), c));
  }
  for (int64_t target : targets) {
    SCOPED_TRACE(hwy::TargetName(target));
    TargetMock mock(target);
    uint32_t seed = 1;
    for (size_t i = 0; i < std::size(kCases); ++i) {
      const Case& c = kCases[i];
      SCOPED_TRACE(testing::Message() << "case " << i << ": " << c.src_w << "x" << c.src_h << "x"
                                      << c.channels << " -> " << c.dst_w << "x" << c.dst_h);
      EXPECT_EQ(ResizeBytes(MakeSource(c, seed++), c), expected[i]);
    }
  }
}

// More distinct geometries than the cache holds, from several threads at once: every result
// matches a single-threaded run (tables are shared read-only and evicted while in use).
TEST(ResampleTargets, CachedTablesAreSafeAcrossThreads) {
  std::vector<Case> cases;
  for (int i = 0; i < 48; ++i) {
    cases.push_back(
        {50 + i, 40 + i % 7, 3, 1, 9 + i % 5, 7 + i % 3, {}, TK_KERNEL_LANCZOS3, true, false});
  }
  std::vector<Image> sources;
  std::vector<std::vector<uint8_t>> expected;
  for (size_t i = 0; i < cases.size(); ++i) {
    sources.push_back(MakeSource(cases[i], static_cast<uint32_t>(i)));
    expected.push_back(ResizeBytes(sources[i], cases[i]));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (size_t k = 0; k < cases.size(); ++k) {
          const size_t i = (k * 7 + static_cast<size_t>(t) * 13) % cases.size();
          if (ResizeBytes(sources[i], cases[i]) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
