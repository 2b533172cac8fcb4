#include "pipeline/color.h"

#include <gtest/gtest.h>
#include <lcms2.h>

#include "codec/codec.h"
#include "test_util.h"

namespace tk {
namespace {

std::vector<uint8_t> P3Profile() {
  const std::vector<uint8_t> png = tk_test::ReadFixture("color/p3.png");
  Decoded decoded;
  EXPECT_TRUE(Decode(png, DecodeOptions{}, decoded).ok());
  return decoded.icc;
}

std::vector<uint8_t> SrgbProfile() {
  cmsHPROFILE p = cmsCreate_sRGBProfile();
  cmsUInt32Number n = 0;
  cmsSaveProfileToMem(p, nullptr, &n);
  std::vector<uint8_t> bytes(n);
  cmsSaveProfileToMem(p, bytes.data(), &n);
  cmsCloseProfile(p);
  return bytes;
}

Image OnePixel(uint8_t r, uint8_t g, uint8_t b) {
  Image img;
  EXPECT_TRUE(Image::Allocate(1, 1, 3, 1, img).ok());
  img.data()[0] = r;
  img.data()[1] = g;
  img.data()[2] = b;
  return img;
}

TEST(Color, P3ValuesBecomeMoreSaturatedSrgbValues) {
  const std::vector<uint8_t> p3 = P3Profile();
  ASSERT_FALSE(p3.empty());
  Image img = OnePixel(100, 200, 50);
  bool converted = false;
  ASSERT_TRUE(RgbProfileToSrgb(img, p3, converted).ok());
  EXPECT_TRUE(converted);
  // P3 green is outside sRGB: the same numbers mean a greener colour, so in sRGB G grows and
  // R, B shrink.
  EXPECT_LT(img.data()[0], 100 - 10);
  EXPECT_GT(img.data()[1], 200);
  EXPECT_LT(img.data()[2], 50);
}

TEST(Color, SrgbProfileIsIdentity) {
  Image img = OnePixel(100, 200, 50);
  bool converted = false;
  ASSERT_TRUE(RgbProfileToSrgb(img, SrgbProfile(), converted).ok());
  EXPECT_NEAR(img.data()[0], 100, 1);
  EXPECT_NEAR(img.data()[1], 200, 1);
  EXPECT_NEAR(img.data()[2], 50, 1);
}

TEST(Color, BrokenProfileLeavesPixelsAlone) {
  Image img = OnePixel(100, 200, 50);
  bool converted = true;
  ASSERT_TRUE(RgbProfileToSrgb(img, {1, 2, 3, 4}, converted).ok());
  EXPECT_FALSE(converted);
  EXPECT_EQ(img.data()[1], 200);
}

TEST(Color, CmykFallbackMapsInkToLight) {
  Image cmyk;
  ASSERT_TRUE(Image::Allocate(3, 1, 4, 1, cmyk).ok());
  const uint8_t inks[12] = {0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255};  // paper, cyan, black
  std::copy(inks, inks + 12, cmyk.data());
  Image rgb;
  ASSERT_TRUE(CmykToSrgb(cmyk, {}, rgb).ok());
  const uint8_t* p = rgb.data();
  EXPECT_EQ(p[0], 255);  // paper is white
  EXPECT_EQ(p[3], 0);    // full cyan has no red
  EXPECT_EQ(p[4], 255);
  EXPECT_EQ(p[6] + p[7] + p[8], 0);  // full black
}

}  // namespace
}  // namespace tk
