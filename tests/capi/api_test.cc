// The ABI's own contract: versions, parameters, statuses, messages, argument checks, and the
// low-level decode/resize/encode calls.
#include <set>
#include <string>

#include "capi_util.h"

namespace tk_test {
namespace {

TEST(Api, VersionMatchesHeader) {
  EXPECT_EQ(tk_version(), static_cast<unsigned>(TK_VERSION_NUMBER));
  EXPECT_STREQ(tk_version_string(), TK_VERSION_STRING);
}

TEST(Api, ParameterBoundsAndDefaults) {
  int64_t lo = -1, hi = -1, def = -1;
  ASSERT_EQ(tk_param_bounds(TK_PARAM_QUALITY, &lo, &hi, &def), TK_OK);
  EXPECT_EQ(lo, 1);
  EXPECT_EQ(hi, 100);
  EXPECT_EQ(def, 80);
  ASSERT_EQ(tk_param_bounds(TK_PARAM_MAX_INPUT_PIXELS, nullptr, nullptr, &def), TK_OK);
  EXPECT_EQ(def, 268402689);
  ASSERT_EQ(tk_param_bounds(TK_PARAM_KERNEL, nullptr, nullptr, &def), TK_OK);
  EXPECT_EQ(def, TK_KERNEL_LANCZOS3);
  ASSERT_EQ(tk_param_bounds(TK_PARAM_WITHOUT_ENLARGEMENT, nullptr, nullptr, &def), TK_OK);
  EXPECT_EQ(def, 1);
  EXPECT_EQ(tk_param_bounds(static_cast<tk_param>(9999), &lo, &hi, &def), TK_ERR_INVALID_ARGUMENT);
}

TEST(Api, SetGetAndReset) {
  Ctx ctx = NewCtx();
  ASSERT_EQ(tk_set_int(ctx.get(), TK_PARAM_WIDTH, 320), TK_OK);
  int64_t v = 0;
  ASSERT_EQ(tk_get_int(ctx.get(), TK_PARAM_WIDTH, &v), TK_OK);
  EXPECT_EQ(v, 320);
  EXPECT_EQ(tk_set_int(ctx.get(), TK_PARAM_QUALITY, 101), TK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(tk_last_error(ctx.get())).find("TK_PARAM_QUALITY"), std::string::npos);
  EXPECT_EQ(tk_set_int(ctx.get(), TK_PARAM_FIT, -1), TK_ERR_INVALID_ARGUMENT);
  ASSERT_EQ(tk_get_int(ctx.get(), TK_PARAM_QUALITY, &v), TK_OK);
  EXPECT_EQ(v, 80);  // a refused value changes nothing
  tk_ctx_reset(ctx.get());
  ASSERT_EQ(tk_get_int(ctx.get(), TK_PARAM_WIDTH, &v), TK_OK);
  EXPECT_EQ(v, 0);
  EXPECT_STREQ(tk_last_error(ctx.get()), "");
}

TEST(Api, StatusNamesAndHttpCodes) {
  std::set<std::string> names;
  for (int s = TK_OK; s <= TK_ERR_INTERNAL; ++s) {
    names.insert(tk_status_name(static_cast<tk_status>(s)));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(TK_ERR_INTERNAL + 1));
  EXPECT_STREQ(tk_status_name(static_cast<tk_status>(777)), "TK_ERR_UNKNOWN_STATUS");
  EXPECT_EQ(tk_status_http(TK_OK), 200);
  EXPECT_EQ(tk_status_http(TK_ERR_INVALID_ARGUMENT), 400);
  EXPECT_EQ(tk_status_http(TK_ERR_LIMIT_PIXELS), 413);
  EXPECT_EQ(tk_status_http(TK_ERR_UNKNOWN_FORMAT), 415);
  EXPECT_EQ(tk_status_http(TK_ERR_CORRUPT), 422);
  EXPECT_EQ(tk_status_http(TK_ERR_OUT_OF_MEMORY), 503);
  EXPECT_STREQ(tk_format_name(TK_FORMAT_WEBP), "webp");
}

TEST(Api, NullArgumentsAreRefusedWithAMessage) {
  tk_output out = TK_OUTPUT_INIT;
  EXPECT_EQ(tk_thumbnail(nullptr, "x", 1, &out), TK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(tk_last_error(nullptr)).find("ctx"), std::string::npos);
  Ctx ctx = NewCtx();
  EXPECT_EQ(tk_thumbnail(ctx.get(), nullptr, 10, &out), TK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(tk_thumbnail(ctx.get(), "x", 1, nullptr), TK_ERR_INVALID_ARGUMENT);
  tk_output unsized = TK_OUTPUT_INIT;
  unsized.struct_size = 0;
  EXPECT_EQ(tk_thumbnail(ctx.get(), "x", 1, &unsized), TK_ERR_INVALID_ARGUMENT);
  tk_info info = TK_INFO_INIT;
  EXPECT_EQ(tk_probe(ctx.get(), "", 0, &info), TK_ERR_UNKNOWN_FORMAT);
  EXPECT_NE(std::string(tk_last_error(ctx.get())).find("empty"), std::string::npos);
  const char junk[] = "this is not an image at all";
  EXPECT_EQ(tk_probe(ctx.get(), junk, sizeof junk, &info), TK_ERR_UNKNOWN_FORMAT);
}

TEST(Api, OlderSmallerInfoStructIsFilledOnlyUpToItsSize) {
  const std::vector<uint8_t> jpeg = ReadFixture("misc/320x240.jpg");
  Ctx ctx = NewCtx();
  tk_info info = TK_INFO_INIT;
  info.struct_size = offsetof(tk_info, oriented_width);  // a caller from an older release
  info.oriented_width = 12345;
  ASSERT_EQ(tk_probe(ctx.get(), jpeg.data(), jpeg.size(), &info), TK_OK);
  EXPECT_EQ(info.width, 320u);
  EXPECT_EQ(info.oriented_width, 12345u);
  EXPECT_EQ(info.struct_size, offsetof(tk_info, oriented_width));
}

TEST(Api, DecodeResizeEncodeOwnPixels) {
  Ctx ctx = NewCtx();
  const std::vector<uint8_t> jpeg = ReadFixture("misc/320x240.jpg");
  tk_pixels src = TK_PIXELS_INIT;
  ASSERT_EQ(tk_decode(ctx.get(), jpeg.data(), jpeg.size(), &src), TK_OK);
  EXPECT_EQ(src.width, 320u);
  EXPECT_EQ(src.format, TK_PIXEL_RGB8);

  // Library-allocated destination.
  tk_pixels dst = TK_PIXELS_INIT;
  dst.width = 80;
  dst.height = 60;
  dst.format = src.format;
  ASSERT_EQ(tk_resize(ctx.get(), &src, &dst), TK_OK) << tk_last_error(ctx.get());
  ASSERT_NE(dst.data, nullptr);
  EXPECT_EQ(dst.stride, 80u * 3);

  // Caller-allocated destination with padding between rows.
  std::vector<uint8_t> mine(60 * 256, 0xAB);
  tk_pixels padded = TK_PIXELS_INIT;
  padded.data = mine.data();
  padded.width = 80;
  padded.height = 60;
  padded.stride = 256;
  padded.format = src.format;
  ASSERT_EQ(tk_resize(ctx.get(), &src, &padded), TK_OK);
  for (uint32_t y = 0; y < 60; ++y) {
    EXPECT_EQ(std::memcmp(mine.data() + y * 256, static_cast<uint8_t*>(dst.data) + y * 240, 240),
              0);
    EXPECT_EQ(mine[y * 256 + 250], 0xAB);  // padding untouched
  }

  ASSERT_EQ(tk_set_int(ctx.get(), TK_PARAM_FORMAT, TK_FORMAT_PNG), TK_OK);
  tk_output out = TK_OUTPUT_INIT;
  ASSERT_EQ(tk_encode(ctx.get(), &dst, &out), TK_OK) << tk_last_error(ctx.get());
  std::vector<uint8_t> png(static_cast<uint8_t*>(out.data),
                           static_cast<uint8_t*>(out.data) + out.size);
  const tk_info info = Probe(png);
  EXPECT_EQ(info.format, TK_FORMAT_PNG);
  EXPECT_EQ(info.width, 80u);
  // PNG is lossless: decoding gives back exactly the resized pixels.
  const Pixels back = Decode(png);
  EXPECT_EQ(std::memcmp(back.data.data(), dst.data, back.data.size()), 0);

  tk_pixels wrong = dst;
  wrong.format = TK_PIXEL_RGBA8;
  EXPECT_EQ(tk_resize(ctx.get(), &src, &wrong), TK_ERR_INVALID_ARGUMENT);
  tk_free(out.data);
  tk_free(dst.data);
  tk_free(src.data);
}

}  // namespace
}  // namespace tk_test
