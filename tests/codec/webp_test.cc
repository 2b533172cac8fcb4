// WebP codec: probe/decode of the shared fixtures, malformed inputs made from them, and encode
// round trips (lossless exact, lossy PSNR, alpha, metadata).
#include <gtest/gtest.h>
#include <webp/demux.h>
#include <webp/mux.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "codec/codec.h"
#include "codec/exif.h"
#include "test_util.h"

namespace {

using tk::ByteBuffer;
using tk::Bytes;
using tk::Decoded;
using tk::DecodeOptions;
using tk::EncodeOptions;
using tk::Image;
using tk::ImageInfo;
using tk::Limits;
using tk::Status;

std::vector<uint8_t> Fixture(const std::string& name) {
  std::vector<uint8_t> data = tk_test::ReadFixture("webp/" + name);
  EXPECT_FALSE(data.empty()) << "missing fixture webp/" << name;
  return data;
}

// Statuses a malformed input may legitimately produce; anything else (or a crash) is a bug.
bool IsCleanRejection(const Status& s) {
  switch (s.code()) {
    case TK_ERR_CORRUPT:
    case TK_ERR_TRUNCATED:
    case TK_ERR_UNSUPPORTED:
    case TK_ERR_LIMIT_PIXELS:
    case TK_ERR_LIMIT_DIMENSION:
    case TK_ERR_LIMIT_METADATA:
      return !s.message().empty();
    default:
      return false;
  }
}

// A deterministic test picture: smooth gradients plus a little texture, optional alpha.
Image MakeImage(uint32_t w, uint32_t h, uint32_t channels, bool alpha_never_zero = true) {
  Image img;
  EXPECT_TRUE(Image::Allocate(w, h, channels, 1, img).ok());
  for (uint32_t y = 0; y < h; ++y) {
    uint8_t* row = img.row(y);
    for (uint32_t x = 0; x < w; ++x) {
      uint8_t* px = row + x * channels;
      const auto r = static_cast<uint8_t>(x * 255 / std::max(1u, w - 1));
      const auto g = static_cast<uint8_t>(y * 255 / std::max(1u, h - 1));
      const auto b = static_cast<uint8_t>((x + y) * 2 + ((x / 8 + y / 8) % 2) * 16);
      const auto a = static_cast<uint8_t>(alpha_never_zero ? 1 + (x * 7 + y * 3) % 255
                                                           : (x < w / 2 ? 0 : 200));
      switch (channels) {
        case 1:
          px[0] = r;
          break;
        case 2:
          px[0] = r, px[1] = a;
          break;
        case 3:
          px[0] = r, px[1] = g, px[2] = b;
          break;
        default:
          px[0] = r, px[1] = g, px[2] = b, px[3] = a;
          break;
      }
    }
  }
  return img;
}

std::vector<uint8_t> EncodeOrDie(const Image& img, const EncodeOptions& options) {
  ByteBuffer out;
  const Status s = tk::EncodeWebp(img, options, out);
  EXPECT_TRUE(s.ok()) << s.message();
  return std::vector<uint8_t>(out.data(), out.data() + out.size());
}

Decoded DecodeOrDie(Bytes data, const DecodeOptions& options = {}) {
  Decoded out;
  const Status s = tk::DecodeWebp(data, options, out);
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

// PSNR over the channels both images share.
double Psnr(const Image& a, const Image& b, uint32_t channels) {
  double sum = 0;
  uint64_t n = 0;
  for (uint32_t y = 0; y < a.height(); ++y) {
    for (uint32_t x = 0; x < a.width(); ++x) {
      for (uint32_t c = 0; c < channels; ++c) {
        const double d = static_cast<double>(a.row(y)[x * a.channels() + c]) -
                         static_cast<double>(b.row(y)[x * b.channels() + c]);
        sum += d * d;
        ++n;
      }
    }
  }
  if (sum == 0) return 99;
  return 10 * std::log10(255.0 * 255.0 / (sum / static_cast<double>(n)));
}

void PutLe24(std::vector<uint8_t>& d, size_t at, uint32_t v) {
  d[at] = v & 0xFF;
  d[at + 1] = (v >> 8) & 0xFF;
  d[at + 2] = (v >> 16) & 0xFF;
}

// Rewrites the VP8X canvas (stored minus one, 24 bits each).
std::vector<uint8_t> WithCanvas(std::vector<uint8_t> d, uint32_t w, uint32_t h) {
  EXPECT_EQ(0, std::memcmp(d.data() + 12, "VP8X", 4));
  PutLe24(d, 24, w - 1);
  PutLe24(d, 27, h - 1);
  return d;
}

// An animation assembled with the mux API: frames are (image, x, y).
struct Frame {
  Image image;
  int x;
  int y;
};
std::vector<uint8_t> MakeAnimation(int canvas_w, int canvas_h, const std::vector<Frame>& frames) {
  WebPMux* mux = WebPMuxNew();
  std::vector<std::vector<uint8_t>> bitstreams;
  for (const Frame& f : frames) bitstreams.push_back(EncodeOrDie(f.image, EncodeOptions{}));
  for (size_t i = 0; i < frames.size(); ++i) {
    WebPMuxFrameInfo info{};
    info.bitstream = {bitstreams[i].data(), bitstreams[i].size()};
    info.x_offset = frames[i].x;
    info.y_offset = frames[i].y;
    info.duration = 100;
    info.id = WEBP_CHUNK_ANMF;
    info.dispose_method = WEBP_MUX_DISPOSE_NONE;
    info.blend_method = WEBP_MUX_BLEND;
    EXPECT_EQ(WEBP_MUX_OK, WebPMuxPushFrame(mux, &info, 1));
  }
  WebPMuxAnimParams params = {0xFFFFFFFF, 0};
  EXPECT_EQ(WEBP_MUX_OK, WebPMuxSetAnimationParams(mux, &params));
  EXPECT_EQ(WEBP_MUX_OK, WebPMuxSetCanvasSize(mux, canvas_w, canvas_h));
  WebPData assembled = {nullptr, 0};
  EXPECT_EQ(WEBP_MUX_OK, WebPMuxAssemble(mux, &assembled));
  std::vector<uint8_t> out(assembled.bytes, assembled.bytes + assembled.size);
  WebPDataClear(&assembled);
  WebPMuxDelete(mux);
  return out;
}

// A little-endian TIFF header with IFD0 holding only the orientation tag.
std::vector<uint8_t> ExifWithOrientation(uint16_t orientation) {
  return {'I',  'I',  42, 0, 8, 0, 0, 0,  // header, IFD0 at 8
          1,    0,                        // one entry
          0x12, 0x01, 3,  0, 1, 0, 0, 0, static_cast<uint8_t>(orientation), 0, 0, 0,  // SHORT
          0,    0,    0,  0};                                                         // no next IFD
}

// ---- Fixtures ----

struct FixtureCase {
  const char* name;
  uint32_t width;
  uint32_t height;
  bool alpha;
  uint32_t frames;
  bool uniform;  // the (first) picture is one flat colour
};

void PrintTo(const FixtureCase& c, std::ostream* os) {
  *os << c.name;
}

class WebpFixtureTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(WebpFixtureTest, ProbeReadsHeaders) {
  const FixtureCase& c = GetParam();
  const std::vector<uint8_t> data = Fixture(c.name);
  ImageInfo info;
  const Status s = tk::ProbeWebp(data, Limits{}, info);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(TK_FORMAT_WEBP, info.format);
  EXPECT_EQ(c.width, info.width);
  EXPECT_EQ(c.height, info.height);
  EXPECT_EQ(c.alpha, info.has_alpha);
  EXPECT_EQ(c.alpha ? 4u : 3u, info.channels);
  EXPECT_EQ(c.frames, info.frames);
  EXPECT_EQ(8u, info.bit_depth);
  EXPECT_EQ(1u, info.orientation);
  EXPECT_FALSE(info.progressive);
  EXPECT_FALSE(info.has_icc);
  EXPECT_FALSE(info.has_exif);
  EXPECT_EQ(tk::ColorModel::kRgb, info.color);

  // The format-dispatching entry point reaches the same code.
  ImageInfo via_dispatch;
  ASSERT_TRUE(tk::Probe(data, Limits{}, via_dispatch).ok());
  EXPECT_EQ(info.width, via_dispatch.width);
  EXPECT_EQ(info.frames, via_dispatch.frames);
}

TEST_P(WebpFixtureTest, DecodesAtStoredSize) {
  const FixtureCase& c = GetParam();
  const std::vector<uint8_t> data = Fixture(c.name);
  const Decoded d = DecodeOrDie(data);
  ASSERT_FALSE(d.image.empty());
  EXPECT_EQ(c.width, d.image.width());
  EXPECT_EQ(c.height, d.image.height());
  EXPECT_EQ(c.alpha ? 4u : 3u, d.image.channels());
  EXPECT_EQ(1u, d.image.bytes_per_sample());
  EXPECT_EQ(tk::ColorModel::kRgb, d.color);
  EXPECT_TRUE(d.icc.empty());
  EXPECT_TRUE(d.exif.empty());
  // Real content, not an untouched buffer.
  uint8_t lo = 255;
  uint8_t hi = 0;
  for (uint32_t y = 0; y < d.image.height(); ++y) {
    for (size_t i = 0; i < size_t{d.image.width()} * d.image.channels(); ++i) {
      lo = std::min(lo, d.image.row(y)[i]);
      hi = std::max(hi, d.image.row(y)[i]);
    }
  }
  if (c.uniform) {
    EXPECT_EQ(lo, hi);
  } else {
    EXPECT_LT(lo + 64, hi);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, WebpFixtureTest,
    ::testing::Values(FixtureCase{"4.webp", 1024, 772, false, 1, false},
                      FixtureCase{"5_webp_a.webp", 300, 300, true, 1, false},
                      FixtureCase{"animated-loop-3.webp", 370, 285, true, 10, false},
                      FixtureCase{"big-height.webp", 13, 169, false, 97, true},
                      FixtureCase{"rotating-squares.webp", 80, 80, true, 9, false}),
    [](const auto& param_info) {
      std::string n = param_info.param.name;
      std::replace_if(
          n.begin(), n.end(), [](unsigned char ch) { return !std::isalnum(ch); }, '_');
      return n;
    });

TEST(WebpDecode, AlphaIsStraightNotPremultiplied) {
  const Decoded d = DecodeOrDie(Fixture("5_webp_a.webp"));
  ASSERT_EQ(4u, d.image.channels());
  bool saw_transparent = false;
  bool saw_partial = false;
  bool saw_bright_partial = false;  // premultiplied data can never have colour above alpha
  for (uint32_t y = 0; y < d.image.height(); ++y) {
    for (uint32_t x = 0; x < d.image.width(); ++x) {
      const uint8_t* px = d.image.row(y) + x * 4;
      saw_transparent |= px[3] == 0;
      saw_partial |= px[3] > 0 && px[3] < 255;
      saw_bright_partial |= px[3] > 0 && px[3] < 255 && std::max({px[0], px[1], px[2]}) > px[3];
    }
  }
  EXPECT_TRUE(saw_transparent);
  EXPECT_TRUE(saw_partial);
  EXPECT_TRUE(saw_bright_partial);
}

TEST(WebpDecode, ScaledDecodeGivesExactlyTheRequestedSize) {
  const std::vector<uint8_t> data = Fixture("4.webp");
  const Decoded full = DecodeOrDie(data);
  DecodeOptions options;
  options.webp_width = 256;
  options.webp_height = 193;
  const Decoded scaled = DecodeOrDie(data, options);
  EXPECT_EQ(256u, scaled.image.width());
  EXPECT_EQ(193u, scaled.image.height());
  EXPECT_EQ(3u, scaled.image.channels());

  // One side given keeps the aspect ratio.
  options.webp_height = 0;
  options.webp_width = 512;
  const Decoded by_width = DecodeOrDie(data, options);
  EXPECT_EQ(512u, by_width.image.width());
  EXPECT_EQ(386u, by_width.image.height());
  options.webp_width = 0;
  options.webp_height = 100;
  const Decoded by_height = DecodeOrDie(data, options);
  EXPECT_EQ(133u, by_height.image.width());
  EXPECT_EQ(100u, by_height.image.height());

  // The scaled picture is the same picture: compare with a 4x box shrink of the full decode.
  Image boxed;
  ASSERT_TRUE(Image::Allocate(256, 193, 3, 1, boxed).ok());
  for (uint32_t y = 0; y < 193; ++y) {
    for (uint32_t x = 0; x < 256; ++x) {
      for (uint32_t c = 0; c < 3; ++c) {
        unsigned sum = 0;
        for (uint32_t dy = 0; dy < 4; ++dy) {
          for (uint32_t dx = 0; dx < 4; ++dx)
            sum += full.image.row(y * 4 + dy)[(x * 4 + dx) * 3 + c];
        }
        boxed.row(y)[x * 3 + c] = static_cast<uint8_t>((sum + 8) / 16);
      }
    }
  }
  EXPECT_GT(Psnr(boxed, scaled.image, 3), 25.0);
}

TEST(WebpDecode, ScaledDecodeWithAlphaAndOfACoveringAnimationFrame) {
  DecodeOptions options;
  options.webp_width = 150;
  options.webp_height = 150;
  const Decoded alpha = DecodeOrDie(Fixture("5_webp_a.webp"), options);
  EXPECT_EQ(150u, alpha.image.width());
  EXPECT_EQ(150u, alpha.image.height());
  EXPECT_EQ(4u, alpha.image.channels());

  // Animations: a first frame covering the canvas decodes scaled; one that does not is
  // composited at canvas size (the caller reads the size it got).
  options.webp_width = 185;
  options.webp_height = 142;
  const Decoded covering = DecodeOrDie(Fixture("animated-loop-3.webp"), options);
  EXPECT_EQ(185u, covering.image.width());
  EXPECT_EQ(142u, covering.image.height());
  EXPECT_EQ(4u, covering.image.channels());
  options.webp_width = 40;
  options.webp_height = 40;
  const Decoded composited = DecodeOrDie(Fixture("rotating-squares.webp"), options);
  EXPECT_EQ(80u, composited.image.width());
  EXPECT_EQ(80u, composited.image.height());
}

TEST(WebpDecode, ScaledSizeIsCheckedAgainstTheLimits) {
  DecodeOptions options;
  options.webp_width = 100000;
  options.webp_height = 10;
  Decoded out;
  const Status s = tk::DecodeWebp(Fixture("4.webp"), options, out);
  EXPECT_EQ(TK_ERR_LIMIT_DIMENSION, s.code()) << s.message();
  EXPECT_TRUE(out.image.empty());
}

// The first frame we return is what libwebp's own compositor shows first, on either path.
TEST(WebpAnimation, FirstFrameMatchesLibwebpCompositor) {
  for (const char* name : {"animated-loop-3.webp", "big-height.webp", "rotating-squares.webp"}) {
    const std::vector<uint8_t> data = Fixture(name);
    const Decoded d = DecodeOrDie(data);
    WebPAnimDecoderOptions options;
    ASSERT_TRUE(WebPAnimDecoderOptionsInit(&options));
    options.color_mode = MODE_RGBA;
    const WebPData webp_data = {data.data(), data.size()};
    WebPAnimDecoder* dec = WebPAnimDecoderNew(&webp_data, &options);
    ASSERT_NE(nullptr, dec);
    uint8_t* canvas = nullptr;
    int timestamp = 0;
    ASSERT_TRUE(WebPAnimDecoderGetNext(dec, &canvas, &timestamp));
    const uint32_t ch = d.image.channels();
    int mismatches = 0;
    for (uint32_t y = 0; y < d.image.height(); ++y) {
      for (uint32_t x = 0; x < d.image.width(); ++x) {
        const uint8_t* ref = canvas + (size_t{y} * d.image.width() + x) * 4;
        const uint8_t* got = d.image.row(y) + x * ch;
        const uint8_t alpha = ch == 4 ? got[3] : 255;
        // Colour under fully transparent pixels is free to differ.
        if (alpha != ref[3] || (ref[3] != 0 && std::memcmp(ref, got, 3) != 0)) ++mismatches;
      }
    }
    EXPECT_EQ(0, mismatches) << name;
    WebPAnimDecoderDelete(dec);
  }
}

// ---- Animations made here, to reach both first-frame paths ----

TEST(WebpAnimation, FirstFrameSmallerThanCanvasIsCompositedOnTransparency) {
  Image red;
  ASSERT_TRUE(Image::Allocate(32, 24, 3, 1, red).ok());
  for (uint32_t y = 0; y < 24; ++y) {
    for (uint32_t x = 0; x < 32; ++x) {
      red.row(y)[x * 3] = 250, red.row(y)[x * 3 + 1] = 10, red.row(y)[x * 3 + 2] = 10;
    }
  }
  std::vector<Frame> frames;
  frames.push_back({std::move(red), 16, 8});
  frames.push_back({MakeImage(64, 48, 3), 0, 0});
  const std::vector<uint8_t> data = MakeAnimation(64, 48, frames);

  ImageInfo info;
  ASSERT_TRUE(tk::ProbeWebp(data, Limits{}, info).ok());
  EXPECT_EQ(64u, info.width);
  EXPECT_EQ(48u, info.height);
  EXPECT_EQ(2u, info.frames);
  EXPECT_TRUE(info.has_alpha);  // the uncovered canvas is transparent
  EXPECT_EQ(4u, info.channels);

  DecodeOptions options;
  options.webp_width = 16;  // ignored on this path: the caller reads the actual size
  options.webp_height = 12;
  const Decoded d = DecodeOrDie(data, options);
  ASSERT_EQ(64u, d.image.width());
  ASSERT_EQ(48u, d.image.height());
  ASSERT_EQ(4u, d.image.channels());
  EXPECT_EQ(0, d.image.row(0)[3]);            // outside the frame
  EXPECT_EQ(0, d.image.row(47)[63 * 4 + 3]);  // outside the frame
  const uint8_t* inside = d.image.row(20) + 30 * 4;
  EXPECT_EQ(255, inside[3]);
  EXPECT_GT(inside[0], 200);
  EXPECT_LT(inside[1], 60);
}

TEST(WebpAnimation, OpaqueCoveringFirstFrameDecodesDirectlyAsRgb) {
  std::vector<Frame> frames;
  frames.push_back({MakeImage(64, 48, 3), 0, 0});
  frames.push_back({MakeImage(32, 24, 3), 0, 0});
  const std::vector<uint8_t> data = MakeAnimation(64, 48, frames);
  ImageInfo info;
  ASSERT_TRUE(tk::ProbeWebp(data, Limits{}, info).ok());
  EXPECT_FALSE(info.has_alpha);
  EXPECT_EQ(3u, info.channels);
  EXPECT_EQ(2u, info.frames);
  const Decoded d = DecodeOrDie(data);
  ASSERT_EQ(3u, d.image.channels());
  EXPECT_GT(Psnr(MakeImage(64, 48, 3), d.image, 3), 30.0);

  DecodeOptions options;
  options.webp_width = 32;
  options.webp_height = 24;
  const Decoded scaled = DecodeOrDie(data, options);
  EXPECT_EQ(32u, scaled.image.width());
  EXPECT_EQ(24u, scaled.image.height());
}

// ---- Malformed input ----

const char* const kAllFixtures[] = {"4.webp", "5_webp_a.webp", "animated-loop-3.webp",
                                    "big-height.webp", "rotating-squares.webp"};

TEST(WebpMalformed, EveryTruncationIsReportedAsTruncated) {
  for (const char* name : kAllFixtures) {
    const std::vector<uint8_t> data = Fixture(name);
    std::vector<size_t> cuts;
    for (size_t n = 0; n < std::min<size_t>(data.size(), 96); ++n) cuts.push_back(n);
    for (size_t n = 96; n < data.size(); n += std::max<size_t>(1, data.size() / 97)) {
      cuts.push_back(n);
    }
    cuts.push_back(data.size() - 1);
    for (size_t n : cuts) {
      const Bytes cut(data.data(), n);
      ImageInfo info;
      const Status probe = tk::ProbeWebp(cut, Limits{}, info);
      EXPECT_EQ(TK_ERR_TRUNCATED, probe.code())
          << name << " cut at " << n << ": " << probe.message();
      Decoded out;
      const Status decode = tk::DecodeWebp(cut, DecodeOptions{}, out);
      EXPECT_EQ(TK_ERR_TRUNCATED, decode.code())
          << name << " cut at " << n << ": " << decode.message();
      EXPECT_TRUE(out.image.empty());
    }
  }
}

TEST(WebpMalformed, RandomBitFlipsGiveAnImageOrAStatus) {
  std::mt19937 rng(20240607);
  Limits limits;
  limits.max_input_pixels = 4u << 20;  // flipped canvases stay small enough to decode quickly
  DecodeOptions options;
  options.limits = limits;
  for (const char* name : kAllFixtures) {
    const std::vector<uint8_t> data = Fixture(name);
    int failures = 0;
    for (int trial = 0; trial < 150; ++trial) {
      std::vector<uint8_t> bad = data;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f) {
        // Favour the headers, where the parsing is.
        const size_t span = (trial % 2 == 0) ? std::min<size_t>(bad.size(), 64) : bad.size();
        bad[rng() % span] ^= static_cast<uint8_t>(1u << (rng() % 8));
      }
      ImageInfo info;
      const Status probe = tk::ProbeWebp(bad, limits, info);
      Decoded out;
      const Status decode = tk::DecodeWebp(bad, options, out);
      if (decode.ok()) {
        ASSERT_TRUE(probe.ok()) << name << " trial " << trial;
        EXPECT_EQ(info.width, out.image.width()) << name << " trial " << trial;
        EXPECT_EQ(info.height, out.image.height()) << name << " trial " << trial;
        EXPECT_EQ(info.channels, out.image.channels()) << name << " trial " << trial;
      } else {
        ++failures;
        EXPECT_TRUE(IsCleanRejection(decode))
            << name << " trial " << trial << ": " << decode.code() << " " << decode.message();
        EXPECT_TRUE(out.image.empty());
      }
      if (!probe.ok()) {
        EXPECT_TRUE(IsCleanRejection(probe)) << name << " trial " << trial;
        EXPECT_FALSE(decode.ok()) << name << " trial " << trial;
      }
    }
    EXPECT_GT(failures, 0) << name << ": no flip was ever detected";
  }
}

TEST(WebpMalformed, ZeroedHeaderBytesGiveAnImageOrAStatus) {
  for (const char* name : kAllFixtures) {
    const std::vector<uint8_t> data = Fixture(name);
    for (size_t at = 0; at + 4 <= std::min<size_t>(data.size(), 64); ++at) {
      std::vector<uint8_t> bad = data;
      std::fill(bad.begin() + static_cast<std::ptrdiff_t>(at),
                bad.begin() + static_cast<std::ptrdiff_t>(at + 4), 0);
      Decoded out;
      const Status s = tk::DecodeWebp(bad, DecodeOptions{}, out);
      if (s.ok()) {
        EXPECT_FALSE(out.image.empty());
      } else {
        EXPECT_TRUE(IsCleanRejection(s)) << name << " zeroed at " << at << ": " << s.message();
      }
      // The signature or the first chunk's tag gone: never accepted.
      if (at < 16) {
        EXPECT_FALSE(s.ok()) << name << " zeroed at " << at;
      }
    }
  }
  Decoded out;
  const std::vector<uint8_t> zeros(64, 0);
  EXPECT_EQ(TK_ERR_CORRUPT, tk::DecodeWebp(zeros, DecodeOptions{}, out).code());
  EXPECT_FALSE(tk::DecodeWebp(Bytes(), DecodeOptions{}, out).ok());
}

TEST(WebpMalformed, HugeVp8xCanvasHitsTheLimitFromTheHeader) {
  Limits small;
  small.max_input_pixels = 1u << 20;
  DecodeOptions small_options;
  small_options.limits = small;
  for (const char* name : {"5_webp_a.webp", "rotating-squares.webp"}) {
    const std::vector<uint8_t> bad = WithCanvas(Fixture(name), 16383, 16383);
    ImageInfo info;
    Status s = tk::ProbeWebp(bad, small, info);
    EXPECT_EQ(TK_ERR_LIMIT_PIXELS, s.code()) << name << ": " << s.message();
    EXPECT_NE(std::string::npos, s.message().find("16383x16383")) << s.message();
    Decoded out;
    s = tk::DecodeWebp(bad, small_options, out);
    EXPECT_EQ(TK_ERR_LIMIT_PIXELS, s.code()) << name << ": " << s.message();
    EXPECT_TRUE(out.image.empty());
  }

  // The largest canvas VP8X can declare, 2^24 a side, is a limit error with the defaults...
  const std::vector<uint8_t> max_canvas =
      WithCanvas(Fixture("rotating-squares.webp"), 1u << 24, 1u << 24);
  ImageInfo info;
  EXPECT_EQ(TK_ERR_LIMIT_PIXELS, tk::ProbeWebp(max_canvas, Limits{}, info).code());
  Decoded out;
  EXPECT_EQ(TK_ERR_LIMIT_PIXELS, tk::DecodeWebp(max_canvas, DecodeOptions{}, out).code());
  // ...a side limit error when only one side is long...
  const std::vector<uint8_t> wide = WithCanvas(Fixture("rotating-squares.webp"), 70000, 80);
  EXPECT_EQ(TK_ERR_LIMIT_DIMENSION, tk::ProbeWebp(wide, Limits{}, info).code());
  // ...and, with the limits off, libwebp's own 2^32-pixel ceiling makes it corrupt, not a crash.
  Limits unlimited;
  unlimited.max_input_pixels = 0;
  unlimited.max_dimension = 0;
  const Status s = tk::ProbeWebp(max_canvas, unlimited, info);
  EXPECT_EQ(TK_ERR_CORRUPT, s.code()) << s.message();

  // A still image whose VP8X canvas disagrees with its bitstream is corrupt.
  const std::vector<uint8_t> mismatch = WithCanvas(Fixture("5_webp_a.webp"), 301, 300);
  EXPECT_EQ(TK_ERR_CORRUPT, tk::DecodeWebp(mismatch, DecodeOptions{}, out).code());
}

TEST(WebpMalformed, HugeSimpleFormatDimensionsHitTheLimit) {
  Limits small;
  small.max_input_pixels = 1u << 20;
  ImageInfo info;

  // Lossy: the 14-bit sizes in the VP8 key frame header.
  std::vector<uint8_t> lossy = Fixture("4.webp");
  ASSERT_EQ(0, std::memcmp(lossy.data() + 12, "VP8 ", 4));
  ASSERT_EQ(0x9d, lossy[23]);
  lossy[26] = 0xFF, lossy[27] = 0x3F, lossy[28] = 0xFF, lossy[29] = 0x3F;
  Status s = tk::ProbeWebp(lossy, small, info);
  EXPECT_EQ(TK_ERR_LIMIT_PIXELS, s.code()) << s.message();

  // Lossless: the 14-bit sizes after the VP8L signature byte.
  EncodeOptions lossless;
  lossless.webp_lossless = true;
  std::vector<uint8_t> vp8l = EncodeOrDie(MakeImage(40, 30, 3), lossless);
  ASSERT_EQ(0, std::memcmp(vp8l.data() + 12, "VP8L", 4));
  ASSERT_EQ(0x2F, vp8l[20]);
  vp8l[21] = 0xFF;
  vp8l[22] = vp8l[22] | 0x3F;
  vp8l[23] = 0xFF;
  vp8l[24] = (vp8l[24] & 0xF0) | 0x0F;
  s = tk::ProbeWebp(vp8l, small, info);
  EXPECT_EQ(TK_ERR_LIMIT_PIXELS, s.code()) << s.message();
  Decoded out;
  DecodeOptions options;
  options.limits = small;
  EXPECT_EQ(TK_ERR_LIMIT_PIXELS, tk::DecodeWebp(vp8l, options, out).code());
}

TEST(WebpMalformed, RiffSizeBeyondTheDataIsTruncated) {
  std::vector<uint8_t> data = Fixture("4.webp");
  data[4] = 0xF0, data[5] = 0xFF, data[6] = 0xFF, data[7] = 0x7F;
  ImageInfo info;
  const Status s = tk::ProbeWebp(data, Limits{}, info);
  EXPECT_TRUE(s.code() == TK_ERR_TRUNCATED || s.code() == TK_ERR_CORRUPT) << s.message();
  Decoded out;
  EXPECT_FALSE(tk::DecodeWebp(data, DecodeOptions{}, out).ok());
}

// ---- Encode ----

TEST(WebpEncode, LosslessRoundTripIsExact) {
  EncodeOptions options;
  options.webp_lossless = true;
  for (uint32_t channels : {3u, 4u}) {
    const Image src = MakeImage(67, 41, channels);
    const std::vector<uint8_t> data = EncodeOrDie(src, options);
    EXPECT_EQ(TK_FORMAT_WEBP, tk::SniffFormat(data));
    const Decoded d = DecodeOrDie(data);
    ASSERT_EQ(channels, d.image.channels());
    ASSERT_EQ(67u, d.image.width());
    ASSERT_EQ(41u, d.image.height());
    for (uint32_t y = 0; y < 41; ++y) {
      ASSERT_EQ(0, std::memcmp(src.row(y), d.image.row(y), 67 * channels)) << "row " << y;
    }
  }
}

TEST(WebpEncode, GrayIsExpandedToRgb) {
  EncodeOptions options;
  options.webp_lossless = true;
  const Image gray = MakeImage(30, 20, 1);
  const Decoded d = DecodeOrDie(EncodeOrDie(gray, options));
  ASSERT_EQ(3u, d.image.channels());
  for (uint32_t y = 0; y < 20; ++y) {
    for (uint32_t x = 0; x < 30; ++x) {
      const uint8_t* px = d.image.row(y) + x * 3;
      ASSERT_EQ(gray.row(y)[x], px[0]);
      ASSERT_EQ(gray.row(y)[x], px[1]);
      ASSERT_EQ(gray.row(y)[x], px[2]);
    }
  }
  const Image gray_alpha = MakeImage(30, 20, 2);
  const Decoded da = DecodeOrDie(EncodeOrDie(gray_alpha, options));
  ASSERT_EQ(4u, da.image.channels());
  for (uint32_t y = 0; y < 20; ++y) {
    for (uint32_t x = 0; x < 30; ++x) {
      ASSERT_EQ(gray_alpha.row(y)[x * 2], da.image.row(y)[x * 4 + 1]);
      ASSERT_EQ(gray_alpha.row(y)[x * 2 + 1], da.image.row(y)[x * 4 + 3]);
    }
  }
}

TEST(WebpEncode, LossyRoundTripIsClose) {
  const Image src = MakeImage(128, 96, 3);
  EncodeOptions options;
  options.quality = 90;
  const Decoded d = DecodeOrDie(EncodeOrDie(src, options));
  ASSERT_EQ(3u, d.image.channels());
  EXPECT_GT(Psnr(src, d.image, 3), 30.0);
}

TEST(WebpEncode, LossyKeepsAlpha) {
  const Image src = MakeImage(64, 64, 4, /*alpha_never_zero=*/false);
  EncodeOptions options;  // alpha_quality 100: alpha is coded losslessly
  const std::vector<uint8_t> data = EncodeOrDie(src, options);
  ImageInfo info;
  ASSERT_TRUE(tk::ProbeWebp(data, Limits{}, info).ok());
  EXPECT_TRUE(info.has_alpha);
  const Decoded d = DecodeOrDie(data);
  ASSERT_EQ(4u, d.image.channels());
  for (uint32_t y = 0; y < 64; ++y) {
    for (uint32_t x = 0; x < 64; ++x) {
      ASSERT_EQ(src.row(y)[x * 4 + 3], d.image.row(y)[x * 4 + 3]) << x << "," << y;
    }
  }
}

TEST(WebpEncode, HonoursTheStrideOfAView) {
  const Image packed = MakeImage(20, 10, 3);
  std::vector<uint8_t> padded(10 * 64, 0xAB);
  for (uint32_t y = 0; y < 10; ++y) std::memcpy(padded.data() + y * 64, packed.row(y), 60);
  const Image view = Image::View(padded.data(), 20, 10, 3, 1, 64);
  EncodeOptions options;
  options.webp_lossless = true;
  const Decoded d = DecodeOrDie(EncodeOrDie(view, options));
  for (uint32_t y = 0; y < 10; ++y) ASSERT_EQ(0, std::memcmp(packed.row(y), d.image.row(y), 60));
}

TEST(WebpEncode, QualityAndEffortChangeTheSize) {
  const Image src = MakeImage(160, 120, 3);
  EncodeOptions low;
  low.quality = 10;
  EncodeOptions high;
  high.quality = 95;
  EXPECT_LT(EncodeOrDie(src, low).size(), EncodeOrDie(src, high).size());

  EncodeOptions fast;
  fast.webp_effort = 0;
  EncodeOptions slow;
  slow.webp_effort = 6;
  EXPECT_NE(EncodeOrDie(src, fast).size(), EncodeOrDie(src, slow).size());

  EncodeOptions lossless_fast = fast;
  lossless_fast.webp_lossless = true;
  EncodeOptions lossless_slow = slow;
  lossless_slow.webp_lossless = true;
  EXPECT_GT(EncodeOrDie(src, lossless_fast).size(), EncodeOrDie(src, lossless_slow).size());
}

TEST(WebpEncode, IccAndExifRoundTrip) {
  std::vector<uint8_t> icc(300);
  for (size_t i = 0; i < icc.size(); ++i) icc[i] = static_cast<uint8_t>(i * 13);
  const std::vector<uint8_t> exif = ExifWithOrientation(6);
  for (bool lossless : {false, true}) {
    EncodeOptions options;
    options.webp_lossless = lossless;
    options.icc = &icc;
    options.exif = &exif;
    const std::vector<uint8_t> data = EncodeOrDie(MakeImage(40, 30, 4), options);
    ASSERT_EQ(0, std::memcmp(data.data() + 12, "VP8X", 4));

    ImageInfo info;
    ASSERT_TRUE(tk::ProbeWebp(data, Limits{}, info).ok());
    EXPECT_TRUE(info.has_icc);
    EXPECT_TRUE(info.has_exif);
    EXPECT_TRUE(info.has_alpha);
    EXPECT_EQ(40u, info.width);
    EXPECT_EQ(1u, info.frames);
    EXPECT_EQ(tk::ExifOrientation(exif), info.orientation);

    const Decoded d = DecodeOrDie(data);
    EXPECT_EQ(icc, d.icc);
    EXPECT_EQ(exif, d.exif);
    EXPECT_EQ(4u, d.image.channels());

    // Metadata limits apply to the chunks.
    Limits tight;
    tight.max_metadata_bytes = 100;
    EXPECT_EQ(TK_ERR_LIMIT_METADATA, tk::ProbeWebp(data, tight, info).code());
  }

  // Only one of the two, and an EXIF chunk written with the JPEG "Exif\0\0" prefix.
  std::vector<uint8_t> prefixed(6 + exif.size(), 0);
  std::memcpy(prefixed.data(), "Exif", 4);  // then two zero bytes
  std::memcpy(prefixed.data() + 6, exif.data(), exif.size());
  EncodeOptions options;
  options.exif = &prefixed;
  const std::vector<uint8_t> data = EncodeOrDie(MakeImage(40, 30, 3), options);
  ImageInfo info;
  ASSERT_TRUE(tk::ProbeWebp(data, Limits{}, info).ok());
  EXPECT_FALSE(info.has_icc);
  EXPECT_TRUE(info.has_exif);
  EXPECT_FALSE(info.has_alpha);
  const Decoded d = DecodeOrDie(data);
  EXPECT_TRUE(d.icc.empty());
  EXPECT_EQ(exif, d.exif);
  EXPECT_EQ(3u, d.image.channels());
}

TEST(WebpEncode, RejectsWhatWebpCannotStore) {
  ByteBuffer out;
  Image wide;
  ASSERT_TRUE(Image::Allocate(16384, 1, 3, 1, wide).ok());
  Status s = tk::EncodeWebp(wide, EncodeOptions{}, out);
  EXPECT_EQ(TK_ERR_LIMIT_DIMENSION, s.code());
  EXPECT_NE(std::string::npos, s.message().find("16383")) << s.message();

  Image deep;
  ASSERT_TRUE(Image::Allocate(8, 8, 3, 2, deep).ok());
  EXPECT_EQ(TK_ERR_INVALID_ARGUMENT, tk::EncodeWebp(deep, EncodeOptions{}, out).code());
  EXPECT_EQ(TK_ERR_INVALID_ARGUMENT, tk::EncodeWebp(Image(), EncodeOptions{}, out).code());

  const Image src = MakeImage(8, 8, 3);
  EncodeOptions bad_effort;
  bad_effort.webp_effort = 7;
  EXPECT_EQ(TK_ERR_INVALID_ARGUMENT, tk::EncodeWebp(src, bad_effort, out).code());
  EncodeOptions bad_quality;
  bad_quality.quality = 101;
  EXPECT_EQ(TK_ERR_INVALID_ARGUMENT, tk::EncodeWebp(src, bad_quality, out).code());
  EXPECT_EQ(0u, out.size());

  // The largest legal side still encodes.
  Image tall;
  ASSERT_TRUE(Image::Allocate(1, 16383, 1, 1, tall).ok());
  std::memset(tall.data(), 128, 16383);
  EXPECT_TRUE(tk::EncodeWebp(tall, EncodeOptions{}, out).ok());
  EXPECT_GT(out.size(), 0u);
}

TEST(WebpEncode, DispatchedThroughEncode) {
  EncodeOptions options;
  options.format = TK_FORMAT_WEBP;
  ByteBuffer out;
  ASSERT_TRUE(tk::Encode(MakeImage(16, 16, 3), options, out).ok());
  EXPECT_EQ(TK_FORMAT_WEBP, tk::SniffFormat(Bytes(out.data(), out.size())));
}

}  // namespace
