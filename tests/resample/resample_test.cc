// Resize against an independent float64 reference, plus the invariants users rely on: flat
// colour stays flat, no dark fringes around transparency, arguments are checked.
#include "resample/resample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "resample/coefficients.h"

namespace {

using tk::CropBox;
using tk::Image;
using tk::ResizeOptions;

constexpr tk_kernel kAllKernels[] = {TK_KERNEL_NEAREST, TK_KERNEL_BOX,      TK_KERNEL_LINEAR,
                                     TK_KERNEL_CUBIC,   TK_KERNEL_MITCHELL, TK_KERNEL_LANCZOS2,
                                     TK_KERNEL_LANCZOS3};

std::string KernelName(tk_kernel k) {
  switch (k) {
    case TK_KERNEL_NEAREST:
      return "Nearest";
    case TK_KERNEL_BOX:
      return "Box";
    case TK_KERNEL_LINEAR:
      return "Linear";
    case TK_KERNEL_CUBIC:
      return "CatmullRom";
    case TK_KERNEL_MITCHELL:
      return "Mitchell";
    case TK_KERNEL_LANCZOS2:
      return "Lanczos2";
    case TK_KERNEL_LANCZOS3:
      return "Lanczos3";
    default:
      break;
  }
  return "Unknown";
}

// ---- The reference: textbook formulas in double, evaluated directly in 2-D. ----

constexpr double kPi = 3.14159265358979323846;

double RefSinc(double x) {
  return x == 0 ? 1.0 : std::sin(kPi * x) / (kPi * x);
}

// Mitchell & Netravali, "Reconstruction Filters in Computer Graphics" (1988), eq. 8.
double RefBc(double x, double b, double c) {
  const double t = std::fabs(x);
  if (t < 1)
    return ((12 - 9 * b - 6 * c) * t * t * t - (18 - 12 * b - 6 * c) * t * t + 6 - 2 * b) / 6;
  if (t < 2) {
    return (-(b + 6 * c) * t * t * t + (6 * b + 30 * c) * t * t - (12 * b + 48 * c) * t + 8 * b +
            24 * c) /
           6;
  }
  return 0;
}

double RefKernel(tk_kernel k, double x) {
  switch (k) {
    case TK_KERNEL_NEAREST:
    case TK_KERNEL_BOX:
      return (-0.5 <= x && x < 0.5) ? 1 : 0;
    case TK_KERNEL_LINEAR:
      return std::max(0.0, 1 - std::fabs(x));
    case TK_KERNEL_CUBIC:
      return RefBc(x, 0, 0.5);
    case TK_KERNEL_MITCHELL:
      return RefBc(x, 1.0 / 3, 1.0 / 3);
    case TK_KERNEL_LANCZOS2:
      return std::fabs(x) < 2 ? RefSinc(x) * RefSinc(x / 2) : 0;
    case TK_KERNEL_LANCZOS3:
      return std::fabs(x) < 3 ? RefSinc(x) * RefSinc(x / 3) : 0;
    default:
      break;
  }
  return 0;
}

double RefSupport(tk_kernel k) {
  switch (k) {
    case TK_KERNEL_NEAREST:
    case TK_KERNEL_BOX:
      return 0.5;
    case TK_KERNEL_LINEAR:
      return 1;
    case TK_KERNEL_LANCZOS3:
      return 3;
    default:
      return 2;
  }
}

struct Tap {
  int index;
  double weight;
};

// Normalised taps of every output sample of one axis, edge-clamped.
std::vector<std::vector<Tap>> RefAxis(tk_kernel k, int n, double origin, double size, int dst) {
  std::vector<std::vector<Tap>> out(dst);
  const double scale = dst / size;
  for (int i = 0; i < dst; ++i) {
    const double centre = origin + (i + 0.5) / scale;
    if (k == TK_KERNEL_NEAREST) {
      out[i].push_back({std::clamp(static_cast<int>(std::floor(centre)), 0, n - 1), 1.0});
      continue;
    }
    const double stretch = std::min(scale, 1.0);
    const double radius = RefSupport(k) / stretch;
    double sum = 0;
    for (int j = static_cast<int>(std::floor(centre - radius)) - 2;
         j <= static_cast<int>(std::ceil(centre + radius)) + 2; ++j) {
      const double w = RefKernel(k, (j + 0.5 - centre) * stretch);
      if (w == 0) continue;
      out[i].push_back({std::clamp(j, 0, n - 1), w});
      sum += w;
    }
    for (Tap& t : out[i]) t.weight /= sum;
  }
  return out;
}

struct TestImage {
  int width = 0, height = 0, channels = 0, bytes = 1;
  std::vector<uint16_t> samples;  // interleaved, whatever the depth
  double max() const { return bytes == 1 ? 255.0 : 65535.0; }
  double at(int x, int y, int c) const { return samples[(size_t(y) * width + x) * channels + c]; }
};

// Expected samples (unrounded, clamped) of resizing `box` of `src` to dst_w x dst_h.
std::vector<double> RefResize(const TestImage& src, const CropBox& box, tk_kernel k, bool premul,
                              int dst_w, int dst_h) {
  const auto xs = RefAxis(k, src.width, box.x, box.width, dst_w);
  const auto ys = RefAxis(k, src.height, box.y, box.height, dst_h);
  const int ch = src.channels;
  const bool alpha = premul && (ch == 2 || ch == 4);
  const double max = src.max();
  std::vector<double> out(size_t(dst_w) * dst_h * ch);
  std::vector<double> acc(ch);
  for (int oy = 0; oy < dst_h; ++oy) {
    for (int ox = 0; ox < dst_w; ++ox) {
      std::fill(acc.begin(), acc.end(), 0.0);
      for (const Tap& ty : ys[oy]) {
        for (const Tap& tx : xs[ox]) {
          const double w = ty.weight * tx.weight;
          const double a = alpha ? src.at(tx.index, ty.index, ch - 1) / max : 1.0;
          for (int c = 0; c < ch; ++c) {
            const bool colour = alpha && c != ch - 1;
            acc[c] += w * src.at(tx.index, ty.index, c) * (colour ? a : 1.0);
          }
        }
      }
      double* px = &out[(size_t(oy) * dst_w + ox) * ch];
      const double a = std::clamp(acc[ch - 1], 0.0, max);
      for (int c = 0; c < ch; ++c) {
        double v = acc[c];
        if (alpha && c != ch - 1) v = std::round(a) == 0 ? 0.0 : v * max / a;
        px[c] = std::clamp(v, 0.0, max);
      }
    }
  }
  return out;
}

// ---- Helpers around the code under test. ----

TestImage RandomImage(int w, int h, int channels, int bytes, uint32_t seed) {
  TestImage img{w, h, channels, bytes, {}};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(0, bytes == 1 ? 255 : 65535);
  img.samples.resize(size_t(w) * h * channels);
  for (auto& s : img.samples) s = static_cast<uint16_t>(dist(rng));
  return img;
}

Image ToImage(const TestImage& t) {
  Image img;
  EXPECT_TRUE(Image::Allocate(t.width, t.height, t.channels, t.bytes, img).ok());
  for (int y = 0; y < t.height; ++y) {
    for (int i = 0; i < t.width * t.channels; ++i) {
      const uint16_t v = t.samples[size_t(y) * t.width * t.channels + i];
      if (t.bytes == 1) {
        img.row(y)[i] = static_cast<uint8_t>(v);
      } else {
        std::memcpy(img.row(y) + 2 * i, &v, 2);
      }
    }
  }
  return img;
}

double SampleAt(const Image& img, int x, int y, int c) {
  const size_t i = size_t(x) * img.channels() + c;
  if (img.bytes_per_sample() == 1) return img.row(y)[i];
  uint16_t v;
  std::memcpy(&v, img.row(y) + 2 * i, 2);
  return v;
}

Image ResizeOrDie(const Image& src, const CropBox& box, int w, int h, const ResizeOptions& opt) {
  Image dst;
  EXPECT_TRUE(Image::Allocate(w, h, src.channels(), src.bytes_per_sample(), dst).ok());
  const tk::Status s = tk::Resize(src, box, opt, dst);
  EXPECT_TRUE(s.ok()) << s.message();
  return dst;
}

CropBox WholeImage(const Image& img) {
  return {0, 0, double(img.width()), double(img.height())};
}

// ---- Accuracy against the reference, for every kernel and geometry. ----

struct Geometry {
  const char* name;
  int src_w, src_h;
  int dst_w, dst_h;
  CropBox box;  // width 0: the whole image
};

const Geometry kGeometries[] = {
    {"Shrink2x", 64, 48, 32, 24, {}},
    {"Shrink3_7x", 74, 37, 20, 10, {}},
    {"ShrinkNonInteger", 50, 41, 29, 23, {}},
    {"Identity", 25, 19, 25, 19, {}},
    {"Enlarge1_5x", 20, 14, 30, 21, {}},
    {"Enlarge3x", 13, 9, 39, 27, {}},
    {"ShrinkXEnlargeY", 60, 10, 15, 25, {}},
    {"EnlargeXShrinkY", 7, 45, 16, 11, {}},
    {"OnePixelWideSource", 1, 17, 5, 8, {}},
    {"OnePixelTallSource", 19, 1, 7, 3, {}},
    {"OnePixelSource", 1, 1, 3, 2, {}},
    {"OnePixelOutput", 31, 23, 1, 1, {}},
    {"OnePixelWideOutput", 31, 23, 1, 9, {}},
    {"OnePixelTallOutput", 9, 23, 4, 1, {}},
    {"OddSizes", 33, 27, 17, 13, {}},
    {"HugeFactor", 20000, 3, 16, 1, {}},
    {"SubPixelCropShrink", 40, 30, 9, 13, {3.25, 2.5, 20.5, 17.75}},
    {"SubPixelCropEnlarge", 12, 10, 17, 11, {1.3, 0.7, 5.4, 4.2}},
    {"CropAtEdges", 20, 20, 6, 6, {0.0, 12.5, 7.5, 7.5}},
};

class ResampleAccuracy : public testing::TestWithParam<std::tuple<tk_kernel, Geometry>> {};

TEST_P(ResampleAccuracy, WithinOneLsbOfFloat64Reference) {
  const auto [kernel, g] = GetParam();
  uint32_t seed = 1;
  for (int bytes : {1, 2}) {
    for (int channels = 1; channels <= 4; ++channels) {
      for (bool premul : {true, false}) {
        if (!premul && channels != 2 && channels != 4) continue;
        SCOPED_TRACE(testing::Message() << "channels " << channels << ", " << 8 * bytes
                                        << "-bit, premultiply " << premul);
        const TestImage t = RandomImage(g.src_w, g.src_h, channels, bytes, seed++);
        const Image src = ToImage(t);
        const CropBox box = g.box.width > 0 ? g.box : WholeImage(src);
        ResizeOptions opt;
        opt.kernel = kernel;
        opt.premultiply_alpha = premul;
        const Image dst = ResizeOrDie(src, box, g.dst_w, g.dst_h, opt);
        if (dst.empty()) return;
        const std::vector<double> ref = RefResize(t, box, kernel, premul, g.dst_w, g.dst_h);
        int failures = 0;
        for (int y = 0; y < g.dst_h && failures < 5; ++y) {
          for (int x = 0; x < g.dst_w && failures < 5; ++x) {
            const double* want = &ref[(size_t(y) * g.dst_w + x) * channels];
            // Alpha straddling the "fully transparent" threshold may round either way; the
            // colour is then legitimately 0 or not.
            const bool ambiguous = premul && (channels == 2 || channels == 4) &&
                                   std::fabs(want[channels - 1] - 0.5) < 1e-3;
            for (int c = 0; c < channels; ++c) {
              if (ambiguous && c != channels - 1) continue;
              const double got = SampleAt(dst, x, y, c);
              if (std::fabs(got - std::round(want[c])) > 1) {
                ADD_FAILURE() << "pixel (" << x << ", " << y << ") channel " << c << ": got " << got
                              << ", reference " << want[c];
                ++failures;
              }
            }
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllKernels, ResampleAccuracy,
                         testing::Combine(testing::ValuesIn(kAllKernels),
                                          testing::ValuesIn(kGeometries)),
                         [](const testing::TestParamInfo<ResampleAccuracy::ParamType>& p) {
                           return KernelName(std::get<0>(p.param)) + "_" +
                                  std::get<1>(p.param).name;
                         });

// ---- Invariants ----

class ResampleKernel : public testing::TestWithParam<tk_kernel> {};

TEST_P(ResampleKernel, FlatImageStaysExactlyFlat) {
  const tk_kernel kernel = GetParam();
  const int sizes[][4] = {{40, 30, 13, 7}, {9, 5, 31, 22}, {1, 1, 4, 3}, {3000, 2, 7, 5}};
  for (int bytes : {1, 2}) {
    for (int channels = 1; channels <= 4; ++channels) {
      for (const auto& s : sizes) {
        SCOPED_TRACE(testing::Message() << channels << " channels, " << 8 * bytes << "-bit, "
                                        << s[0] << "x" << s[1] << " -> " << s[2] << "x" << s[3]);
        const uint16_t colour[2][4] = {{200, 17, 255, 131}, {51234, 7, 65535, 40001}};
        TestImage t{s[0], s[1], channels, bytes, {}};
        for (int i = 0; i < s[0] * s[1]; ++i) {
          for (int c = 0; c < channels; ++c) t.samples.push_back(colour[bytes - 1][c]);
        }
        const Image src = ToImage(t);
        ResizeOptions opt;
        opt.kernel = kernel;
        const Image dst = ResizeOrDie(src, WholeImage(src), s[2], s[3], opt);
        for (int y = 0; y < s[3]; ++y) {
          for (int x = 0; x < s[2]; ++x) {
            for (int c = 0; c < channels; ++c) {
              ASSERT_EQ(SampleAt(dst, x, y, c), colour[bytes - 1][c]) << x << "," << y << "," << c;
            }
          }
        }
      }
    }
  }
}

// Opaque red beside fully transparent black: premultiplied resampling must keep every visible
// pixel red, while straight-alpha resampling visibly darkens the boundary.
TEST_P(ResampleKernel, NoDarkFringeAroundTransparency) {
  const tk_kernel kernel = GetParam();
  for (int channels : {2, 4}) {
    SCOPED_TRACE(testing::Message() << channels << " channels");
    TestImage t{41, 9, channels, 1, {}};
    for (int y = 0; y < t.height; ++y) {
      for (int x = 0; x < t.width; ++x) {
        const bool opaque = x < 22;  // not on a box footprint edge
        if (channels == 4) {
          t.samples.insert(t.samples.end(),
                           {uint16_t(opaque ? 255 : 0), 0, 0, uint16_t(opaque ? 255 : 0)});
        } else {
          t.samples.insert(t.samples.end(),
                           {uint16_t(opaque ? 255 : 0), uint16_t(opaque ? 255 : 0)});
        }
      }
    }
    const Image src = ToImage(t);
    for (const int dst_w : {10, 7, 3}) {
      ResizeOptions opt;
      opt.kernel = kernel;
      bool straight_alpha_darkens = false;
      for (bool premul : {true, false}) {
        opt.premultiply_alpha = premul;
        const Image dst = ResizeOrDie(src, WholeImage(src), dst_w, 3, opt);
        for (int y = 0; y < 3; ++y) {
          for (int x = 0; x < dst_w; ++x) {
            if (SampleAt(dst, x, y, channels - 1) == 0) continue;
            const bool dark =
                SampleAt(dst, x, y, 0) < 254 ||
                (channels == 4 && (SampleAt(dst, x, y, 1) > 1 || SampleAt(dst, x, y, 2) > 1));
            if (premul) {
              EXPECT_FALSE(dark) << "fringe at " << x << "," << y << " width " << dst_w;
            } else {
              straight_alpha_darkens |= dark;
            }
          }
        }
      }
      // Nearest never mixes pixels, so only it may leave straight alpha unharmed.
      if (kernel != TK_KERNEL_NEAREST) {
        EXPECT_TRUE(straight_alpha_darkens) << "width " << dst_w;
      }
    }
  }
}

TEST_P(ResampleKernel, FullyTransparentOutputHasColourZero) {
  TestImage t{12, 8, 4, 1, {}};
  for (int i = 0; i < 12 * 8; ++i) t.samples.insert(t.samples.end(), {90, 180, 240, 0});
  const Image src = ToImage(t);
  ResizeOptions opt;
  opt.kernel = GetParam();
  const Image dst = ResizeOrDie(src, WholeImage(src), 5, 3, opt);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 5; ++x) {
      for (int c = 0; c < 4; ++c) EXPECT_EQ(SampleAt(dst, x, y, c), 0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllKernels, ResampleKernel, testing::ValuesIn(kAllKernels),
                         [](const testing::TestParamInfo<tk_kernel>& p) {
                           return KernelName(p.param);
                         });

TEST(Resample, SameSizeIsIdentityForInterpolatingKernels) {
  const TestImage t = RandomImage(23, 17, 3, 1, 99);
  const Image src = ToImage(t);
  // Every kernel but Mitchell (which blurs by design) is 1 at 0 and 0 at other integers.
  for (tk_kernel kernel : {TK_KERNEL_NEAREST, TK_KERNEL_BOX, TK_KERNEL_LINEAR, TK_KERNEL_CUBIC,
                           TK_KERNEL_LANCZOS2, TK_KERNEL_LANCZOS3}) {
    ResizeOptions opt;
    opt.kernel = kernel;
    const Image dst = ResizeOrDie(src, WholeImage(src), 23, 17, opt);
    for (int y = 0; y < 17; ++y) {
      ASSERT_EQ(std::memcmp(src.row(y), dst.row(y), 23 * 3), 0)
          << KernelName(kernel) << " row " << y;
    }
  }
}

TEST(Resample, NearestPicksThePixelContainingTheCentre) {
  TestImage t{6, 1, 1, 1, {10, 20, 30, 40, 50, 60}};
  const Image src = ToImage(t);
  ResizeOptions opt;
  opt.kernel = TK_KERNEL_NEAREST;
  // Centres 1.5 and 4.5 fall in pixels 1 and 4.
  Image dst = ResizeOrDie(src, WholeImage(src), 2, 1, opt);
  EXPECT_EQ(SampleAt(dst, 0, 0, 0), 20);
  EXPECT_EQ(SampleAt(dst, 1, 0, 0), 50);
  // Enlarging 2x replicates each pixel.
  dst = ResizeOrDie(src, WholeImage(src), 12, 1, opt);
  for (int x = 0; x < 12; ++x) EXPECT_EQ(SampleAt(dst, x, 0, 0), 10 * (x / 2 + 1));
}

TEST(Resample, BoxShrinkAveragesWholePixels) {
  TestImage t{4, 1, 1, 1, {10, 20, 31, 41}};
  const Image src = ToImage(t);
  ResizeOptions opt;
  opt.kernel = TK_KERNEL_BOX;
  const Image dst = ResizeOrDie(src, WholeImage(src), 2, 1, opt);
  EXPECT_EQ(SampleAt(dst, 0, 0, 0), 15);
  EXPECT_EQ(SampleAt(dst, 1, 0, 0), 36);
}

TEST(Resample, HonoursRowStridesOfViews) {
  const TestImage t = RandomImage(10, 6, 3, 1, 7);
  const Image packed = ToImage(t);
  std::vector<uint8_t> src_mem(6 * 37, 0xAB), dst_mem(4 * 29, 0xCD);
  for (int y = 0; y < 6; ++y) std::memcpy(&src_mem[y * 37], packed.row(y), 30);
  const Image src = Image::View(src_mem.data(), 10, 6, 3, 1, 37);
  Image dst = Image::View(dst_mem.data(), 5, 4, 3, 1, 29);
  const ResizeOptions opt;
  ASSERT_TRUE(tk::Resize(src, WholeImage(src), opt, dst).ok());
  const Image want = ResizeOrDie(packed, WholeImage(packed), 5, 4, opt);
  for (int y = 0; y < 4; ++y) {
    EXPECT_EQ(std::memcmp(dst.row(y), want.row(y), 15), 0);
    for (int i = 15; i < 29; ++i) EXPECT_EQ(dst_mem[y * 29 + i], 0xCD) << "padding overwritten";
  }
}

TEST(Resample, KernelShapes) {
  EXPECT_EQ(tk::KernelSupport(TK_KERNEL_NEAREST), 0.5);
  EXPECT_EQ(tk::KernelSupport(TK_KERNEL_BOX), 0.5);
  EXPECT_EQ(tk::KernelSupport(TK_KERNEL_LINEAR), 1);
  EXPECT_EQ(tk::KernelSupport(TK_KERNEL_CUBIC), 2);
  EXPECT_EQ(tk::KernelSupport(TK_KERNEL_MITCHELL), 2);
  EXPECT_EQ(tk::KernelSupport(TK_KERNEL_LANCZOS2), 2);
  EXPECT_EQ(tk::KernelSupport(TK_KERNEL_LANCZOS3), 3);
  for (tk_kernel k : kAllKernels) {
    for (double x = -4; x <= 4; x += 0.125) {
      EXPECT_NEAR(tk::KernelValue(k, x), RefKernel(k, x), 1e-12) << KernelName(k) << " at " << x;
    }
  }
  EXPECT_NEAR(tk::KernelValue(TK_KERNEL_MITCHELL, 0), 8.0 / 9.0, 1e-12);
  EXPECT_NEAR(tk::KernelValue(TK_KERNEL_MITCHELL, 1), 1.0 / 18.0, 1e-12);
  EXPECT_NEAR(tk::KernelValue(TK_KERNEL_CUBIC, 0.5), 0.5625, 1e-12);
  EXPECT_NEAR(tk::KernelValue(TK_KERNEL_CUBIC, 1.5), -0.0625, 1e-12);
  EXPECT_NEAR(tk::KernelValue(TK_KERNEL_LANCZOS3, 1.5), -0.13509491152311703, 1e-12);
  EXPECT_EQ(tk::KernelValue(TK_KERNEL_LANCZOS3, 3.0), 0.0);
}

// The passes keep a sliding window of rows, which is only correct if these hold.
TEST(Resample, CoefficientTablesSlideForwardAndStayInside) {
  struct Axis {
    int src, dst;
    double origin, size;
  };
  for (tk_kernel k : kAllKernels) {
    for (const Axis& a : {Axis{9, 27, 0, 9}, Axis{100, 7, 0, 100}, Axis{3, 1, 0, 3},
                          Axis{1, 5, 0, 1}, Axis{40, 13, 3.25, 20.5}, Axis{10, 10, 0, 10}}) {
      SCOPED_TRACE(testing::Message() << KernelName(k) << " " << a.src << " -> " << a.dst);
      tk::AxisCoefficients c;
      ASSERT_TRUE(tk::ComputeAxisCoefficients(k, a.src, a.origin, a.size, a.dst, c).ok());
      ASSERT_EQ(c.first.size(), size_t(a.dst));
      ASSERT_EQ(c.weights.size(), size_t(a.dst) * c.stride);
      EXPECT_EQ(c.stride % tk::AxisCoefficients::kTapAlign, 0);
      EXPECT_LE(c.taps, c.stride);
      EXPECT_LE(c.taps, a.src);
      EXPECT_EQ(c.span_begin, c.first.front());
      EXPECT_EQ(c.span_end, c.first.back() + c.taps);
      for (int i = 0; i < a.dst; ++i) {
        if (i > 0) {
          EXPECT_GE(c.first[i], c.first[i - 1]);
        }
        EXPECT_GE(c.first[i], 0);
        EXPECT_LE(c.first[i] + c.taps, a.src);
        double sum = 0;
        for (int t = 0; t < c.stride; ++t) {
          const float w = c.weights[size_t(i) * c.stride + t];
          if (t >= c.taps) {
            EXPECT_EQ(w, 0.0f);
          }
          sum += w;
        }
        EXPECT_NEAR(sum, 1.0, 1e-6);
      }
    }
  }
}

// ---- Argument validation ----

class ResampleArguments : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Image::Allocate(8, 6, 3, 1, src_).ok());
    ASSERT_TRUE(Image::Allocate(4, 3, 3, 1, dst_).ok());
    std::memset(src_.data(), 0, src_.stride() * 6);
  }
  void ExpectInvalid(const Image& src, const CropBox& box, Image& dst,
                     ResizeOptions opt = ResizeOptions()) {
    const tk::Status s = tk::Resize(src, box, opt, dst);
    EXPECT_EQ(s.code(), TK_ERR_INVALID_ARGUMENT);
    EXPECT_FALSE(s.message().empty());
  }
  Image src_, dst_;
  CropBox all_{0, 0, 8, 6};
};

TEST_F(ResampleArguments, AcceptsTheWholeImage) {
  EXPECT_TRUE(tk::Resize(src_, all_, ResizeOptions(), dst_).ok());
}

TEST_F(ResampleArguments, RejectsEmptyImages) {
  Image empty;
  ExpectInvalid(empty, all_, dst_);
  ExpectInvalid(src_, all_, empty);
}

TEST_F(ResampleArguments, RejectsFormatMismatch) {
  Image grey, deep;
  ASSERT_TRUE(Image::Allocate(4, 3, 1, 1, grey).ok());
  ASSERT_TRUE(Image::Allocate(4, 3, 3, 2, deep).ok());
  ExpectInvalid(src_, all_, grey);
  ExpectInvalid(src_, all_, deep);
}

TEST_F(ResampleArguments, RejectsBadBoxes) {
  const double nan = std::nan("");
  for (const CropBox& box :
       {CropBox{-0.5, 0, 4, 4}, CropBox{0, -1, 4, 4}, CropBox{5, 0, 3.5, 4}, CropBox{0, 2, 4, 4.01},
        CropBox{0, 0, 0, 4}, CropBox{0, 0, 4, -2}, CropBox{nan, 0, 4, 4}, CropBox{0, 0, 4, nan},
        CropBox{0, 0, INFINITY, 4}, CropBox{10, 0, 1, 1}}) {
    SCOPED_TRACE(testing::Message()
                 << box.x << "," << box.y << " " << box.width << "x" << box.height);
    ExpectInvalid(src_, box, dst_);
  }
}

TEST_F(ResampleArguments, RejectsUnknownKernel) {
  ResizeOptions opt;
  // 7 is the only unknown value the enum can hold without undefined behaviour (its range is
  // 0..7); the C API must range-check integers before converting them.
  opt.kernel = static_cast<tk_kernel>(7);
  ExpectInvalid(src_, all_, dst_, opt);
}

}  // namespace
