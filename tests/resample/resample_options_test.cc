// Linear light and the box pre-shrink (reducing_gap).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "codec/codec.h"
#include "resample/box_shrink.h"
#include "resample/resample.h"
#include "test_util.h"

namespace {

using tk::CropBox;
using tk::Image;
using tk::ResizeOptions;

CropBox WholeImage(const Image& img) {
  return {0, 0, double(img.width()), double(img.height())};
}

Image ResizeOrDie(const Image& src, const CropBox& box, int w, int h, const ResizeOptions& opt) {
  Image dst;
  EXPECT_TRUE(Image::Allocate(w, h, src.channels(), src.bytes_per_sample(), dst).ok());
  const tk::Status s = tk::Resize(src, box, opt, dst);
  EXPECT_TRUE(s.ok()) << s.message();
  return dst;
}

// Mean and standard deviation of an 8-bit image's samples, optionally decoded to linear light
// first (then the mean is re-encoded: the grey a viewer sees).
struct Stats {
  double mean = 0;
  double deviation = 0;
};

double ToLinear(double e) {
  e /= 255;
  return e <= 0.04045 ? e / 12.92 : std::pow((e + 0.055) / 1.055, 2.4);
}

double ToSrgb(double l) {
  return 255 * (l <= 0.0031308 ? l * 12.92 : 1.055 * std::pow(l, 1 / 2.4) - 0.055);
}

Stats Measure(const Image& img, bool linear = false) {
  double sum = 0, sq = 0;
  for (uint32_t y = 0; y < img.height(); ++y) {
    for (uint32_t i = 0; i < img.width() * img.channels(); ++i) {
      const double v = linear ? ToLinear(img.row(y)[i]) : img.row(y)[i];
      sum += v;
      sq += v * v;
    }
  }
  const double n = double(img.width()) * img.height() * img.channels();
  Stats s;
  s.mean = sum / n;
  s.deviation = std::sqrt(std::max(0.0, sq / n - s.mean * s.mean));
  if (linear) s.mean = ToSrgb(s.mean);
  return s;
}

Image Smooth(int w, int h, int channels) {
  Image img;
  EXPECT_TRUE(Image::Allocate(w, h, channels, 1, img).ok());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < channels; ++c) {
        const double v = 127.5 + 100 * std::sin(x * 0.013 * (c + 1)) * std::cos(y * 0.011);
        img.row(y)[x * channels + c] = static_cast<uint8_t>(std::lround(v));
      }
    }
  }
  return img;
}

// Eric Brasseur's test image: fine patterns whose sRGB numbers average to a uniform 127 grey,
// while the light they emit averages to a brighter grey with a picture in it. Halving in linear
// light keeps the source's mean light; averaging sRGB numbers darkens it and loses the picture.
TEST(ResampleLinearLight, GammaDalaiLamaHalvesToGrey) {
  const std::vector<uint8_t> bytes = tk_test::ReadFixture("color/gamma_dalai_lama_gray.jpg");
  ASSERT_FALSE(bytes.empty());
  tk::Decoded decoded;
  ASSERT_TRUE(tk::Decode(bytes, tk::DecodeOptions(), decoded).ok());
  const Image& src = decoded.image;
  ResizeOptions opt;
  opt.linear_light = true;
  const Image linear = ResizeOrDie(src, WholeImage(src), src.width() / 2, src.height() / 2, opt);
  opt.linear_light = false;
  const Image gamma = ResizeOrDie(src, WholeImage(src), src.width() / 2, src.height() / 2, opt);
  // The grey the source shows (its mean light, encoded), which linear-light halving keeps
  // everywhere; averaging sRGB numbers instead shows the darker hidden picture.
  const Stats source = Measure(src, /*linear=*/true);
  const Stats in_linear = Measure(linear);
  const Stats in_gamma = Measure(gamma);
  EXPECT_NEAR(in_linear.mean, source.mean, 3);
  EXPECT_LT(in_gamma.mean, source.mean - 10);
  EXPECT_NEAR(in_gamma.mean, 127, 3);
  EXPECT_GT(in_linear.deviation, 3 * in_gamma.deviation);
}

TEST(ResampleLinearLight, FlatStaysFlatAndAlphaIsUntouched) {
  for (int bytes : {1, 2}) {
    Image src;
    ASSERT_TRUE(Image::Allocate(30, 20, 4, bytes, src).ok());
    const uint16_t px8[4] = {200, 17, 255, 131};
    const uint16_t px16[4] = {51234, 7, 65535, 40001};
    for (int y = 0; y < 20; ++y) {
      for (int x = 0; x < 30; ++x) {
        for (int c = 0; c < 4; ++c) {
          if (bytes == 1) {
            src.row(y)[x * 4 + c] = static_cast<uint8_t>(px8[c]);
          } else {
            std::memcpy(src.row(y) + 2 * (x * 4 + c), &px16[c], 2);
          }
        }
      }
    }
    ResizeOptions opt;
    opt.linear_light = true;
    const Image dst = ResizeOrDie(src, WholeImage(src), 7, 9, opt);
    for (int y = 0; y < 9; ++y) {
      for (int x = 0; x < 7; ++x) {
        for (int c = 0; c < 4; ++c) {
          uint16_t v = dst.row(y)[x * 4 + c];
          if (bytes == 2) std::memcpy(&v, dst.row(y) + 2 * (x * 4 + c), 2);
          ASSERT_EQ(v, bytes == 1 ? px8[c] : px16[c]) << bytes << "-byte " << x << "," << y;
        }
      }
    }
  }
}

TEST(ResamplePreShrink, CloseToExactAndFlatStaysFlat) {
  const Image src = Smooth(1000, 800, 3);
  ResizeOptions exact;
  ResizeOptions fast;
  fast.reducing_gap = 3.0;
  const Image a = ResizeOrDie(src, WholeImage(src), 50, 40, exact);
  const Image b = ResizeOrDie(src, WholeImage(src), 50, 40, fast);
  double sq = 0;
  for (int y = 0; y < 40; ++y) {
    for (int i = 0; i < 150; ++i) sq += std::pow(a.row(y)[i] - b.row(y)[i], 2);
  }
  const double psnr = 10 * std::log10(255.0 * 255.0 / (sq / (40 * 150) + 1e-12));
  EXPECT_GT(psnr, 40) << "a gap of 3 should be hard to tell from exact";

  Image flat;
  ASSERT_TRUE(Image::Allocate(997, 13, 4, 1, flat).ok());
  for (int y = 0; y < 13; ++y) {
    for (int x = 0; x < 997; ++x) std::memcpy(flat.row(y) + 4 * x, "\xC8\x11\xFF\x83", 4);
  }
  const Image small = ResizeOrDie(flat, WholeImage(flat), 10, 3, fast);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 10; ++x)
      EXPECT_EQ(std::memcmp(small.row(y) + 4 * x, "\xC8\x11\xFF\x83", 4), 0);
  }
}

TEST(ResamplePreShrink, HugeFactorsAndCropBoxes) {
  const Image src = Smooth(20000, 3, 1);
  ResizeOptions fast;
  fast.reducing_gap = 2.0;
  const Image a = ResizeOrDie(src, WholeImage(src), 16, 1, fast);
  const Image b = ResizeOrDie(src, WholeImage(src), 16, 1, ResizeOptions());
  for (int x = 0; x < 16; ++x) EXPECT_NEAR(a.row(0)[x], b.row(0)[x], 6) << x;

  const Image tall = Smooth(5, 30000, 3);
  const Image t = ResizeOrDie(tall, WholeImage(tall), 2, 16, fast);
  EXPECT_EQ(t.height(), 16u);

  const Image photo = Smooth(640, 480, 3);
  const CropBox box{101.5, 33.25, 400.5, 300.75};
  const Image c1 = ResizeOrDie(photo, box, 40, 30, fast);
  const Image c2 = ResizeOrDie(photo, box, 40, 30, ResizeOptions());
  for (int y = 0; y < 30; ++y) {
    for (int i = 0; i < 120; ++i) EXPECT_NEAR(c1.row(y)[i], c2.row(y)[i], 3) << i << "," << y;
  }
}

// Averaging straight colour would darken the opaque red next to transparent black.
TEST(ResamplePreShrink, AlphaWeightedAverageLeavesNoFringe) {
  Image src;
  ASSERT_TRUE(Image::Allocate(8, 2, 4, 1, src).ok());
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 8; ++x) {
      const bool opaque = x % 4 == 0;
      std::memcpy(src.row(y) + 4 * x, opaque ? "\xFF\x00\x00\xFF" : "\x00\x00\x00\x00", 4);
    }
  }
  Image out;
  ASSERT_TRUE(tk::BoxShrink(src, 0, 0, 8, 2, 4, 2, true, out).ok());
  ASSERT_EQ(out.width(), 2u);
  ASSERT_EQ(out.height(), 1u);
  for (int x = 0; x < 2; ++x) {
    EXPECT_EQ(out.row(0)[4 * x], 255);
    EXPECT_EQ(out.row(0)[4 * x + 3], 64);
  }
  // A partial last block averages only the pixels it covers.
  ASSERT_TRUE(tk::BoxShrink(src, 0, 0, 5, 1, 4, 1, false, out).ok());
  ASSERT_EQ(out.width(), 2u);
  EXPECT_EQ(out.row(0)[4], 255);
  EXPECT_EQ(out.row(0)[7], 255);
}

TEST(ResamplePreShrink, RejectsBadGaps) {
  Image src, dst;
  ASSERT_TRUE(Image::Allocate(8, 6, 3, 1, src).ok());
  ASSERT_TRUE(Image::Allocate(4, 3, 3, 1, dst).ok());
  for (double gap : {-1.0, std::nan(""), double(INFINITY)}) {
    ResizeOptions opt;
    opt.reducing_gap = gap;
    EXPECT_EQ(tk::Resize(src, WholeImage(src), opt, dst).code(), TK_ERR_INVALID_ARGUMENT) << gap;
  }
}

}  // namespace
