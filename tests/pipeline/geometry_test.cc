#include "pipeline/geometry.h"

#include <gtest/gtest.h>

#include "pipeline/orient.h"
#include "pipeline/plan.h"

namespace tk {
namespace {

struct Size {
  uint32_t w;
  uint32_t h;
};

Geometry Compute(Size source, Size target, tk_fit fit, bool without_enlargement = true,
                 tk_position position = TK_POSITION_CENTRE) {
  ThumbnailOptions o;
  o.width = target.w;
  o.height = target.h;
  o.fit = fit;
  o.without_enlargement = without_enlargement;
  o.position = position;
  Geometry g;
  EXPECT_TRUE(ComputeGeometry(source.w, source.h, o, g).ok());
  return g;
}

void ExpectCanvas(const Geometry& g, uint32_t w, uint32_t h) {
  EXPECT_EQ(g.canvas_width, w);
  EXPECT_EQ(g.canvas_height, h);
}

TEST(Geometry, CoverIsExactAndCropsCentre) {
  const Geometry g = Compute({2725, 2225}, {512, 512}, TK_FIT_COVER);
  ExpectCanvas(g, 512, 512);
  EXPECT_EQ(g.content_width, 512u);
  // Resized to 627x512, then 115 columns cut: 57 on the left (centre, rounded down).
  EXPECT_NEAR(g.source_box.height, 2225, 1e-9);
  EXPECT_NEAR(g.source_box.width, 512.0 * 2725 / 627, 1e-9);
  EXPECT_NEAR(g.source_box.x, (627 - 512) / 2 * 2725.0 / 627, 1e-9);
}

TEST(Geometry, CoverGravityPicksTheEdge) {
  const Geometry west = Compute({1000, 500}, {100, 100}, TK_FIT_COVER, true, TK_POSITION_WEST);
  EXPECT_EQ(west.source_box.x, 0);
  const Geometry east = Compute({1000, 500}, {100, 100}, TK_FIT_COVER, true, TK_POSITION_EAST);
  EXPECT_NEAR(east.source_box.x + east.source_box.width, 1000, 1e-9);
  const Geometry south = Compute({500, 1000}, {100, 100}, TK_FIT_COVER, true, TK_POSITION_SOUTH);
  EXPECT_NEAR(south.source_box.y + south.source_box.height, 1000, 1e-9);
}

TEST(Geometry, ContainPadsToExactSize) {
  const Geometry g = Compute({1000, 500}, {300, 300}, TK_FIT_CONTAIN);
  ExpectCanvas(g, 300, 300);
  EXPECT_EQ(g.content_width, 300u);
  EXPECT_EQ(g.content_height, 150u);
  EXPECT_EQ(g.content_x, 0u);
  EXPECT_EQ(g.content_y, 75u);
  const Geometry top = Compute({1000, 500}, {300, 300}, TK_FIT_CONTAIN, true, TK_POSITION_NORTH);
  EXPECT_EQ(top.content_y, 0u);
}

TEST(Geometry, FillStretches) {
  ExpectCanvas(Compute({2725, 2225}, {720, 588}, TK_FIT_FILL), 720, 588);
  ExpectCanvas(Compute({100, 100}, {720, 50}, TK_FIT_FILL), 100, 50);  // no enlargement
  ExpectCanvas(Compute({100, 100}, {720, 50}, TK_FIT_FILL, false), 720, 50);
}

TEST(Geometry, InsideAndOutsideKeepAspect) {
  ExpectCanvas(Compute({1000, 500}, {300, 300}, TK_FIT_INSIDE), 300, 150);
  ExpectCanvas(Compute({1000, 500}, {300, 300}, TK_FIT_OUTSIDE), 600, 300);
  ExpectCanvas(Compute({500, 1000}, {300, 200}, TK_FIT_INSIDE), 100, 200);
}

TEST(Geometry, OneSideKeepsAspect) {
  ExpectCanvas(Compute({20000, 14000}, {256, 0}, TK_FIT_COVER), 256, 179);
  ExpectCanvas(Compute({20000, 14000}, {0, 140}, TK_FIT_COVER), 200, 140);
  ExpectCanvas(Compute({100, 50}, {0, 0}, TK_FIT_COVER), 100, 50);
  ExpectCanvas(Compute({3, 1000}, {1, 0}, TK_FIT_COVER), 1, 333);
  ExpectCanvas(Compute({1000, 3}, {10, 0}, TK_FIT_COVER), 10, 1);  // never 0
}

TEST(Geometry, WithoutEnlargementNeverScalesUp) {
  ExpectCanvas(Compute({100, 50}, {400, 0}, TK_FIT_COVER), 100, 50);
  ExpectCanvas(Compute({100, 50}, {400, 0}, TK_FIT_COVER, false), 400, 200);
  // Cover that would enlarge: kept at scale 1 and cropped to what fits.
  ExpectCanvas(Compute({100, 50}, {80, 80}, TK_FIT_COVER), 80, 50);
  ExpectCanvas(Compute({100, 50}, {80, 80}, TK_FIT_COVER, false), 80, 80);
  // Contain keeps its exact canvas.
  ExpectCanvas(Compute({100, 50}, {400, 400}, TK_FIT_CONTAIN), 400, 400);
}

TEST(Geometry, OutputDimensionLimit) {
  ThumbnailOptions o;
  o.width = 20000;
  o.without_enlargement = false;
  Geometry g;
  const Status s = ComputeGeometry(1000, 1000, o, g);
  EXPECT_EQ(s.code(), TK_ERR_LIMIT_DIMENSION);
  EXPECT_NE(s.message().find("max_output_dimension"), std::string::npos);
}

TEST(Orientation, BoxMapsBackToStoredPixels) {
  // Stored 40x30; orientation 6 shows it 30x40. The upright top-left 10x5 strip comes from the
  // stored bottom-left corner, transposed.
  const CropBox b = UprightBoxToStored({0, 0, 10, 5}, 6, 40, 30);
  EXPECT_DOUBLE_EQ(b.x, 0);
  EXPECT_DOUBLE_EQ(b.y, 20);
  EXPECT_DOUBLE_EQ(b.width, 5);
  EXPECT_DOUBLE_EQ(b.height, 10);
  const CropBox id = UprightBoxToStored({1, 2, 3, 4}, 1, 40, 30);
  EXPECT_DOUBLE_EQ(id.x, 1);
  EXPECT_DOUBLE_EQ(id.height, 4);
}

TEST(Orientation, EveryOrientationRestoresTheUprightPixels) {
  // An upright 3x2 picture with distinct pixels, stored the way each orientation stores it.
  const uint8_t upright[2][3] = {{1, 2, 3}, {4, 5, 6}};
  for (uint32_t orientation = 1; orientation <= 8; ++orientation) {
    const bool swap = SwapsAxes(orientation);
    const uint32_t sw = swap ? 2 : 3;
    const uint32_t sh = swap ? 3 : 2;
    Image stored;
    ASSERT_TRUE(Image::Allocate(sw, sh, 1, 1, stored).ok());
    // Fill stored so that UprightBoxToStored of each upright pixel's box finds that value.
    for (uint32_t y = 0; y < 2; ++y) {
      for (uint32_t x = 0; x < 3; ++x) {
        const CropBox b = UprightBoxToStored({x + 0.0, y + 0.0, 1, 1}, orientation, sw, sh);
        stored.row(static_cast<uint32_t>(b.y))[static_cast<uint32_t>(b.x)] = upright[y][x];
      }
    }
    Image out;
    ASSERT_TRUE(ApplyOrientation(stored, orientation, out).ok());
    ASSERT_EQ(out.width(), 3u);
    ASSERT_EQ(out.height(), 2u);
    for (uint32_t y = 0; y < 2; ++y) {
      for (uint32_t x = 0; x < 3; ++x) {
        EXPECT_EQ(out.row(y)[x], upright[y][x]) << "orientation " << orientation;
      }
    }
  }
}

TEST(Plan, ShrinkOnLoadPicksTheDctScale) {
  ImageInfo info;
  info.format = TK_FORMAT_JPEG;
  info.width = 2725;
  info.height = 2225;
  info.channels = 3;
  ThumbnailOptions o;
  o.width = 720;
  o.height = 588;
  o.fit = TK_FIT_FILL;
  Plan plan;
  ASSERT_TRUE(MakePlan(info, o, plan).ok());
  EXPECT_EQ(plan.jpeg_scale_denom, 2u);  // 1/4 would give 681 < 720
  o.shrink_on_load = TK_SHRINK_ON_LOAD_ACCURATE;
  ASSERT_TRUE(MakePlan(info, o, plan).ok());
  EXPECT_EQ(plan.jpeg_scale_denom, 1u);  // 1/2 leaves less than a 2x margin
  o.shrink_on_load = TK_SHRINK_ON_LOAD_FAST;
  o.width = 256;
  o.height = 0;
  info.width = 20000;
  info.height = 14000;
  ASSERT_TRUE(MakePlan(info, o, plan).ok());
  EXPECT_EQ(plan.jpeg_scale_denom, 8u);
}

TEST(Plan, AlphaIsFlattenedOnlyForJpeg) {
  ImageInfo info;
  info.format = TK_FORMAT_PNG;
  info.width = 100;
  info.height = 100;
  info.channels = 4;
  info.has_alpha = true;
  ThumbnailOptions o;
  Plan plan;
  ASSERT_TRUE(MakePlan(info, o, plan).ok());
  EXPECT_FALSE(plan.flatten_alpha);
  o.format = TK_FORMAT_JPEG;
  ASSERT_TRUE(MakePlan(info, o, plan).ok());
  EXPECT_TRUE(plan.flatten_alpha);
  EXPECT_NE(plan.ToJson().find("\"output_format\":\"jpeg\""), std::string::npos);
}

}  // namespace
}  // namespace tk
