// Decompression and allocation bombs: each is refused from its header with the status and the
// message naming the limit, and the refusing process never grows by more than a small bound.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "codec/jpeg/libjpeg.h"
#include "hardening_util.h"

namespace tk_test {
namespace {

// Far below what decoding any of these bombs would need (gigabytes), far above a header parse.
constexpr long kPeakRssBoundKib = 48 * 1024;

enum class Call { kProbe, kThumbnail, kDecode };
const char* Name(Call c) {
  return c == Call::kProbe ? "tk_probe" : c == Call::kThumbnail ? "tk_thumbnail" : "tk_decode";
}

using Params = std::vector<std::pair<tk_param, int64_t>>;

tk_status RunCall(Call call, const std::vector<uint8_t>& bytes, const Params& params,
                  std::string* message = nullptr) {
  Ctx ctx = NewCtx();
  tk_set_int(ctx.get(), TK_PARAM_WIDTH, 64);
  for (const auto& [param, value] : params) tk_set_int(ctx.get(), param, value);
  tk_status s = TK_OK;
  if (call == Call::kProbe) {
    tk_info info = TK_INFO_INIT;
    s = tk_probe(ctx.get(), bytes.data(), bytes.size(), &info);
  } else if (call == Call::kThumbnail) {
    tk_output out = TK_OUTPUT_INIT;
    s = tk_thumbnail(ctx.get(), bytes.data(), bytes.size(), &out);
    tk_free(out.data);
  } else {
    tk_pixels px = TK_PIXELS_INIT;
    s = tk_decode(ctx.get(), bytes.data(), bytes.size(), &px);
    tk_free(px.data);
  }
  if (message != nullptr) *message = tk_last_error(ctx.get());
  return s;
}

// The call is refused with `expected`, says `limit_name`, and stays under the memory bound.
void ExpectRefused(const std::vector<uint8_t>& bytes, std::initializer_list<Call> calls,
                   tk_status expected, const std::string& limit_name, const Params& params = {}) {
  for (const Call call : calls) {
    SCOPED_TRACE(Name(call));
    const ChildResult child = RunInChild([&] { return RunCall(call, bytes, params); });
    ASSERT_TRUE(child.exited) << "the call crashed";
    EXPECT_EQ(child.status, expected) << tk_status_name(child.status);
    EXPECT_LT(child.peak_rss_above_parent_kib, kPeakRssBoundKib) << "KiB above the parent";
    std::string message;
    EXPECT_EQ(RunCall(call, bytes, params, &message), expected);
    EXPECT_NE(message.find(limit_name), std::string::npos) << message;
  }
}

constexpr std::initializer_list<Call> kAllCalls = {Call::kProbe, Call::kThumbnail, Call::kDecode};
constexpr std::initializer_list<Call> kDecodingCalls = {Call::kThumbnail, Call::kDecode};

// --- JPEG ---

// A real 16x16 JPEG cut after a few bytes of scan data, its SOF rewritten to w x h.
std::vector<uint8_t> JpegDeclaring(uint16_t w, uint16_t h) {
  std::vector<uint8_t> jpeg = EncodeSample(TK_FORMAT_JPEG, 16, 16);
  for (size_t i = 2; i + 9 < jpeg.size(); ++i) {
    if (jpeg[i] == 0xFF && (jpeg[i + 1] == 0xC0 || jpeg[i + 1] == 0xC2)) {
      jpeg[i + 5] = static_cast<uint8_t>(h >> 8);
      jpeg[i + 6] = static_cast<uint8_t>(h);
      jpeg[i + 7] = static_cast<uint8_t>(w >> 8);
      jpeg[i + 8] = static_cast<uint8_t>(w);
    }
    if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA) {  // SOS: keep its header and 8 bytes of data
      const size_t sos_length = (size_t{jpeg[i + 2]} << 8) | jpeg[i + 3];
      jpeg.resize(i + 2 + sos_length + 8);
      jpeg.push_back(0xFF);
      jpeg.push_back(0xD9);
      return jpeg;
    }
  }
  ADD_FAILURE() << "no SOS in the sample JPEG";
  return jpeg;
}

TEST(Limits, JpegDeclaring65500SquaredIsRefusedFromTheHeader) {
  const std::vector<uint8_t> bomb = JpegDeclaring(65500, 65500);
  ExpectRefused(bomb, kAllCalls, TK_ERR_LIMIT_PIXELS, "max_input_pixels");
  // With the pixel limit lifted, the side limit still holds before any allocation.
  ExpectRefused(bomb, kAllCalls, TK_ERR_LIMIT_DIMENSION, "max_dimension",
                {{TK_PARAM_MAX_INPUT_PIXELS, 0}, {TK_PARAM_MAX_DIMENSION, 60000}});
}

// A progressive JPEG whose scan script refines every coefficient of every component one bit at a
// time: 11 DC scans + 3 x 63 x 11 AC scans = 2090 scans, all valid.
std::vector<uint8_t> ManyScanJpeg() {
  constexpr int kMaxAl = 10;  // libjpeg's largest successive-approximation shift for 8 bits
  std::vector<jpeg_scan_info> script;
  for (int al = kMaxAl; al >= 0; --al) {
    jpeg_scan_info dc{};
    dc.comps_in_scan = 3;
    for (int c = 0; c < 3; ++c) dc.component_index[c] = c;
    dc.Ss = dc.Se = 0;
    dc.Ah = al == kMaxAl ? 0 : al + 1;
    dc.Al = al;
    script.push_back(dc);
  }
  for (int c = 0; c < 3; ++c) {
    for (int k = 1; k < 64; ++k) {
      for (int al = kMaxAl; al >= 0; --al) {
        jpeg_scan_info ac{};
        ac.comps_in_scan = 1;
        ac.component_index[0] = c;
        ac.Ss = ac.Se = k;
        ac.Ah = al == kMaxAl ? 0 : al + 1;
        ac.Al = al;
        script.push_back(ac);
      }
    }
  }
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr jerr{};
  cinfo.err = jpeg_std_error(&jerr);  // a failure here exits: the script above is known valid
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = 16;
  cinfo.image_height = 16;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  cinfo.scan_info = script.data();
  cinfo.num_scans = static_cast<int>(script.size());
  cinfo.optimize_coding = TRUE;
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<uint8_t> row(16 * 3);
  for (JDIMENSION y = 0; y < 16; ++y) {
    for (size_t x = 0; x < row.size(); ++x) row[x] = static_cast<uint8_t>(x * 5 + y * 11);
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::vector<uint8_t> jpeg(buffer, buffer + size);
  std::free(buffer);
  return jpeg;
}

TEST(Limits, ProgressiveJpegWithThousandsOfScansHitsTheScanLimit) {
  const std::vector<uint8_t> bomb = ManyScanJpeg();
  int sos = 0;
  for (size_t i = 0; i + 1 < bomb.size(); ++i) sos += bomb[i] == 0xFF && bomb[i + 1] == 0xDA;
  ASSERT_EQ(sos, 2090);
  ExpectRefused(bomb, kDecodingCalls, TK_ERR_LIMIT_SCANS, "max_scans");
  ExpectRefused(bomb, kDecodingCalls, TK_ERR_LIMIT_SCANS, "max_scans",
                {{TK_PARAM_MAX_SCANS, 2000}});
  // The file itself is valid: lifting the limit decodes it.
  EXPECT_EQ(RunCall(Call::kThumbnail, bomb, {{TK_PARAM_MAX_SCANS, 2090}}), TK_OK);
}

// --- WebP ---

TEST(Limits, WebpVp8xDeclaringAHugeCanvasIsRefused) {
  std::vector<uint8_t> webp = EncodeSample(TK_FORMAT_WEBP, 8, 8, 3, /*lossless=*/true);
  ASSERT_EQ(std::memcmp(webp.data() + 12, "VP8L", 4), 0);
  std::vector<uint8_t> vp8x = {'V', 'P', '8', 'X', 10, 0, 0, 0, 0, 0, 0, 0};
  const uint32_t side = 1u << 24;  // the largest canvas VP8X can state: 2^24 x 2^24
  for (int i = 0; i < 3; ++i) vp8x.push_back(static_cast<uint8_t>((side - 1) >> (8 * i)));
  for (int i = 0; i < 3; ++i) vp8x.push_back(static_cast<uint8_t>((side - 1) >> (8 * i)));
  webp.insert(webp.begin() + 12, vp8x.begin(), vp8x.end());
  PutLittleEndian32(webp, 4, static_cast<uint32_t>(webp.size() - 8));
  ExpectRefused(webp, kAllCalls, TK_ERR_LIMIT_PIXELS, "max_input_pixels");
  ExpectRefused(webp, kAllCalls, TK_ERR_LIMIT_DIMENSION, "max_dimension",
                {{TK_PARAM_MAX_INPUT_PIXELS, 0}});
}

TEST(Limits, WebpLosslessDeclaring16384SquaredIsRefused) {
  std::vector<uint8_t> webp = EncodeSample(TK_FORMAT_WEBP, 8, 8, 3, /*lossless=*/true);
  ASSERT_EQ(webp[20], 0x2F);  // VP8L signature; 14-bit width-1 and height-1 follow
  webp[21] = webp[22] = webp[23] = 0xFF;
  webp[24] = static_cast<uint8_t>(webp[24] | 0x0F);
  ExpectRefused(webp, kAllCalls, TK_ERR_LIMIT_PIXELS, "max_input_pixels");
}

// --- PNG ---

TEST(Limits, Png65536SquaredFixtureIsRefused) {
  const std::vector<uint8_t> bomb = ReadFixture("bad/65536-uint32-limit.png");
  ASSERT_FALSE(bomb.empty());
  ExpectRefused(bomb, kAllCalls, TK_ERR_LIMIT_PIXELS, "max_input_pixels");
  ExpectRefused(bomb, kAllCalls, TK_ERR_LIMIT_DIMENSION, "max_dimension",
                {{TK_PARAM_MAX_INPUT_PIXELS, 0}});
}

TEST(Limits, PngDeclaringHugeTextChunksIsRefusedByName) {
  const std::vector<uint8_t> png = EncodeSample(TK_FORMAT_PNG, 8, 8);
  for (const char* type : {"tEXt", "zTXt", "iTXt", "iCCP", "eXIf"}) {
    SCOPED_TRACE(type);
    // The length field claims 1 GiB; the bytes are not there.
    const std::vector<uint8_t> bomb =
        WithChunkAfterIhdr(png, PngChunk(type, {'k', 0, 0}, uint64_t{1} << 30));
    ExpectRefused(bomb, kAllCalls, TK_ERR_LIMIT_METADATA, "max_metadata_bytes");
  }
}

// 128 MiB of zeros deflate to ~128 KiB: an ICC profile that declares and holds 128 MiB.
std::vector<uint8_t> ZlibBombPayload(bool icc_header) {
  std::vector<uint8_t> raw(size_t{128} << 20, 0);
  if (icc_header) {
    PutBigEndian32(raw, 0, static_cast<uint32_t>(raw.size()));
    std::memcpy(raw.data() + 36, "acsp", 4);
  }
  return Zlib(raw);
}

TEST(Limits, PngIccZlibBombIsRefused) {
  const std::vector<uint8_t> png = EncodeSample(TK_FORMAT_PNG, 8, 8);
  std::vector<uint8_t> payload = {'b', 'o', 'm', 'b', 0, 0};  // name, NUL, compression method 0
  const std::vector<uint8_t> z = ZlibBombPayload(/*icc_header=*/true);
  payload.insert(payload.end(), z.begin(), z.end());
  const std::vector<uint8_t> bomb = WithChunkAfterIhdr(png, PngChunk("iCCP", payload));
  ExpectRefused(bomb, kAllCalls, TK_ERR_LIMIT_METADATA, "max_metadata_bytes");
}

TEST(Limits, PngTextZlibBombIsNeverInflated) {
  const std::vector<uint8_t> png = EncodeSample(TK_FORMAT_PNG, 8, 8);
  std::vector<uint8_t> payload = {'C', 'o', 'm', 'm', 'e', 'n', 't', 0, 0};
  const std::vector<uint8_t> z = ZlibBombPayload(/*icc_header=*/false);
  payload.insert(payload.end(), z.begin(), z.end());
  const std::vector<uint8_t> bomb = WithChunkAfterIhdr(png, PngChunk("zTXt", payload));
  for (const Call call : kAllCalls) {
    SCOPED_TRACE(Name(call));
    const ChildResult child = RunInChild([&] { return RunCall(call, bomb, {}); });
    ASSERT_TRUE(child.exited);
    EXPECT_EQ(child.status, TK_OK) << tk_status_name(child.status);  // text is skipped, not read
    EXPECT_LT(child.peak_rss_above_parent_kib, kPeakRssBoundKib);
  }
}

TEST(Limits, LibpngCrashersStayRefusedAndSmall) {
  namespace fs = std::filesystem;
  int count = 0;
  for (const auto& entry : fs::directory_iterator(Fixture("bad/png-crashers"))) {
    SCOPED_TRACE(entry.path().filename().string());
    const std::vector<uint8_t> bytes = ReadFile(entry.path().string());
    const ChildResult child = RunInChild([&] { return RunCall(Call::kThumbnail, bytes, {}); });
    ASSERT_TRUE(child.exited) << "the call crashed";
    EXPECT_NE(child.status, TK_ERR_INTERNAL) << tk_status_name(child.status);
    EXPECT_LT(child.peak_rss_above_parent_kib, kPeakRssBoundKib);
    ++count;
  }
  EXPECT_EQ(count, 22);
}

}  // namespace
}  // namespace tk_test
