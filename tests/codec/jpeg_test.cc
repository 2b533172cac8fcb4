#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "codec/codec.h"
#include "codec/exif.h"
#include "codec/jpeg/jpeg_error.h"
#include "codec/jpeg/libjpeg.h"
#include "test_util.h"

namespace tk {
namespace {

using tk_test::Fixture;
using tk_test::ReadFixture;

Bytes AsBytes(const std::vector<uint8_t>& v) {
  return Bytes(v.data(), v.size());
}
Bytes AsBytes(const ByteBuffer& b) {
  return Bytes(b.data(), b.size());
}

double Psnr(const Image& a, const Image& b) {
  EXPECT_EQ(a.width(), b.width());
  EXPECT_EQ(a.height(), b.height());
  EXPECT_EQ(a.channels(), b.channels());
  if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) return 0;
  double sum = 0;
  const size_t row_bytes = size_t{a.width()} * a.channels();
  for (uint32_t y = 0; y < a.height(); ++y) {
    for (size_t x = 0; x < row_bytes; ++x) {
      const double d = double(a.row(y)[x]) - double(b.row(y)[x]);
      sum += d * d;
    }
  }
  const double mse = sum / (double(row_bytes) * a.height());
  return mse == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

Decoded MustDecode(Bytes data, const DecodeOptions& options = {}) {
  Decoded out;
  const Status s = DecodeJpeg(data, options, out);
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

ByteBuffer MustEncode(const Image& image, const EncodeOptions& options = {}) {
  ByteBuffer out;
  const Status s = EncodeJpeg(image, options, out);
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

// Header facts read back with plain libjpeg (guarded by our error manager).
struct RawHeader {
  bool ok = false;
  int h_samp[3] = {};
  int v_samp[3] = {};
  int num_components = 0;
  bool progressive = false;
  J_COLOR_SPACE color_space = JCS_UNKNOWN;
};

struct RawJob {
  jpeg_decompress_struct cinfo;
  jpeg::ErrorManager err;
  const uint8_t* data;
  size_t size;
  bool decode_cmyk;  // also decode all rows to `pixels` as libjpeg's raw CMYK
  uint8_t* pixels;
};

RawHeader ReadRawHeader(Bytes data, std::vector<uint8_t>* raw_cmyk = nullptr) {
  RawJob job;
  std::memset(&job, 0, sizeof(job));
  jpeg::InitErrorManager(job.err, false, false);
  job.cinfo.err = &job.err.pub;
  job.data = data.data();
  job.size = data.size();
  job.decode_cmyk = raw_cmyk != nullptr;
  RawHeader header;
  const bool ok = jpeg::CallGuarded(
      job.err,
      [](void* arg) {
        auto* j = static_cast<RawJob*>(arg);
        jpeg_create_decompress(&j->cinfo);
        jpeg_mem_src(&j->cinfo, j->data, j->size);
        jpeg_read_header(&j->cinfo, TRUE);
      },
      &job);
  if (ok) {
    header.ok = true;
    header.num_components = job.cinfo.num_components;
    for (int c = 0; c < std::min(3, job.cinfo.num_components); ++c) {
      header.h_samp[c] = job.cinfo.comp_info[c].h_samp_factor;
      header.v_samp[c] = job.cinfo.comp_info[c].v_samp_factor;
    }
    header.progressive = job.cinfo.progressive_mode;
    header.color_space = job.cinfo.jpeg_color_space;
    if (raw_cmyk != nullptr) {
      raw_cmyk->assign(size_t{job.cinfo.image_width} * job.cinfo.image_height * 4, 0);
      job.pixels = raw_cmyk->data();
      job.cinfo.out_color_space = JCS_CMYK;
      header.ok = jpeg::CallGuarded(
          job.err,
          [](void* arg) {
            auto* j = static_cast<RawJob*>(arg);
            jpeg_start_decompress(&j->cinfo);
            while (j->cinfo.output_scanline < j->cinfo.output_height) {
              JSAMPROW row =
                  j->pixels + size_t{j->cinfo.output_scanline} * j->cinfo.output_width * 4;
              jpeg_read_scanlines(&j->cinfo, &row, 1);
            }
            jpeg_finish_decompress(&j->cinfo);
          },
          &job);
    }
  }
  jpeg_destroy_decompress(&job.cinfo);
  return header;
}

// Every JPEG fixture that must decode (giant-image.jpg is probed only).
std::vector<std::string> DecodableFixtures() {
  std::vector<std::string> files;
  for (const char* dir : {"jpeg-turbo", "misc", "orientation", "color", "bench"}) {
    for (const auto& entry : std::filesystem::directory_iterator(Fixture(dir))) {
      const std::string name = entry.path().filename().string();
      const std::string ext = entry.path().extension().string();
      if ((ext == ".jpg" || ext == ".jpeg") && name != "giant-image.jpg") {
        files.push_back(std::string(dir) + "/" + name);
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A 10-scan progressive JPEG (no fixture is progressive): testorig re-encoded.
std::vector<uint8_t> ProgressiveJpeg() {
  const Decoded d = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  EncodeOptions options;
  options.jpeg_progressive = true;
  const ByteBuffer encoded = MustEncode(d.image, options);
  return std::vector<uint8_t>(encoded.data(), encoded.data() + encoded.size());
}

// ---- Probe ----

TEST(JpegProbeTest, OrientationFixtures) {
  for (int n = 1; n <= 8; ++n) {
    for (const bool landscape : {true, false}) {
      const std::string name = std::string("orientation/") +
                               (landscape ? "Landscape_" : "Portrait_") + std::to_string(n) +
                               ".jpg";
      SCOPED_TRACE(name);
      const std::vector<uint8_t> data = ReadFixture(name);
      ImageInfo info;
      const Status s = ProbeJpeg(AsBytes(data), Limits{}, info);
      ASSERT_TRUE(s.ok()) << s.message();
      EXPECT_EQ(info.format, TK_FORMAT_JPEG);
      EXPECT_EQ(info.orientation, uint32_t(n));
      EXPECT_TRUE(info.has_exif);
      // Orientations 5..8 transpose, so those are stored with the sides swapped.
      const bool stored_wide = landscape == (n <= 4);
      EXPECT_EQ(info.width, stored_wide ? 600u : 450u);
      EXPECT_EQ(info.height, stored_wide ? 450u : 600u);
      EXPECT_EQ(info.channels, 3u);
      EXPECT_EQ(info.color, ColorModel::kRgb);
      EXPECT_EQ(info.bit_depth, 8u);
      EXPECT_EQ(info.frames, 1u);
      EXPECT_FALSE(info.has_alpha);
    }
  }
}

TEST(JpegProbeTest, BasicFacts) {
  ImageInfo info;
  ASSERT_TRUE(ProbeJpeg(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")), Limits{}, info).ok());
  EXPECT_EQ(info.width, 227u);
  EXPECT_EQ(info.height, 149u);
  EXPECT_EQ(info.channels, 3u);
  EXPECT_FALSE(info.progressive);
  EXPECT_FALSE(info.has_icc);
  EXPECT_FALSE(info.has_exif);
  EXPECT_EQ(info.orientation, 1u);

  ASSERT_TRUE(ProbeJpeg(AsBytes(ReadFixture("misc/concert.jpg")), Limits{}, info).ok());
  EXPECT_EQ(info.channels, 1u);
  EXPECT_EQ(info.color, ColorModel::kGray);
  EXPECT_TRUE(info.has_icc);
}

TEST(JpegProbeTest, ProgressiveFlag) {
  ImageInfo info;
  // testimgint.jpg is libjpeg-turbo's integer-DCT baseline image, not progressive.
  ASSERT_TRUE(ProbeJpeg(AsBytes(ReadFixture("jpeg-turbo/testimgint.jpg")), Limits{}, info).ok());
  EXPECT_FALSE(info.progressive);
  const std::vector<uint8_t> progressive = ProgressiveJpeg();
  ASSERT_TRUE(ProbeJpeg(AsBytes(progressive), Limits{}, info).ok());
  EXPECT_TRUE(info.progressive);
}

TEST(JpegProbeTest, GiantImageProbesWithoutDecoding) {
  const std::vector<uint8_t> data = ReadFixture("bench/giant-image.jpg");
  ImageInfo info;
  // 20000 x 14000 = 280M pixels, above the default limit.
  const Status limited = ProbeJpeg(AsBytes(data), Limits{}, info);
  EXPECT_EQ(limited.code(), TK_ERR_LIMIT_PIXELS) << limited.message();
  Limits unlimited;
  unlimited.max_input_pixels = 0;
  const Status s = ProbeJpeg(AsBytes(data), unlimited, info);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(info.width, 20000u);
  EXPECT_EQ(info.height, 14000u);
  EXPECT_EQ(info.channels, 1u);
  EXPECT_EQ(info.color, ColorModel::kGray);
}

TEST(JpegProbeTest, PixelAndDimensionLimits) {
  const std::vector<uint8_t> data = ReadFixture("jpeg-turbo/testorig.jpg");
  ImageInfo info;
  Decoded decoded;
  Limits pixels;
  pixels.max_input_pixels = 1000;
  Status s = ProbeJpeg(AsBytes(data), pixels, info);
  EXPECT_EQ(s.code(), TK_ERR_LIMIT_PIXELS);
  EXPECT_NE(s.message().find("max_input_pixels=1000"), std::string::npos) << s.message();
  DecodeOptions options;
  options.limits = pixels;
  EXPECT_EQ(DecodeJpeg(AsBytes(data), options, decoded).code(), TK_ERR_LIMIT_PIXELS);
  EXPECT_TRUE(decoded.image.empty());

  Limits side;
  side.max_dimension = 200;
  EXPECT_EQ(ProbeJpeg(AsBytes(data), side, info).code(), TK_ERR_LIMIT_DIMENSION);
}

TEST(JpegProbeTest, MetadataLimit) {
  const std::vector<uint8_t> data = ReadFixture("color/Channel_digital_image_CMYK_color.jpg");
  Limits limits;
  limits.max_metadata_bytes = 1000;
  ImageInfo info;
  const Status s = ProbeJpeg(AsBytes(data), limits, info);
  EXPECT_EQ(s.code(), TK_ERR_LIMIT_METADATA);
  EXPECT_NE(s.message().find("ICC"), std::string::npos) << s.message();
}

// ---- Decode ----

TEST(JpegDecodeTest, EveryFixtureDecodes) {
  const std::vector<std::string> files = DecodableFixtures();
  ASSERT_GE(files.size(), 28u);  // the folders were found and listed
  for (const std::string& name : files) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> data = ReadFixture(name);
    ImageInfo info;
    const Status probed = ProbeJpeg(AsBytes(data), Limits{}, info);
    ASSERT_TRUE(probed.ok()) << probed.message();
    Decoded d;
    const Status s = DecodeJpeg(AsBytes(data), DecodeOptions{}, d);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(d.image.width(), info.width);
    EXPECT_EQ(d.image.height(), info.height);
    EXPECT_EQ(d.image.channels(), info.channels);
    EXPECT_EQ(d.color, info.color);
    EXPECT_EQ(d.icc.empty(), !info.has_icc);
    EXPECT_EQ(d.exif.empty(), !info.has_exif);
    if (info.has_exif) {
      EXPECT_EQ(ExifOrientation(d.exif), info.orientation);
    }
  }
}

TEST(JpegDecodeTest, GainMapDecodesPrimaryImage) {
  const Decoded d = MustDecode(AsBytes(ReadFixture("misc/gain-map.jpg")));
  EXPECT_EQ(d.image.width(), 3840u);
  EXPECT_EQ(d.image.height(), 2160u);
  EXPECT_EQ(d.image.channels(), 3u);
}

TEST(JpegDecodeTest, ExifPayloadStartsAtTiffHeader) {
  const Decoded d = MustDecode(AsBytes(ReadFixture("orientation/Landscape_6.jpg")));
  ASSERT_GE(d.exif.size(), 8u);
  EXPECT_TRUE((d.exif[0] == 'I' && d.exif[1] == 'I') || (d.exif[0] == 'M' && d.exif[1] == 'M'));
  EXPECT_EQ(ExifOrientation(d.exif), 6u);
}

TEST(JpegDecodeTest, DctScaledSizes) {
  for (const char* name : {"jpeg-turbo/testorig.jpg", "misc/320x240.jpg", "misc/concert.jpg"}) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> data = ReadFixture(name);
    ImageInfo info;
    ASSERT_TRUE(ProbeJpeg(AsBytes(data), Limits{}, info).ok());
    for (uint32_t denom : {1u, 2u, 4u, 8u}) {
      DecodeOptions options;
      options.jpeg_scale_denom = denom;
      const Decoded d = MustDecode(AsBytes(data), options);
      EXPECT_EQ(d.image.width(), (info.width + denom - 1) / denom) << denom;
      EXPECT_EQ(d.image.height(), (info.height + denom - 1) / denom) << denom;
      EXPECT_EQ(d.image.channels(), info.channels);
    }
  }
}

TEST(JpegDecodeTest, RejectsOtherScaleDenominators) {
  const std::vector<uint8_t> data = ReadFixture("jpeg-turbo/testorig.jpg");
  for (uint32_t denom : {0u, 3u, 16u}) {
    DecodeOptions options;
    options.jpeg_scale_denom = denom;
    Decoded d;
    EXPECT_EQ(DecodeJpeg(AsBytes(data), options, d).code(), TK_ERR_INVALID_ARGUMENT) << denom;
  }
}

TEST(JpegDecodeTest, ArithmeticCodedMatchesHuffman) {
  const Decoded ari = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testimgari.jpg")));
  const Decoded orig = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  EXPECT_GT(Psnr(ari.image, orig.image), 45.0);
}

TEST(JpegDecodeTest, CmykWithProfile) {
  const std::vector<uint8_t> data = ReadFixture("color/Channel_digital_image_CMYK_color.jpg");
  ImageInfo info;
  ASSERT_TRUE(ProbeJpeg(AsBytes(data), Limits{}, info).ok());
  EXPECT_EQ(info.color, ColorModel::kCmyk);
  EXPECT_EQ(info.channels, 4u);
  EXPECT_TRUE(info.has_icc);
  const Decoded d = MustDecode(AsBytes(data));
  EXPECT_EQ(d.color, ColorModel::kCmyk);
  EXPECT_EQ(d.image.channels(), 4u);
  // The profile spans many APP2 markers; reassembled, its header's size field matches.
  ASSERT_GT(d.icc.size(), 65519u);
  const uint32_t declared =
      uint32_t{d.icc[0]} << 24 | uint32_t{d.icc[1]} << 16 | uint32_t{d.icc[2]} << 8 | d.icc[3];
  EXPECT_EQ(declared, d.icc.size());
  EXPECT_EQ(std::memcmp(d.icc.data() + 36, "acsp", 4), 0);
  EXPECT_EQ(std::memcmp(d.icc.data() + 16, "CMYK", 4), 0);
}

TEST(JpegDecodeTest, CmykAdobeInversionIsUndone) {
  const std::vector<uint8_t> data =
      ReadFixture("color/Channel_digital_image_CMYK_color_no_profile.jpg");
  ImageInfo info;
  ASSERT_TRUE(ProbeJpeg(AsBytes(data), Limits{}, info).ok());
  EXPECT_EQ(info.color, ColorModel::kCmyk);
  EXPECT_FALSE(info.has_icc);
  const Decoded d = MustDecode(AsBytes(data));
  ASSERT_EQ(d.image.channels(), 4u);
  EXPECT_TRUE(d.icc.empty());
  std::vector<uint8_t> raw;
  ASSERT_TRUE(ReadRawHeader(AsBytes(data), &raw).ok);
  ASSERT_EQ(raw.size(), size_t{d.image.width()} * d.image.height() * 4);
  size_t mismatches = 0;
  for (uint32_t y = 0; y < d.image.height(); ++y) {
    for (size_t x = 0; x < size_t{d.image.width()} * 4; ++x) {
      const uint8_t stored = raw[y * size_t{d.image.width()} * 4 + x];
      if (d.image.row(y)[x] != 255 - stored) ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(JpegDecodeTest, UnsupportedFilesSayWhy) {
  struct Case {
    const char* file;
    const char* words;
  };
  for (const Case& c : {Case{"unsupported/monkey12.jpg", "12-bit JPEG is not supported"},
                        Case{"unsupported/testimgl.jpg", "lossless JPEG (SOF3)"}}) {
    SCOPED_TRACE(c.file);
    const std::vector<uint8_t> data = ReadFixture(c.file);
    ImageInfo info;
    const Status probed = ProbeJpeg(AsBytes(data), Limits{}, info);
    EXPECT_EQ(probed.code(), TK_ERR_UNSUPPORTED);
    EXPECT_NE(probed.message().find(c.words), std::string::npos) << probed.message();
    Decoded d;
    const Status s = DecodeJpeg(AsBytes(data), DecodeOptions{}, d);
    EXPECT_EQ(s.code(), TK_ERR_UNSUPPORTED);
    EXPECT_NE(s.message().find(c.words), std::string::npos) << s.message();
  }
}

TEST(JpegDecodeTest, CorruptHeaderIsAnError) {
  const std::vector<uint8_t> data = ReadFixture("bad/corrupt-header.jpg");
  for (const bool allow_corrupt : {false, true}) {
    DecodeOptions options;
    options.limits.allow_corrupt = allow_corrupt;
    ImageInfo info;
    const Status probed = ProbeJpeg(AsBytes(data), options.limits, info);
    EXPECT_TRUE(probed.code() == TK_ERR_CORRUPT || probed.code() == TK_ERR_TRUNCATED)
        << probed.message();
    EXPECT_FALSE(probed.message().empty());
    Decoded d;
    const Status s = DecodeJpeg(AsBytes(data), options, d);
    EXPECT_TRUE(s.code() == TK_ERR_CORRUPT || s.code() == TK_ERR_TRUNCATED) << s.message();
    EXPECT_TRUE(d.image.empty());
  }
}

TEST(JpegDecodeTest, TruncatedFileIsTruncatedUnlessAllowed) {
  const std::vector<uint8_t> data = ReadFixture("bad/truncated.jpg");
  ImageInfo info;
  ASSERT_TRUE(ProbeJpeg(AsBytes(data), Limits{}, info).ok());  // the header is whole
  Decoded d;
  const Status s = DecodeJpeg(AsBytes(data), DecodeOptions{}, d);
  EXPECT_EQ(s.code(), TK_ERR_TRUNCATED) << s.message();
  EXPECT_NE(s.message().find("ends early"), std::string::npos) << s.message();

  DecodeOptions lenient;
  lenient.limits.allow_corrupt = true;
  const Decoded repaired = MustDecode(AsBytes(data), lenient);
  EXPECT_EQ(repaired.image.width(), 2725u);
  EXPECT_EQ(repaired.image.height(), 2225u);
}

TEST(JpegDecodeTest, ScanLimit) {
  const std::vector<uint8_t> data = ProgressiveJpeg();  // 10 scans
  DecodeOptions options;
  options.limits.max_scans = 2;
  Decoded d;
  const Status s = DecodeJpeg(AsBytes(data), options, d);
  EXPECT_EQ(s.code(), TK_ERR_LIMIT_SCANS);
  EXPECT_NE(s.message().find("max_scans=2"), std::string::npos) << s.message();
  options.limits.max_scans = 9;
  EXPECT_EQ(DecodeJpeg(AsBytes(data), options, d).code(), TK_ERR_LIMIT_SCANS);
  options.limits.max_scans = 10;
  EXPECT_TRUE(DecodeJpeg(AsBytes(data), options, d).ok());
  options.limits.max_scans = 0;  // unlimited
  EXPECT_TRUE(DecodeJpeg(AsBytes(data), options, d).ok());
  // A baseline file has one scan.
  options.limits.max_scans = 1;
  EXPECT_TRUE(DecodeJpeg(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")), options, d).ok());
}

bool IsErrorStatus(tk_status code) {
  return code == TK_ERR_CORRUPT || code == TK_ERR_TRUNCATED || code == TK_ERR_UNSUPPORTED ||
         code == TK_ERR_LIMIT_PIXELS || code == TK_ERR_LIMIT_DIMENSION ||
         code == TK_ERR_LIMIT_SCANS || code == TK_ERR_LIMIT_METADATA;
}

TEST(JpegDecodeTest, TruncationsNeverCrash) {
  for (const std::vector<uint8_t>& full :
       {ReadFixture("jpeg-turbo/testorig.jpg"), ProgressiveJpeg(),
        ReadFixture("jpeg-turbo/testimgari.jpg"), ReadFixture("misc/320x240.jpg")}) {
    const size_t n = full.size();
    for (size_t size : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size_t{20}, size_t{200}, n / 4,
                        n / 2, 3 * n / 4, n - 2, n - 1}) {
      SCOPED_TRACE(size);
      // An exact-size copy so ASan sees any read past the end.
      const std::vector<uint8_t> cut(full.begin(), full.begin() + size);
      Decoded d;
      const Status strict = DecodeJpeg(AsBytes(cut), DecodeOptions{}, d);
      EXPECT_EQ(strict.code(), TK_ERR_TRUNCATED) << strict.message();
      EXPECT_FALSE(strict.message().empty());
      DecodeOptions lenient;
      lenient.limits.allow_corrupt = true;
      const Status repaired = DecodeJpeg(AsBytes(cut), lenient, d);
      EXPECT_TRUE(repaired.ok() || IsErrorStatus(repaired.code())) << repaired.message();
      ImageInfo info;
      const Status probed = ProbeJpeg(AsBytes(cut), Limits{}, info);
      EXPECT_TRUE(probed.ok() || IsErrorStatus(probed.code())) << probed.message();
    }
  }
}

TEST(JpegDecodeTest, BitFlipsNeverCrash) {
  const std::vector<uint8_t> original = ReadFixture("jpeg-turbo/testorig.jpg");
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<size_t> pos(0, original.size() - 1);
  std::uniform_int_distribution<int> bit(0, 7);
  int failures = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<uint8_t> data = original;
    for (int flips = 0; flips < 1 + round % 4; ++flips) data[pos(rng)] ^= uint8_t(1 << bit(rng));
    for (const bool allow_corrupt : {false, true}) {
      DecodeOptions options;
      options.limits.allow_corrupt = allow_corrupt;
      Decoded d;
      const Status s = DecodeJpeg(AsBytes(data), options, d);
      if (!s.ok()) {
        ++failures;
        EXPECT_TRUE(IsErrorStatus(s.code())) << s.code() << " " << s.message();
        EXPECT_FALSE(s.message().empty());
      } else {
        EXPECT_EQ(d.image.channels() == 1 || d.image.channels() == 3, true);
      }
    }
  }
  EXPECT_GT(failures, 0);  // the flips did reach the decoder
}

// ---- Encode ----

TEST(JpegEncodeTest, RoundTrip) {
  const Decoded orig = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  const ByteBuffer encoded = MustEncode(orig.image);
  ASSERT_GT(encoded.size(), 100u);
  const Decoded again = MustDecode(AsBytes(encoded));
  EXPECT_GT(Psnr(orig.image, again.image), 30.0);
  const RawHeader header = ReadRawHeader(AsBytes(encoded));
  ASSERT_TRUE(header.ok);
  EXPECT_FALSE(header.progressive);
  EXPECT_EQ(header.color_space, JCS_YCbCr);
}

TEST(JpegEncodeTest, ChromaSampling) {
  const Decoded orig = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  const RawHeader h420 = ReadRawHeader(AsBytes(MustEncode(orig.image)));
  ASSERT_TRUE(h420.ok);
  EXPECT_EQ(h420.h_samp[0], 2);
  EXPECT_EQ(h420.v_samp[0], 2);
  EXPECT_EQ(h420.h_samp[1], 1);
  EXPECT_EQ(h420.v_samp[2], 1);
  EncodeOptions options;
  options.jpeg_444 = true;
  const ByteBuffer encoded = MustEncode(orig.image, options);
  const RawHeader h444 = ReadRawHeader(AsBytes(encoded));
  ASSERT_TRUE(h444.ok);
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(h444.h_samp[c], 1);
    EXPECT_EQ(h444.v_samp[c], 1);
  }
  EXPECT_GT(Psnr(orig.image, MustDecode(AsBytes(encoded)).image), 30.0);
}

TEST(JpegEncodeTest, Progressive) {
  const Decoded orig = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  EncodeOptions options;
  options.jpeg_progressive = true;
  const ByteBuffer encoded = MustEncode(orig.image, options);
  EXPECT_TRUE(ReadRawHeader(AsBytes(encoded)).progressive);
  ImageInfo info;
  ASSERT_TRUE(ProbeJpeg(AsBytes(encoded), Limits{}, info).ok());
  EXPECT_TRUE(info.progressive);
  EXPECT_GT(Psnr(orig.image, MustDecode(AsBytes(encoded)).image), 30.0);
}

TEST(JpegEncodeTest, QualityChangesSize) {
  const Decoded orig = MustDecode(AsBytes(ReadFixture("misc/320x240.jpg")));
  EncodeOptions low;
  low.quality = 20;
  EncodeOptions high;
  high.quality = 95;
  EXPECT_LT(MustEncode(orig.image, low).size(), MustEncode(orig.image, high).size());
}

TEST(JpegEncodeTest, GrayStaysGray) {
  const Decoded gray = MustDecode(AsBytes(ReadFixture("misc/concert.jpg")));
  ASSERT_EQ(gray.image.channels(), 1u);
  const ByteBuffer encoded = MustEncode(gray.image);
  const RawHeader header = ReadRawHeader(AsBytes(encoded));
  EXPECT_EQ(header.num_components, 1);
  const Decoded again = MustDecode(AsBytes(encoded));
  EXPECT_EQ(again.image.channels(), 1u);
  EXPECT_EQ(again.color, ColorModel::kGray);
  EXPECT_GT(Psnr(gray.image, again.image), 30.0);
}

// Builds an image with an extra alpha channel after each pixel of `src`.
Image WithAlpha(const Image& src) {
  Image out;
  EXPECT_TRUE(Image::Allocate(src.width(), src.height(), src.channels() + 1, 1, out).ok());
  for (uint32_t y = 0; y < src.height(); ++y) {
    for (uint32_t x = 0; x < src.width(); ++x) {
      for (uint32_t c = 0; c < src.channels(); ++c) {
        out.row(y)[x * out.channels() + c] = src.row(y)[x * src.channels() + c];
      }
      out.row(y)[x * out.channels() + src.channels()] = uint8_t(x * 7 + y);  // ignored
    }
  }
  return out;
}

TEST(JpegEncodeTest, AlphaIsDropped) {
  const Decoded rgb = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  const Decoded rgba_back = MustDecode(AsBytes(MustEncode(WithAlpha(rgb.image))));
  EXPECT_EQ(rgba_back.image.channels(), 3u);
  EXPECT_GT(Psnr(rgb.image, rgba_back.image), 30.0);

  const Decoded gray = MustDecode(AsBytes(ReadFixture("misc/concert.jpg")));
  const Decoded ga_back = MustDecode(AsBytes(MustEncode(WithAlpha(gray.image))));
  EXPECT_EQ(ga_back.image.channels(), 1u);
  EXPECT_GT(Psnr(gray.image, ga_back.image), 30.0);
}

TEST(JpegEncodeTest, IccAndExifRoundTrip) {
  const std::vector<uint8_t> icc = ReadFixture("jpeg-turbo/test1.icc");
  ASSERT_FALSE(icc.empty());
  const Decoded source = MustDecode(AsBytes(ReadFixture("orientation/Landscape_6.jpg")));
  ASSERT_FALSE(source.exif.empty());
  EncodeOptions options;
  options.icc = &icc;
  options.exif = &source.exif;
  const ByteBuffer encoded = MustEncode(source.image, options);
  ImageInfo info;
  ASSERT_TRUE(ProbeJpeg(AsBytes(encoded), Limits{}, info).ok());
  EXPECT_TRUE(info.has_icc);
  EXPECT_TRUE(info.has_exif);
  EXPECT_EQ(info.orientation, 6u);
  const Decoded again = MustDecode(AsBytes(encoded));
  EXPECT_EQ(again.icc, icc);
  EXPECT_EQ(again.exif, source.exif);

  // Without metadata options nothing is embedded.
  const Decoded bare = MustDecode(AsBytes(MustEncode(source.image)));
  EXPECT_TRUE(bare.icc.empty());
  EXPECT_TRUE(bare.exif.empty());
}

TEST(JpegEncodeTest, LargeIccSpansMarkers) {
  std::vector<uint8_t> icc(200000);
  for (size_t i = 0; i < icc.size(); ++i) icc[i] = uint8_t(i * 31 + (i >> 11));
  const Decoded source = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  EncodeOptions options;
  options.icc = &icc;
  const Decoded again = MustDecode(AsBytes(MustEncode(source.image, options)));
  EXPECT_EQ(again.icc, icc);  // four chunks, reassembled in order
}

TEST(JpegEncodeTest, ExifTooLargeForOneMarkerIsSkipped) {
  const Decoded source = MustDecode(AsBytes(ReadFixture("jpeg-turbo/testorig.jpg")));
  std::vector<uint8_t> exif(70000, 0);
  EncodeOptions options;
  options.exif = &exif;
  const Decoded again = MustDecode(AsBytes(MustEncode(source.image, options)));
  EXPECT_TRUE(again.exif.empty());
}

TEST(JpegEncodeTest, RejectsBadInput) {
  Image image;
  ASSERT_TRUE(Image::Allocate(8, 8, 3, 1, image).ok());
  std::memset(image.data(), 128, image.stride() * image.height());
  ByteBuffer out;
  EncodeOptions options;
  options.quality = 0;
  EXPECT_EQ(EncodeJpeg(image, options, out).code(), TK_ERR_INVALID_ARGUMENT);
  options.quality = 101;
  EXPECT_EQ(EncodeJpeg(image, options, out).code(), TK_ERR_INVALID_ARGUMENT);
  Image wide;
  ASSERT_TRUE(Image::Allocate(8, 8, 3, 2, wide).ok());
  EXPECT_EQ(EncodeJpeg(wide, EncodeOptions{}, out).code(), TK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(EncodeJpeg(Image{}, EncodeOptions{}, out).code(), TK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(out.size(), 0u);
}

TEST(JpegEncodeTest, StridedViewAndTinyImages) {
  // A view with padding between rows, and 1x1 / odd sizes through 4:2:0.
  std::vector<uint8_t> memory(5 * 64, 0);
  for (size_t i = 0; i < memory.size(); ++i) memory[i] = uint8_t(i);
  for (uint32_t w : {1u, 3u, 17u}) {
    const Image view = Image::View(memory.data(), w, 5, 3, 1, 64);
    const Decoded back = MustDecode(AsBytes(MustEncode(view)));
    EXPECT_EQ(back.image.width(), w);
    EXPECT_EQ(back.image.height(), 5u);
  }
}

}  // namespace
}  // namespace tk
