// tk_thumbnail end to end on real fixtures: sizes per fit mode, formats, alpha, metadata, limits.
#include <string>

#include "capi_util.h"

namespace tk_test {
namespace {

const char kPhoto[] = "bench/2569067123_aca715a2ee_o.jpg";  // 2725x2225

void Set(tk_ctx* ctx, tk_param p, int64_t v) {
  ASSERT_EQ(tk_set_int(ctx, p, v), TK_OK);
}

Encoded Make(const std::string& fixture,
             std::initializer_list<std::pair<tk_param, int64_t>> params) {
  Ctx ctx = NewCtx();
  for (const auto& [p, v] : params) Set(ctx.get(), p, v);
  Encoded e = Thumbnail(ctx.get(), ReadFixture(fixture));
  EXPECT_EQ(e.status, TK_OK) << fixture << ": " << tk_last_error(ctx.get());
  return e;
}

void ExpectSize(const Encoded& e, uint32_t w, uint32_t h) {
  EXPECT_EQ(e.width, w);
  EXPECT_EQ(e.height, h);
  if (e.bytes.empty()) return;
  const tk_info info = Probe(e.bytes);
  EXPECT_EQ(info.width, w);
  EXPECT_EQ(info.height, h);
}

TEST(Thumbnail, BenchmarkTaskSizes) {
  ExpectSize(
      Make(kPhoto, {{TK_PARAM_WIDTH, 720}, {TK_PARAM_HEIGHT, 588}, {TK_PARAM_FIT, TK_FIT_FILL}}),
      720, 588);
  ExpectSize(Make(kPhoto, {{TK_PARAM_WIDTH, 512}, {TK_PARAM_HEIGHT, 512}}), 512, 512);
  const Encoded webp = Make(kPhoto, {{TK_PARAM_WIDTH, 720},
                                     {TK_PARAM_HEIGHT, 588},
                                     {TK_PARAM_FIT, TK_FIT_FILL},
                                     {TK_PARAM_FORMAT, TK_FORMAT_WEBP}});
  ExpectSize(webp, 720, 588);
  EXPECT_EQ(Probe(webp.bytes).format, TK_FORMAT_WEBP);
  const Encoded png =
      Make("bench/alpha-premultiply-2048x1536-paper.png",
           {{TK_PARAM_WIDTH, 720}, {TK_PARAM_HEIGHT, 540}, {TK_PARAM_FIT, TK_FIT_FILL}});
  ExpectSize(png, 720, 540);
  EXPECT_EQ(png.format, TK_FORMAT_PNG);
  EXPECT_TRUE(Probe(png.bytes).has_alpha);
}

TEST(Thumbnail, GiantNeedsTheLimitLifted) {
  Ctx ctx = NewCtx();
  Set(ctx.get(), TK_PARAM_WIDTH, 256);
  const std::vector<uint8_t> giant = ReadFixture("bench/giant-image.jpg");
  const Encoded refused = Thumbnail(ctx.get(), giant);
  EXPECT_EQ(refused.status, TK_ERR_LIMIT_PIXELS);
  EXPECT_NE(std::string(tk_last_error(ctx.get())).find("max_input_pixels"), std::string::npos);
  Set(ctx.get(), TK_PARAM_MAX_INPUT_PIXELS, 0);
  const Encoded ok = Thumbnail(ctx.get(), giant);
  ASSERT_EQ(ok.status, TK_OK) << tk_last_error(ctx.get());
  ExpectSize(ok, 256, 179);
  EXPECT_EQ(Probe(ok.bytes).channels, 1u);  // grey stays grey
}

TEST(Thumbnail, EveryFitModeGivesItsDocumentedSize) {
  // 2725x2225 into 300x300.
  const std::pair<tk_fit, std::pair<uint32_t, uint32_t>> cases[] = {
      {TK_FIT_COVER, {300, 300}},  {TK_FIT_CONTAIN, {300, 300}}, {TK_FIT_FILL, {300, 300}},
      {TK_FIT_INSIDE, {300, 245}}, {TK_FIT_OUTSIDE, {367, 300}},
  };
  for (const auto& [fit, size] : cases) {
    SCOPED_TRACE(fit);
    ExpectSize(Make(kPhoto, {{TK_PARAM_WIDTH, 300}, {TK_PARAM_HEIGHT, 300}, {TK_PARAM_FIT, fit}}),
               size.first, size.second);
  }
  ExpectSize(Make(kPhoto, {{TK_PARAM_WIDTH, 100}}), 100, 82);
  ExpectSize(Make(kPhoto, {{TK_PARAM_HEIGHT, 100}}), 122, 100);
  ExpectSize(Make("misc/320x240.jpg", {{TK_PARAM_WIDTH, 640}}), 320, 240);  // never enlarges
  ExpectSize(Make("misc/320x240.jpg", {{TK_PARAM_WIDTH, 640}, {TK_PARAM_WITHOUT_ENLARGEMENT, 0}}),
             640, 480);
}

TEST(Thumbnail, ContainPadsWithTheBackground) {
  const Encoded e = Make(kPhoto, {{TK_PARAM_WIDTH, 300},
                                  {TK_PARAM_HEIGHT, 300},
                                  {TK_PARAM_FIT, TK_FIT_CONTAIN},
                                  {TK_PARAM_BACKGROUND, 0xFF0000FF},
                                  {TK_PARAM_FORMAT, TK_FORMAT_PNG}});
  const Pixels px = Decode(e.bytes);
  ASSERT_EQ(px.channels, 3u);  // an opaque background adds no alpha
  // 300x245 content centred: rows 0..26 are padding.
  EXPECT_EQ(px.at(150, 5)[0], 255);
  EXPECT_EQ(px.at(150, 5)[1], 0);
  EXPECT_EQ(px.at(150, 295)[2], 0);
  // Default background is transparent where the format keeps alpha.
  const Encoded t = Make(kPhoto, {{TK_PARAM_WIDTH, 300},
                                  {TK_PARAM_HEIGHT, 300},
                                  {TK_PARAM_FIT, TK_FIT_CONTAIN},
                                  {TK_PARAM_FORMAT, TK_FORMAT_PNG}});
  const Pixels tp = Decode(t.bytes);
  ASSERT_EQ(tp.channels, 4u);
  EXPECT_EQ(tp.at(150, 5)[3], 0);
  EXPECT_EQ(tp.at(150, 150)[3], 255);
}

TEST(Thumbnail, OutputFormatFollowsInputUnlessAsked) {
  EXPECT_EQ(Make("misc/320x240.jpg", {{TK_PARAM_WIDTH, 32}}).format, TK_FORMAT_JPEG);
  EXPECT_EQ(Make("pngsuite/basn2c08.png", {{TK_PARAM_WIDTH, 16}}).format, TK_FORMAT_PNG);
  EXPECT_EQ(Make("webp/4.webp", {{TK_PARAM_WIDTH, 16}}).format, TK_FORMAT_WEBP);
  EXPECT_EQ(Make("webp/4.webp", {{TK_PARAM_WIDTH, 16}, {TK_PARAM_FORMAT, TK_FORMAT_JPEG}}).format,
            TK_FORMAT_JPEG);
}

TEST(Thumbnail, TransparentPngBecomesWhiteJpeg) {
  const Encoded e = Make("alpha/full-transparent.png", {{TK_PARAM_FORMAT, TK_FORMAT_JPEG}});
  const Pixels px = Decode(e.bytes);
  ASSERT_FALSE(px.data.empty());
  for (uint8_t v : px.data) ASSERT_GE(v, 250);
}

TEST(Thumbnail, MetadataIsStrippedUnlessKept) {
  const std::string file = "orientation/Landscape_6.jpg";
  ASSERT_TRUE(Probe(ReadFixture(file)).has_exif);
  const Encoded stripped = Make(file, {{TK_PARAM_WIDTH, 60}});
  const tk_info s = Probe(stripped.bytes);
  EXPECT_FALSE(s.has_exif);
  EXPECT_EQ(s.orientation, 1u);
  EXPECT_EQ(s.width, 60u);  // upright landscape
  const Encoded kept = Make(file, {{TK_PARAM_WIDTH, 60}, {TK_PARAM_KEEP_EXIF, 1}});
  const tk_info k = Probe(kept.bytes);
  EXPECT_TRUE(k.has_exif);
  EXPECT_EQ(k.orientation, 1u);  // pixels are upright, so the tag must say so
}

TEST(Thumbnail, EncoderOptionsReachTheEncoder) {
  const Encoded q20 = Make(kPhoto, {{TK_PARAM_WIDTH, 200}, {TK_PARAM_QUALITY, 20}});
  const Encoded q95 = Make(kPhoto, {{TK_PARAM_WIDTH, 200}, {TK_PARAM_QUALITY, 95}});
  EXPECT_LT(q20.bytes.size(), q95.bytes.size());
  const Encoded prog = Make(kPhoto, {{TK_PARAM_WIDTH, 200}, {TK_PARAM_JPEG_PROGRESSIVE, 1}});
  EXPECT_TRUE(Probe(prog.bytes).progressive);
  const Encoded lossless =
      Make(kPhoto,
           {{TK_PARAM_WIDTH, 64}, {TK_PARAM_FORMAT, TK_FORMAT_WEBP}, {TK_PARAM_WEBP_LOSSLESS, 1}});
  const Encoded lossy = Make(kPhoto, {{TK_PARAM_WIDTH, 64}, {TK_PARAM_FORMAT, TK_FORMAT_WEBP}});
  EXPECT_NE(lossless.bytes, lossy.bytes);
  const Encoded png0 = Make(
      kPhoto, {{TK_PARAM_WIDTH, 64}, {TK_PARAM_FORMAT, TK_FORMAT_PNG}, {TK_PARAM_PNG_LEVEL, 0}});
  const Encoded png9 = Make(
      kPhoto, {{TK_PARAM_WIDTH, 64}, {TK_PARAM_FORMAT, TK_FORMAT_PNG}, {TK_PARAM_PNG_LEVEL, 9}});
  EXPECT_GT(png0.bytes.size(), png9.bytes.size());
}

TEST(Thumbnail, AccurateShrinkOnLoadIsCloserToFullDecode) {
  auto make = [](int64_t mode) {
    return Decode(Make(kPhoto, {{TK_PARAM_WIDTH, 720},
                                {TK_PARAM_HEIGHT, 588},
                                {TK_PARAM_FIT, TK_FIT_FILL},
                                {TK_PARAM_FORMAT, TK_FORMAT_PNG},
                                {TK_PARAM_SHRINK_ON_LOAD, mode}})
                      .bytes);
  };
  const Pixels exact = make(TK_SHRINK_ON_LOAD_OFF);
  const Pixels fast = make(TK_SHRINK_ON_LOAD_FAST);
  const Pixels accurate = make(TK_SHRINK_ON_LOAD_ACCURATE);
  EXPECT_EQ(MeanAbsDiff(exact, accurate), 0.0);  // 1/2 leaves < 2x margin: full decode
  const double fast_diff = MeanAbsDiff(exact, fast);
  EXPECT_GT(fast_diff, 0.0);
  EXPECT_LT(fast_diff, 3.0);
}

TEST(Thumbnail, LimitsAreCheckedBeforeDecoding) {
  Ctx ctx = NewCtx();
  const std::vector<uint8_t> photo = ReadFixture(kPhoto);
  Set(ctx.get(), TK_PARAM_MAX_INPUT_BYTES, 1000);
  EXPECT_EQ(Thumbnail(ctx.get(), photo).status, TK_ERR_LIMIT_INPUT_BYTES);
  tk_ctx_reset(ctx.get());
  Set(ctx.get(), TK_PARAM_MAX_DIMENSION, 2000);
  EXPECT_EQ(Thumbnail(ctx.get(), photo).status, TK_ERR_LIMIT_DIMENSION);
  tk_ctx_reset(ctx.get());
  Set(ctx.get(), TK_PARAM_WIDTH, 5000);
  Set(ctx.get(), TK_PARAM_WITHOUT_ENLARGEMENT, 0);
  Set(ctx.get(), TK_PARAM_MAX_OUTPUT_DIMENSION, 4000);
  EXPECT_EQ(Thumbnail(ctx.get(), photo).status, TK_ERR_LIMIT_DIMENSION);
  EXPECT_NE(std::string(tk_last_error(ctx.get())).find("max_output_dimension"), std::string::npos);
}

TEST(Thumbnail, PlanJsonDescribesTheWork) {
  Ctx ctx = NewCtx();
  Set(ctx.get(), TK_PARAM_WIDTH, 256);
  Set(ctx.get(), TK_PARAM_MAX_INPUT_PIXELS, 0);
  const std::vector<uint8_t> giant = ReadFixture("bench/giant-image.jpg");
  char* json = nullptr;
  ASSERT_EQ(tk_plan_json(ctx.get(), giant.data(), giant.size(), &json), TK_OK);
  const std::string text = json;
  tk_free(json);
  EXPECT_NE(text.find("\"jpeg_scale_denom\":8"), std::string::npos) << text;
  EXPECT_NE(text.find("\"canvas\":{\"width\":256,\"height\":179}"), std::string::npos) << text;
}

}  // namespace
}  // namespace tk_test
