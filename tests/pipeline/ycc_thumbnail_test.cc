// The planar JPEG → JPEG path (pipeline/ycc_thumbnail.h): when the plan takes it, and that its
// output matches the RGB path's (same size, decoded pixels within JPEG noise of each other).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "codec/codec.h"
#include "pipeline/plan.h"
#include "pipeline/thumbnail.h"
#include "test_util.h"

namespace tk {
namespace {

ImageInfo ProbeFixture(const std::string& name) {
  const std::vector<uint8_t> bytes = tk_test::ReadFixture(name);
  ImageInfo info;
  EXPECT_TRUE(Probe(bytes, Limits(), info).ok()) << name;
  return info;
}

bool PlansPlanar(const std::string& name, const ThumbnailOptions& options) {
  Plan plan;
  EXPECT_TRUE(MakePlan(ProbeFixture(name), options, plan).ok());
  return plan.ycbcr_planar;
}

ThumbnailOptions Size(uint32_t width, uint32_t height, tk_fit fit) {
  ThumbnailOptions options;
  options.width = width;
  options.height = height;
  options.fit = fit;
  return options;
}

TEST(YccPlan, TakenForPlainJpegToJpeg) {
  EXPECT_TRUE(PlansPlanar("jpeg-turbo/testorig.jpg", Size(100, 0, TK_FIT_INSIDE)));
  EXPECT_TRUE(PlansPlanar("misc/random.jpg", Size(64, 64, TK_FIT_COVER)));
  EXPECT_TRUE(PlansPlanar("orientation/Landscape_1.jpg", Size(64, 64, TK_FIT_COVER)));
}

TEST(YccPlan, NotTakenWhenSomethingNeedsRgb) {
  ThumbnailOptions to_png = Size(100, 0, TK_FIT_INSIDE);
  to_png.format = TK_FORMAT_PNG;
  EXPECT_FALSE(PlansPlanar("jpeg-turbo/testorig.jpg", to_png));
  ThumbnailOptions linear = Size(100, 0, TK_FIT_INSIDE);
  linear.linear_light = true;
  EXPECT_FALSE(PlansPlanar("jpeg-turbo/testorig.jpg", linear));
  ThumbnailOptions off = Size(100, 0, TK_FIT_INSIDE);
  off.ycbcr_planar = false;
  EXPECT_FALSE(PlansPlanar("jpeg-turbo/testorig.jpg", off));
  // Rotated by EXIF, grey, CMYK, an ICC profile to convert, padding for contain.
  EXPECT_FALSE(PlansPlanar("orientation/Landscape_6.jpg", Size(64, 64, TK_FIT_COVER)));
  EXPECT_FALSE(PlansPlanar("misc/concert.jpg", Size(64, 64, TK_FIT_COVER)));
  EXPECT_FALSE(
      PlansPlanar("color/Channel_digital_image_CMYK_color.jpg", Size(64, 0, TK_FIT_INSIDE)));
  EXPECT_FALSE(PlansPlanar("misc/low-contrast.jpg", Size(64, 0, TK_FIT_INSIDE)));
  EXPECT_FALSE(PlansPlanar("jpeg-turbo/testorig.jpg", Size(64, 64, TK_FIT_CONTAIN)));
}

TEST(YccPlan, KeptIccNeedsNoConversion) {
  ThumbnailOptions keep = Size(64, 0, TK_FIT_INSIDE);
  keep.keep_icc = true;
  EXPECT_TRUE(PlansPlanar("misc/low-contrast.jpg", keep));
}

struct Thumb {
  OutputInfo info;
  Decoded pixels;
  std::vector<uint8_t> bytes;
};

Thumb Make(const std::string& name, ThumbnailOptions options, bool planar) {
  options.ycbcr_planar = planar;
  const std::vector<uint8_t> input = tk_test::ReadFixture(name);
  ByteBuffer out;
  Thumb t;
  const Status s = MakeThumbnail(input, options, out, t.info);
  EXPECT_TRUE(s.ok()) << name << ": " << s.message();
  t.bytes.assign(out.data(), out.data() + out.size());
  EXPECT_TRUE(Decode(t.bytes, DecodeOptions(), t.pixels).ok());
  return t;
}

double Psnr(const Image& a, const Image& b) {
  double sum = 0;
  for (uint32_t y = 0; y < a.height(); ++y) {
    for (size_t i = 0; i < size_t{a.width()} * a.channels(); ++i) {
      const double d = static_cast<double>(a.row(y)[i]) - b.row(y)[i];
      sum += d * d;
    }
  }
  const double mse = sum / (static_cast<double>(a.width()) * a.height() * a.channels());
  return mse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 / mse);
}

struct Case {
  const char* fixture;
  uint32_t width, height;
  tk_fit fit;
  bool jpeg_444;
};

class YccMatchesRgb : public ::testing::TestWithParam<Case> {};

TEST_P(YccMatchesRgb, SameSizeAndAsFaithfulAsTheRgbPath) {
  const Case& c = GetParam();
  ThumbnailOptions options = Size(c.width, c.height, c.fit);
  options.encoder.jpeg_444 = c.jpeg_444;
  options.encoder.quality = 95;
  Plan plan;
  ASSERT_TRUE(MakePlan(ProbeFixture(c.fixture), options, plan).ok());
  ASSERT_TRUE(plan.ycbcr_planar);
  const Thumb planar = Make(c.fixture, options, true);
  const Thumb rgb = Make(c.fixture, options, false);
  ASSERT_EQ(planar.info.width, rgb.info.width);
  ASSERT_EQ(planar.info.height, rgb.info.height);
  ASSERT_EQ(planar.pixels.image.width(), planar.info.width);
  ASSERT_EQ(planar.pixels.image.height(), planar.info.height);
  // The reference: full decode, RGB resampling, 4:4:4 at q100.
  ThumbnailOptions exact = options;
  exact.shrink_on_load = TK_SHRINK_ON_LOAD_OFF;
  exact.encoder.jpeg_444 = true;
  exact.encoder.quality = 100;
  const Thumb reference = Make(c.fixture, exact, false);
  // Chroma is resampled at its own resolution rather than after upsampling, so the two paths
  // differ in detail but must be equally close to the reference; a misplaced or mis-scaled
  // plane costs 10 dB or more.
  const double planar_db = Psnr(planar.pixels.image, reference.pixels.image);
  const double rgb_db = Psnr(rgb.pixels.image, reference.pixels.image);
  EXPECT_GT(planar_db, rgb_db - 1.0) << c.fixture << " " << c.width << "x" << c.height;
  EXPECT_GT(Psnr(planar.pixels.image, rgb.pixels.image), 30.0);
}

INSTANTIATE_TEST_SUITE_P(
    Geometries, YccMatchesRgb,
    ::testing::Values(Case{"jpeg-turbo/testorig.jpg", 101, 67, TK_FIT_FILL, false},
                      Case{"jpeg-turbo/testorig.jpg", 50, 50, TK_FIT_COVER, false},
                      Case{"jpeg-turbo/testorig.jpg", 113, 0, TK_FIT_INSIDE, true},
                      Case{"jpeg-turbo/testimgint.jpg", 33, 21, TK_FIT_FILL, false},
                      Case{"misc/random.jpg", 61, 61, TK_FIT_COVER, false},
                      Case{"orientation/Landscape_1.jpg", 160, 90, TK_FIT_COVER, false},
                      Case{"orientation/Landscape_1.jpg", 599, 449, TK_FIT_FILL, true},
                      Case{"bench/2569067123_aca715a2ee_o.jpg", 720, 588, TK_FIT_FILL, false},
                      Case{"bench/2569067123_aca715a2ee_o.jpg", 512, 512, TK_FIT_COVER, false},
                      Case{"bench/2569067123_aca715a2ee_o.jpg", 97, 0, TK_FIT_INSIDE, false}));

TEST(YccPath, KeepsMetadataWhenAsked) {
  ThumbnailOptions options = Size(64, 0, TK_FIT_INSIDE);
  options.keep_icc = true;
  options.keep_exif = true;
  const Thumb t = Make("misc/low-contrast.jpg", options, true);
  EXPECT_FALSE(t.pixels.icc.empty());
  ThumbnailOptions strip = Size(64, 0, TK_FIT_INSIDE);
  strip.keep_icc = true;  // planar, but EXIF not kept
  const Thumb s = Make("orientation/Landscape_1.jpg", strip, true);
  EXPECT_TRUE(s.pixels.exif.empty());
}

TEST(YccPath, EveryScaleDecodesPlanesOfTheRightSize) {
  const std::vector<uint8_t> input = tk_test::ReadFixture("jpeg-turbo/testorig.jpg");
  for (uint32_t denom : {1u, 2u, 4u, 8u}) {
    DecodeOptions options;
    options.jpeg_scale_denom = denom;
    DecodedYcc ycc;
    ASSERT_TRUE(DecodeJpegYcc(input, options, ycc).ok()) << denom;
    EXPECT_EQ(ycc.planes[0].width(), (227 + denom - 1) / denom);
    EXPECT_EQ(ycc.planes[0].height(), (149 + denom - 1) / denom);
    for (int c = 1; c < 3; ++c) {
      EXPECT_NEAR(ycc.planes[c].width(), ycc.planes[0].width() * ycc.scale_x[c], 1.0);
      EXPECT_NEAR(ycc.planes[c].height(), ycc.planes[0].height() * ycc.scale_y[c], 1.0);
    }
  }
}

TEST(YccPath, RefusesWhatItCannotRead) {
  DecodedYcc ycc;
  const std::vector<uint8_t> grey = tk_test::ReadFixture("misc/concert.jpg");
  EXPECT_EQ(DecodeJpegYcc(grey, DecodeOptions(), ycc).code(), TK_ERR_INVALID_ARGUMENT);
  std::vector<uint8_t> cut = tk_test::ReadFixture("jpeg-turbo/testorig.jpg");
  cut.resize(cut.size() / 2);
  EXPECT_NE(DecodeJpegYcc(cut, DecodeOptions(), ycc).code(), TK_OK);
}

}  // namespace
}  // namespace tk
