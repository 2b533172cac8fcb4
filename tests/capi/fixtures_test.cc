// Every shared fixture folder through the public API: what must decode does, upright and in
// sRGB; what must be refused is, with a clear status and bounded memory.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>

#include "capi_util.h"

namespace tk_test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> FilesIn(const std::string& folder) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(Fixture(folder))) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool IsImage(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp";
}

// Shrinks to a common small size so pictures can be compared despite JPEG noise.
Pixels Small(const std::string& path, uint32_t w, uint32_t h, bool auto_orient = true) {
  Ctx ctx = NewCtx();
  tk_set_int(ctx.get(), TK_PARAM_WIDTH, w);
  tk_set_int(ctx.get(), TK_PARAM_HEIGHT, h);
  tk_set_int(ctx.get(), TK_PARAM_FIT, TK_FIT_FILL);
  tk_set_int(ctx.get(), TK_PARAM_FORMAT, TK_FORMAT_PNG);
  tk_set_int(ctx.get(), TK_PARAM_AUTO_ORIENT, auto_orient);
  const Encoded e = Thumbnail(ctx.get(), ReadFile(path));
  EXPECT_EQ(e.status, TK_OK) << path << ": " << tk_last_error(ctx.get());
  return Decode(e.bytes);
}

// Each orientation fixture carries its own digit and was compressed separately, so correctly
// oriented pictures differ by about 7 levels on average at this scale; a mirrored or rotated
// one by over 25 (checked below).
constexpr double kSamePicture = 10.0;
constexpr double kOtherPicture = 25.0;

TEST(Fixtures, AllSixteenOrientationsLookTheSameUpright) {
  for (const std::string shape : {"Landscape", "Portrait"}) {
    const bool landscape = shape == "Landscape";
    const uint32_t w = landscape ? 600 : 450;
    const uint32_t h = landscape ? 450 : 600;
    const std::string first = Fixture("orientation/" + shape + "_1.jpg");
    const Pixels reference = Small(first, w / 5, h / 5);
    for (int n = 1; n <= 8; ++n) {
      SCOPED_TRACE(shape + "_" + std::to_string(n));
      const std::string path = Fixture("orientation/" + shape + "_" + std::to_string(n) + ".jpg");
      const tk_info info = Probe(ReadFile(path));
      EXPECT_EQ(info.orientation, static_cast<uint32_t>(n));
      EXPECT_EQ(info.oriented_width, w);
      EXPECT_EQ(info.oriented_height, h);
      const Pixels full = Decode(ReadFile(path));
      EXPECT_EQ(full.width, w);
      EXPECT_EQ(full.height, h);
      EXPECT_LT(MeanAbsDiff(reference, Small(path, w / 5, h / 5)), kSamePicture);
    }
  }
}

TEST(Fixtures, OrientationComparisonWouldCatchAWrongTurn) {
  // Guards the test above: the stored (not yet upright) pictures differ clearly.
  const Pixels reference = Small(Fixture("orientation/Landscape_1.jpg"), 120, 90);
  for (int n : {2, 3, 4}) {
    const std::string path = Fixture("orientation/Landscape_" + std::to_string(n) + ".jpg");
    EXPECT_GT(MeanAbsDiff(reference, Small(path, 120, 90, false)), kOtherPicture) << n;
  }
}

TEST(Fixtures, EveryValidImageMakesAThumbnail) {
  for (const std::string folder :
       {"bench", "orientation", "color", "alpha", "webp", "misc", "pngsuite", "jpeg-turbo"}) {
    for (const std::string& path : FilesIn(folder)) {
      const std::string name = fs::path(path).filename().string();
      if (!IsImage(path) || (folder == "pngsuite" && name[0] == 'x')) continue;
      SCOPED_TRACE(path);
      Ctx ctx = NewCtx();
      tk_set_int(ctx.get(), TK_PARAM_WIDTH, 64);
      tk_set_int(ctx.get(), TK_PARAM_MAX_INPUT_PIXELS, 0);  // giant-image.jpg
      const Encoded e = Thumbnail(ctx.get(), ReadFile(path));
      ASSERT_EQ(e.status, TK_OK) << tk_last_error(ctx.get());
      EXPECT_LE(e.width, 64u);
      EXPECT_FALSE(e.bytes.empty());
    }
  }
}

void ExpectRefused(const std::string& path) {
  SCOPED_TRACE(path);
  Ctx ctx = NewCtx();
  tk_set_int(ctx.get(), TK_PARAM_WIDTH, 64);
  const Encoded e = Thumbnail(ctx.get(), ReadFile(path));
  EXPECT_NE(e.status, TK_OK);
  EXPECT_NE(e.status, TK_ERR_INTERNAL);
  EXPECT_NE(e.status, TK_ERR_INVALID_ARGUMENT);
  EXPECT_GT(std::string(tk_last_error(ctx.get())).size(), 5u);
  tk_info info = TK_INFO_INIT;
  const auto bytes = ReadFile(path);
  tk_probe(ctx.get(), bytes.data(), bytes.size(), &info);  // may pass or fail, never crash
}

TEST(Fixtures, BadFilesAreRefusedWithAStatus) {
  for (const std::string& path : FilesIn("bad")) ExpectRefused(path);
  for (const std::string& path : FilesIn("bad/png-crashers")) ExpectRefused(path);
  int corrupt_suite = 0;
  for (const std::string& path : FilesIn("pngsuite")) {
    if (fs::path(path).filename().string()[0] == 'x') {
      ExpectRefused(path);
      ++corrupt_suite;
    }
  }
  EXPECT_EQ(corrupt_suite, 14);
}

TEST(Fixtures, UnsupportedJpegsSaySo) {
  for (const std::string& path : FilesIn("unsupported")) {
    if (!IsImage(path)) continue;
    SCOPED_TRACE(path);
    Ctx ctx = NewCtx();
    const Encoded e = Thumbnail(ctx.get(), ReadFile(path));
    EXPECT_EQ(e.status, TK_ERR_UNSUPPORTED) << tk_last_error(ctx.get());
  }
}

TEST(Fixtures, PixelBombIsRefusedFromItsHeaderWithSmallMemory) {
  const std::vector<uint8_t> bomb = ReadFixture("bad/65536-uint32-limit.png");
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Ctx ctx = NewCtx();
    tk_set_int(ctx.get(), TK_PARAM_WIDTH, 64);
    tk_output out = TK_OUTPUT_INIT;
    const tk_status s = tk_thumbnail(ctx.get(), bomb.data(), bomb.size(), &out);
    _exit(s == TK_ERR_LIMIT_PIXELS ? 0 : 1);
  }
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(child, &status, 0, &usage), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "expected TK_ERR_LIMIT_PIXELS";
  // Peak resident memory of the child, which starts as a copy of this process.
  EXPECT_LT(usage.ru_maxrss - before.ru_maxrss, 16 * 1024) << "KiB above the parent";
}

TEST(Fixtures, CmykComesOutAsRgb) {
  const auto with_profile = ReadFixture("color/Channel_digital_image_CMYK_color.jpg");
  const auto no_profile = ReadFixture("color/Channel_digital_image_CMYK_color_no_profile.jpg");
  EXPECT_TRUE(Probe(with_profile).is_cmyk);
  EXPECT_TRUE(Probe(with_profile).has_icc);
  EXPECT_FALSE(Probe(no_profile).has_icc);
  const Pixels a = Small(Fixture("color/Channel_digital_image_CMYK_color.jpg"), 64, 48);
  const Pixels b = Small(Fixture("color/Channel_digital_image_CMYK_color_no_profile.jpg"), 64, 48);
  ASSERT_EQ(a.channels, 3u);
  ASSERT_EQ(b.channels, 3u);
  // Profile and fallback agree roughly; an inverted or channel-swapped conversion would not.
  EXPECT_LT(MeanAbsDiff(a, b), 25.0);
  // The output carries no CMYK profile.
  Ctx ctx = NewCtx();
  tk_set_int(ctx.get(), TK_PARAM_WIDTH, 64);
  EXPECT_FALSE(Probe(Thumbnail(ctx.get(), with_profile).bytes).has_icc);
}

TEST(Fixtures, DisplayP3IsConvertedToSrgb) {
  // p3.png is saturated P3 red, outside sRGB: it must come out as sRGB red, profile dropped.
  // (The conversion's arithmetic is pinned in tests/pipeline/color_test.cc.)
  const auto p3 = ReadFixture("color/p3.png");
  ASSERT_TRUE(Probe(p3).has_icc);
  Ctx convert = NewCtx();
  tk_set_int(convert.get(), TK_PARAM_FORMAT, TK_FORMAT_PNG);
  const Encoded srgb = Thumbnail(convert.get(), p3);
  ASSERT_EQ(srgb.status, TK_OK);
  EXPECT_FALSE(Probe(srgb.bytes).has_icc);
  const Pixels px = Decode(srgb.bytes);
  ASSERT_EQ(px.channels, 4u);
  for (uint32_t i = 0; i < px.width * px.height; ++i) {
    EXPECT_GE(px.data[i * 4], 250);
    EXPECT_LE(px.data[i * 4 + 1], 5);
    EXPECT_LE(px.data[i * 4 + 2], 5);
  }
  Ctx keep = NewCtx();
  tk_set_int(keep.get(), TK_PARAM_FORMAT, TK_FORMAT_PNG);
  tk_set_int(keep.get(), TK_PARAM_KEEP_ICC, 1);
  const Encoded kept = Thumbnail(keep.get(), p3);
  ASSERT_EQ(kept.status, TK_OK);
  EXPECT_TRUE(Probe(kept.bytes).has_icc);
}

TEST(Fixtures, ThreadsGiveTheSameBytesAsOneThread) {
  const std::vector<std::string> inputs = {"bench/flowers.jpeg", "alpha/with-alpha.png",
                                           "webp/5_webp_a.webp", "orientation/Portrait_7.jpg"};
  auto run_all = [&]() {
    std::vector<std::vector<uint8_t>> outs;
    Ctx ctx = NewCtx();
    tk_set_int(ctx.get(), TK_PARAM_WIDTH, 96);
    tk_set_int(ctx.get(), TK_PARAM_HEIGHT, 96);
    for (const auto& in : inputs) outs.push_back(Thumbnail(ctx.get(), ReadFixture(in)).bytes);
    return outs;
  };
  const auto expected = run_all();
  std::vector<std::vector<std::vector<uint8_t>>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&, t] { got[t] = run_all(); });
  for (auto& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

}  // namespace
}  // namespace tk_test
