// Tests of the PNG codec: pixels against libpng's simplified API on PngSuite, hostile and corrupt
// inputs, limits, metadata, and encoder round trips.
#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "codec/codec.h"
#include "test_util.h"

namespace tk {
namespace {

using tk_test::Fixture;
using tk_test::ReadFixture;

// ---- helpers ----

std::vector<std::string> PngFilesIn(const std::string& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(Fixture(folder), ec)) {
    if (entry.path().extension() == ".png") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> PngSuiteFiles(bool corrupt) {
  std::vector<std::string> names;
  for (const std::string& name : PngFilesIn("pngsuite")) {
    if ((name[0] == 'x') == corrupt) names.push_back(name);
  }
  return names;
}

std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return name;
}

struct Pixels {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t channels = 0;
  std::vector<uint8_t> data;  // tightly packed
};

// The reference: libpng's simplified API, 8-bit non-linear output with the file's own channels.
bool DecodeWithSimplifiedApi(const std::vector<uint8_t>& file, bool untagged_16bit_is_srgb,
                             Pixels& out) {
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&image, file.data(), file.size()) == 0) return false;
  const uint32_t channels = PNG_IMAGE_SAMPLE_CHANNELS(image.format);
  static constexpr png_uint_32 kFormats[] = {PNG_FORMAT_GRAY, PNG_FORMAT_GA, PNG_FORMAT_RGB,
                                             PNG_FORMAT_RGBA};
  image.format = kFormats[channels - 1];
  if (untagged_16bit_is_srgb) image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
  out.width = image.width;
  out.height = image.height;
  out.channels = channels;
  out.data.assign(PNG_IMAGE_SIZE(image), 0);
  if (png_image_finish_read(&image, nullptr, out.data.data(), 0, nullptr) == 0) {
    png_image_free(&image);
    return false;
  }
  return true;
}

Pixels Packed(const Image& image) {
  Pixels p{image.width(), image.height(), image.channels(), {}};
  const size_t row_bytes = size_t{image.width()} * image.channels();
  for (uint32_t y = 0; y < image.height(); ++y) {
    p.data.insert(p.data.end(), image.row(y), image.row(y) + row_bytes);
  }
  return p;
}

int MaxDifference(const Pixels& a, const Pixels& b) {
  int worst = 0;
  for (size_t i = 0; i < a.data.size(); ++i)
    worst = std::max(worst, std::abs(a.data[i] - b.data[i]));
  return worst;
}

Status DecodeBytes(const std::vector<uint8_t>& bytes, Decoded& out, Limits limits = {}) {
  DecodeOptions options;
  options.limits = limits;
  return DecodePng(bytes, options, out);
}

Status ProbeBytes(const std::vector<uint8_t>& bytes, ImageInfo& info, Limits limits = {}) {
  return ProbePng(bytes, limits, info);
}

Image RandomImage(uint32_t width, uint32_t height, uint32_t channels, uint32_t seed) {
  Image image;
  EXPECT_TRUE(Image::Allocate(width, height, channels, 1, image).ok());
  std::mt19937 rng(seed);
  for (uint32_t y = 0; y < height; ++y) {
    for (size_t x = 0; x < size_t{width} * channels; ++x) {
      image.row(y)[x] = static_cast<uint8_t>(rng() & 0xff);
    }
  }
  return image;
}

// A smooth image that compresses well, so zlib levels and filters make a visible difference.
Image GradientImage(uint32_t width, uint32_t height, uint32_t channels) {
  Image image;
  EXPECT_TRUE(Image::Allocate(width, height, channels, 1, image).ok());
  for (uint32_t y = 0; y < height; ++y) {
    for (uint32_t x = 0; x < width; ++x) {
      for (uint32_t c = 0; c < channels; ++c) {
        image.row(y)[x * channels + c] = static_cast<uint8_t>((x * (c + 1) + y * 3 + (x ^ y) % 7));
      }
    }
  }
  return image;
}

std::vector<uint8_t> Encode(const Image& image, EncodeOptions options = {}) {
  options.format = TK_FORMAT_PNG;
  ByteBuffer out;
  const Status status = EncodePng(image, options, out);
  EXPECT_TRUE(status.ok()) << status.message();
  return std::vector<uint8_t>(out.data(), out.data() + out.size());
}

bool SamePixels(const Image& a, const Image& b) {
  if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
    return false;
  }
  const size_t row_bytes = size_t{a.width()} * a.channels();
  for (uint32_t y = 0; y < a.height(); ++y) {
    if (std::memcmp(a.row(y), b.row(y), row_bytes) != 0) return false;
  }
  return true;
}

// Recomputes every chunk CRC so that mutated bytes get past the CRC check to the parsers.
void FixCrcs(std::vector<uint8_t>& png) {
  size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const uint32_t length = (uint32_t{png[pos]} << 24) | (uint32_t{png[pos + 1]} << 16) |
                            (uint32_t{png[pos + 2]} << 8) | png[pos + 3];
    if (length > png.size() - pos - 12) return;
    const uLong crc = crc32(0, png.data() + pos + 4, static_cast<uInt>(length + 4));
    uint8_t* at = png.data() + pos + 8 + length;
    at[0] = static_cast<uint8_t>(crc >> 24);
    at[1] = static_cast<uint8_t>(crc >> 16);
    at[2] = static_cast<uint8_t>(crc >> 8);
    at[3] = static_cast<uint8_t>(crc);
    pos += 12 + size_t{length};
  }
}

// Probe and decode must give an image or a status; with an image, its shape matches the probe.
// Returns whether it decoded.
bool ExpectImageOrStatus(const std::vector<uint8_t>& bytes, const Limits& limits) {
  ImageInfo info;
  const Status probed = ProbeBytes(bytes, info, limits);
  Decoded decoded;
  const Status status = DecodeBytes(bytes, decoded, limits);
  if (status.ok()) {
    EXPECT_TRUE(probed.ok()) << probed.message();
    EXPECT_EQ(decoded.image.width(), info.width);
    EXPECT_EQ(decoded.image.height(), info.height);
    EXPECT_EQ(decoded.image.channels(), info.channels);
    return true;
  }
  EXPECT_FALSE(status.message().empty());
  EXPECT_GE(status.code(), TK_ERR_CORRUPT);
  EXPECT_LE(status.code(), TK_ERR_OUT_OF_MEMORY);
  return false;
}

// ---- PngSuite: valid files match libpng's simplified API ----

// Debian's libpng 1.6.39-2+deb12u* carries the backported CVE-2025-65018 fix whose
// png_image_read_direct_scaled garbles Adam7 16-bit files read as 8-bit (pnggroup/libpng#853).
// Those files hold the same samples as a non-interlaced sibling (raw 16-bit rows compared), so
// the sibling's simplified-API pixels are the reference.
std::string ReferenceFileFor(const std::string& name) {
  if (name == "basi0g16.png") return "basn0g16.png";
  if (name == "basi2c16.png") return "basn2c16.png";
  if (name == "basi4a16.png" || name == "bgai4a16.png") return "basn4a16.png";
  if (name == "basi6a16.png") return "basn6a16.png";
  return name;
}

class PngSuiteValid : public testing::TestWithParam<std::string> {};

TEST_P(PngSuiteValid, MatchesSimplifiedApi) {
  const std::vector<uint8_t> bytes = ReadFixture("pngsuite/" + GetParam());
  ImageInfo info;
  const Status probed = ProbeBytes(bytes, info);
  ASSERT_TRUE(probed.ok()) << probed.message();
  Decoded decoded;
  const Status status = DecodeBytes(bytes, decoded);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(info.format, TK_FORMAT_PNG);
  EXPECT_EQ(decoded.image.width(), info.width);
  EXPECT_EQ(decoded.image.height(), info.height);
  EXPECT_EQ(decoded.image.channels(), info.channels);
  EXPECT_EQ(decoded.image.bytes_per_sample(), 1u);
  EXPECT_EQ(info.has_alpha, decoded.image.has_alpha());
  EXPECT_EQ(info.frames, 1u);

  // PngSuite has no iCCP and tags every 16-bit file with gAMA, so the two deliberate
  // differences from the simplified API (see png_decode.cc) do not apply: pixels are identical.
  Pixels reference;
  ASSERT_TRUE(DecodeWithSimplifiedApi(ReadFixture("pngsuite/" + ReferenceFileFor(GetParam())),
                                      /*untagged_16bit_is_srgb=*/false, reference));
  const Pixels ours = Packed(decoded.image);
  ASSERT_EQ(ours.width, reference.width);
  ASSERT_EQ(ours.height, reference.height);
  ASSERT_EQ(ours.channels, reference.channels);
  EXPECT_EQ(MaxDifference(ours, reference), 0);
}

INSTANTIATE_TEST_SUITE_P(Png, PngSuiteValid, testing::ValuesIn(PngSuiteFiles(false)), TestName);

TEST(PngSuite, HasTheWholeSuite) {
  EXPECT_EQ(PngSuiteFiles(true).size(), 14u);
  EXPECT_GT(PngSuiteFiles(false).size(), 150u);
}

// ---- PngSuite: the 14 corrupt files are refused ----

class PngSuiteCorrupt : public testing::TestWithParam<std::string> {};

TEST_P(PngSuiteCorrupt, IsRefused) {
  const std::vector<uint8_t> bytes = ReadFixture("pngsuite/" + GetParam());
  Decoded decoded;
  const Status status = DecodeBytes(bytes, decoded);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(status.code() == TK_ERR_CORRUPT || status.code() == TK_ERR_TRUNCATED)
      << status.code() << " " << status.message();
  EXPECT_FALSE(status.message().empty());
  EXPECT_TRUE(decoded.image.empty());
}

INSTANTIATE_TEST_SUITE_P(Png, PngSuiteCorrupt, testing::ValuesIn(PngSuiteFiles(true)), TestName);

TEST(PngSuite, ProbeReportsTheHeader) {
  struct Case {
    const char* file;
    uint32_t channels;
    uint32_t bit_depth;
    bool progressive;
  };
  const Case cases[] = {
      {"basn0g01.png", 1, 1, false},  {"basi0g01.png", 1, 1, true},  {"basn0g16.png", 1, 16, false},
      {"basn2c08.png", 3, 8, false},  {"basn3p08.png", 3, 8, false}, {"basn4a08.png", 2, 8, false},
      {"basn6a16.png", 4, 16, false}, {"tbbn3p08.png", 4, 8, false}, {"tbbn0g04.png", 2, 4, false},
      {"tbrn2c08.png", 4, 8, false},  {"basi6a08.png", 4, 8, true},  {"s01n3p01.png", 3, 1, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    ImageInfo info;
    ASSERT_TRUE(ProbeBytes(ReadFixture(std::string("pngsuite/") + c.file), info).ok());
    EXPECT_EQ(info.channels, c.channels);
    EXPECT_EQ(info.bit_depth, c.bit_depth);
    EXPECT_EQ(info.progressive, c.progressive);
    EXPECT_EQ(info.has_alpha, c.channels == 2 || c.channels == 4);
    EXPECT_EQ(info.color, c.channels <= 2 ? ColorModel::kGray : ColorModel::kRgb);
    EXPECT_FALSE(info.has_icc);
  }
}

TEST(PngSuite, ExifChunkIsExtracted) {
  const std::vector<uint8_t> bytes = ReadFixture("pngsuite/exif2c08.png");
  ImageInfo info;
  ASSERT_TRUE(ProbeBytes(bytes, info).ok());
  EXPECT_TRUE(info.has_exif);
  Decoded decoded;
  ASSERT_TRUE(DecodeBytes(bytes, decoded).ok());
  ASSERT_GE(decoded.exif.size(), 8u);
  const bool tiff_header = std::memcmp(decoded.exif.data(), "MM\0*", 4) == 0 ||
                           std::memcmp(decoded.exif.data(), "II*\0", 4) == 0;
  EXPECT_TRUE(tiff_header);
}

// ---- hostile and damaged files ----

TEST(PngHostile, HugeDeclaredSizeIsRefusedFromTheHeader) {
  const std::vector<uint8_t> bytes = ReadFixture("bad/65536-uint32-limit.png");
  Decoded decoded;
  const Status status = DecodeBytes(bytes, decoded);
  // Refused from IHDR; that no large allocation happens is measured in a child process by
  // tests/capi/fixtures_test.cc (peak RSS), not timed here.
  EXPECT_EQ(status.code(), TK_ERR_LIMIT_PIXELS) << status.message();
  ImageInfo info;
  EXPECT_EQ(ProbeBytes(bytes, info).code(), TK_ERR_LIMIT_PIXELS);
}

TEST(PngHostile, TruncatedFileIsRefused) {
  Decoded decoded;
  const Status status = DecodeBytes(ReadFixture("bad/truncated.png"), decoded);
  EXPECT_EQ(status.code(), TK_ERR_TRUNCATED) << status.message();
  EXPECT_TRUE(decoded.image.empty());
}

class PngCrashers : public testing::TestWithParam<std::string> {};

TEST_P(PngCrashers, AreRefusedWithAClearStatus) {
  const std::string& name = GetParam();
  const std::vector<uint8_t> bytes = ReadFixture("bad/png-crashers/" + name);
  Decoded decoded;
  const Status status = DecodeBytes(bytes, decoded);
  ASSERT_FALSE(status.ok());
  EXPECT_FALSE(status.message().empty());
  if (name.rfind("huge_", 0) == 0 && name != "huge_IDAT.png") {
    // An ancillary chunk declaring 1 GiB: refused by name, before libpng reads it.
    EXPECT_EQ(status.code(), TK_ERR_LIMIT_METADATA) << status.message();
  } else {
    EXPECT_TRUE(status.code() == TK_ERR_CORRUPT || status.code() == TK_ERR_TRUNCATED)
        << status.code() << " " << status.message();
  }
  // Whatever allow_corrupt lets through must still be an image or a status.
  Limits lenient;
  lenient.allow_corrupt = true;
  ExpectImageOrStatus(bytes, lenient);
}

INSTANTIATE_TEST_SUITE_P(Png, PngCrashers, testing::ValuesIn(PngFilesIn("bad/png-crashers")),
                         TestName);

TEST(PngHostile, CrashersFolderIsComplete) {
  EXPECT_EQ(PngFilesIn("bad/png-crashers").size(), 22u);
}

TEST(PngHostile, BadCrcAndAdlerAreErrorsUnlessAllowCorrupt) {
  for (const char* name : {"badcrc.png", "badadler.png"}) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> bytes = ReadFixture(std::string("bad/png-crashers/") + name);
    Decoded strict;
    const Status status = DecodeBytes(bytes, strict);
    EXPECT_EQ(status.code(), TK_ERR_CORRUPT) << status.message();
    Limits lenient;
    lenient.allow_corrupt = true;
    Decoded repaired;
    const Status lenient_status = DecodeBytes(bytes, repaired, lenient);
    ASSERT_TRUE(lenient_status.ok()) << lenient_status.message();
    EXPECT_EQ(repaired.image.width(), 1u);
    EXPECT_EQ(repaired.image.height(), 1u);
  }
}

TEST(PngHostile, MetadataLimitNamesTheChunk) {
  const std::vector<uint8_t> bytes = ReadFixture("color/p3.png");
  Limits limits;
  limits.max_metadata_bytes = 100;  // below the iCCP chunk itself
  Decoded decoded;
  const Status status = DecodeBytes(bytes, decoded, limits);
  EXPECT_EQ(status.code(), TK_ERR_LIMIT_METADATA);
  EXPECT_NE(status.message().find("iCCP"), std::string::npos) << status.message();
  ImageInfo info;
  EXPECT_EQ(ProbeBytes(bytes, info, limits).code(), TK_ERR_LIMIT_METADATA);
}

TEST(PngHostile, MetadataLimitAppliesToTheDecompressedProfile) {
  const std::vector<uint8_t> bytes = ReadFixture("color/p3.png");
  Decoded full;
  ASSERT_TRUE(DecodeBytes(bytes, full).ok());
  ASSERT_FALSE(full.icc.empty());
  // A limit the compressed chunk passes but the profile itself does not.
  Limits limits;
  limits.max_metadata_bytes = full.icc.size() - 1;
  Decoded decoded;
  EXPECT_EQ(DecodeBytes(bytes, decoded, limits).code(), TK_ERR_LIMIT_METADATA);
  limits.allow_corrupt = true;  // a limit stays a limit
  EXPECT_EQ(DecodeBytes(bytes, decoded, limits).code(), TK_ERR_LIMIT_METADATA);
}

TEST(PngHostile, PixelAndDimensionLimits) {
  const std::vector<uint8_t> bytes = ReadFixture("pngsuite/basn2c08.png");  // 32x32
  Decoded decoded;
  Limits pixels;
  pixels.max_input_pixels = 32 * 32 - 1;
  EXPECT_EQ(DecodeBytes(bytes, decoded, pixels).code(), TK_ERR_LIMIT_PIXELS);
  Limits side;
  side.max_dimension = 31;
  EXPECT_EQ(DecodeBytes(bytes, decoded, side).code(), TK_ERR_LIMIT_DIMENSION);
  Limits input;
  input.max_input_bytes = 100;
  EXPECT_EQ(DecodeBytes(bytes, decoded, input).code(), TK_ERR_LIMIT_INPUT_BYTES);
  Limits unlimited;
  unlimited.max_input_pixels = 0;
  unlimited.max_dimension = 0;
  unlimited.max_metadata_bytes = 0;
  unlimited.max_input_bytes = 0;
  EXPECT_TRUE(DecodeBytes(bytes, decoded, unlimited).ok());
}

TEST(PngHostile, NotAPngAndEmptyInput) {
  Decoded decoded;
  EXPECT_FALSE(DecodeBytes({}, decoded).ok());
  const std::vector<uint8_t> junk = {'n', 'o', 't', ' ', 'a', ' ', 'p', 'n', 'g', '!', '!', '!'};
  EXPECT_EQ(DecodeBytes(junk, decoded).code(), TK_ERR_CORRUPT);
  ImageInfo info;
  EXPECT_FALSE(ProbeBytes({}, info).ok());
}

// Truncations at every offset and random bit flips give an image or a status, never a crash.
TEST(PngMutation, TruncationsAndBitFlips) {
  Limits strict;
  Limits lenient;
  lenient.allow_corrupt = true;
  for (const char* name : {"pngsuite/basi0g08.png", "pngsuite/tbbn3p08.png",
                           "pngsuite/exif2c08.png", "pngsuite/basn6a16.png", "color/p3.png"}) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> original = ReadFixture(name);
    ASSERT_FALSE(original.empty());
    int decoded = 0;  // the test is only meaningful if some mutants still decode
    for (size_t n = 0; n < original.size(); ++n) {
      const std::vector<uint8_t> cut(original.begin(), original.begin() + static_cast<long>(n));
      ExpectImageOrStatus(cut, strict);
      ExpectImageOrStatus(cut, lenient);
    }
    std::mt19937 rng(20240611);
    for (int round = 0; round < 600; ++round) {
      std::vector<uint8_t> mutated = original;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < flips; ++i) {
        const size_t at = 8 + rng() % (mutated.size() - 8);  // keep the signature
        mutated[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
      }
      // CRCs ignored: damage reaches zlib and the filters.
      decoded += ExpectImageOrStatus(mutated, lenient) ? 1 : 0;
      FixCrcs(mutated);
      // Valid CRCs: damage reaches the chunk parsers.
      decoded += ExpectImageOrStatus(mutated, strict) ? 1 : 0;
    }
    EXPECT_GT(decoded, 0);
    EXPECT_TRUE(ExpectImageOrStatus(original, strict));
  }
}

// ---- other real files ----

class PngOtherFiles : public testing::TestWithParam<std::string> {};

TEST_P(PngOtherFiles, DecodeLikeTheSimplifiedApi) {
  const std::vector<uint8_t> bytes = ReadFixture(GetParam());
  Decoded decoded;
  const Status status = DecodeBytes(bytes, decoded);
  ASSERT_TRUE(status.ok()) << status.message();
  ImageInfo info;
  ASSERT_TRUE(ProbeBytes(bytes, info).ok());
  EXPECT_EQ(decoded.image.channels(), info.channels);
  // Our convention for untagged 16-bit files is the simplified API's PNG_IMAGE_FLAG_16BIT_sRGB.
  Pixels reference;
  ASSERT_TRUE(DecodeWithSimplifiedApi(bytes, /*untagged_16bit_is_srgb=*/true, reference));
  const Pixels ours = Packed(decoded.image);
  ASSERT_EQ(ours.channels, reference.channels);
  EXPECT_EQ(MaxDifference(ours, reference), 0);
}

std::vector<std::string> OtherFiles() {
  std::vector<std::string> names;
  for (const char* folder : {"alpha", "misc", "color"}) {
    for (const std::string& name : PngFilesIn(folder)) names.push_back(folder + ("/" + name));
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(Png, PngOtherFiles, testing::ValuesIn(OtherFiles()), TestName);

TEST(PngFiles, EmptyAncillaryChunksIsValid) {
  Decoded decoded;
  const Status status = DecodeBytes(ReadFixture("misc/empty_ancillary_chunks.png"), decoded);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(decoded.image.width(), 1u);
}

TEST(PngFiles, AlphaLayouts) {
  struct Case {
    const char* file;
    uint32_t channels;
  };
  for (const Case& c : {Case{"alpha/16-bit-grey-alpha.png", 2},
                        Case{"alpha/grey-8bit-alpha.png", 2}, Case{"alpha/tbgn2c16.png", 4},
                        Case{"alpha/full-transparent.png", 4}, Case{"alpha/with-alpha.png", 4}}) {
    SCOPED_TRACE(c.file);
    Decoded decoded;
    ASSERT_TRUE(DecodeBytes(ReadFixture(c.file), decoded).ok());
    EXPECT_EQ(decoded.image.channels(), c.channels);
    EXPECT_TRUE(decoded.image.has_alpha());
  }
  Decoded transparent;
  ASSERT_TRUE(DecodeBytes(ReadFixture("alpha/full-transparent.png"), transparent).ok());
  for (uint32_t y = 0; y < transparent.image.height(); ++y) {
    for (uint32_t x = 0; x < transparent.image.width(); ++x) {
      ASSERT_EQ(transparent.image.row(y)[x * 4 + 3], 0) << x << "," << y;
    }
  }
}

TEST(PngFiles, DisplayP3ProfileIsExtracted) {
  const std::vector<uint8_t> bytes = ReadFixture("color/p3.png");
  ImageInfo info;
  ASSERT_TRUE(ProbeBytes(bytes, info).ok());
  EXPECT_TRUE(info.has_icc);
  Decoded decoded;
  ASSERT_TRUE(DecodeBytes(bytes, decoded).ok());
  ASSERT_GT(decoded.icc.size(), 128u);
  EXPECT_EQ(std::memcmp(decoded.icc.data() + 36, "acsp", 4), 0);  // the ICC signature
  const uint32_t declared = (uint32_t{decoded.icc[0]} << 24) | (uint32_t{decoded.icc[1]} << 16) |
                            (uint32_t{decoded.icc[2]} << 8) | decoded.icc[3];
  EXPECT_EQ(declared, decoded.icc.size());
}

// ---- encoder ----

TEST(PngEncode, LosslessRoundTripForEveryChannelCount) {
  for (uint32_t channels = 1; channels <= 4; ++channels) {
    SCOPED_TRACE(channels);
    const Image image = RandomImage(37, 23, channels, 7 + channels);
    const std::vector<uint8_t> png = Encode(image);
    ImageInfo info;
    ASSERT_TRUE(ProbeBytes(png, info).ok());
    EXPECT_EQ(info.channels, channels);
    EXPECT_EQ(info.bit_depth, 8u);
    Decoded decoded;
    ASSERT_TRUE(DecodeBytes(png, decoded).ok());
    EXPECT_TRUE(SamePixels(decoded.image, image));
    EXPECT_TRUE(decoded.icc.empty());
    EXPECT_TRUE(decoded.exif.empty());
  }
}

TEST(PngEncode, HonoursTheStrideOfAView) {
  std::vector<uint8_t> memory(5 * 16, 0xAB);  // 4x5 RGB rows, 16 bytes apart
  for (size_t i = 0; i < memory.size(); ++i)
    memory[i] = static_cast<uint8_t>(i % 16 < 12 ? i : 0xAB);
  const Image view = Image::View(memory.data(), 4, 5, 3, 1, 16);
  Decoded decoded;
  ASSERT_TRUE(DecodeBytes(Encode(view), decoded).ok());
  EXPECT_TRUE(SamePixels(decoded.image, view));
}

TEST(PngEncode, LevelZeroIsLargerThanLevelNine) {
  const Image image = GradientImage(128, 96, 3);
  EncodeOptions stored;
  stored.png_level = 0;
  EncodeOptions best;
  best.png_level = 9;
  const std::vector<uint8_t> big = Encode(image, stored);
  const std::vector<uint8_t> small = Encode(image, best);
  EXPECT_GT(big.size(), small.size());
  EXPECT_GE(big.size(), size_t{128} * 96 * 3);  // level 0 stores the rows
  Decoded decoded;
  ASSERT_TRUE(DecodeBytes(big, decoded).ok());
  EXPECT_TRUE(SamePixels(decoded.image, image));
}

TEST(PngEncode, FilterChangesTheBytesNotThePixels) {
  const Image image = GradientImage(64, 48, 4);
  std::vector<std::vector<uint8_t>> outputs;
  for (tk_png_filter filter : {TK_PNG_FILTER_NONE, TK_PNG_FILTER_SUB, TK_PNG_FILTER_UP,
                               TK_PNG_FILTER_AVG, TK_PNG_FILTER_PAETH, TK_PNG_FILTER_ADAPTIVE}) {
    SCOPED_TRACE(filter);
    EncodeOptions options;
    options.png_filter = filter;
    outputs.push_back(Encode(image, options));
    Decoded decoded;
    ASSERT_TRUE(DecodeBytes(outputs.back(), decoded).ok());
    EXPECT_TRUE(SamePixels(decoded.image, image));
  }
  EXPECT_NE(outputs[0], outputs[4]);  // none vs paeth
  EXPECT_NE(outputs[0], outputs[1]);  // none vs sub
}

TEST(PngEncode, IccAndExifRoundTrip) {
  Decoded p3;
  ASSERT_TRUE(DecodeBytes(ReadFixture("color/p3.png"), p3).ok());
  Decoded with_exif;
  ASSERT_TRUE(DecodeBytes(ReadFixture("pngsuite/exif2c08.png"), with_exif).ok());
  ASSERT_FALSE(p3.icc.empty());
  ASSERT_FALSE(with_exif.exif.empty());

  const Image image = RandomImage(16, 9, 4, 99);
  EncodeOptions options;
  options.icc = &p3.icc;
  options.exif = &with_exif.exif;
  const std::vector<uint8_t> png = Encode(image, options);
  ImageInfo info;
  ASSERT_TRUE(ProbeBytes(png, info).ok());
  EXPECT_TRUE(info.has_icc);
  EXPECT_TRUE(info.has_exif);
  Decoded decoded;
  ASSERT_TRUE(DecodeBytes(png, decoded).ok());
  EXPECT_EQ(decoded.icc, p3.icc);
  EXPECT_EQ(decoded.exif, with_exif.exif);
  // With a profile the samples are left as stored (no gAMA applied), so still lossless.
  EXPECT_TRUE(SamePixels(decoded.image, image));
}

TEST(PngEncode, RejectsBadArguments) {
  const Image image = RandomImage(4, 4, 3, 1);
  ByteBuffer out;
  EncodeOptions level;
  level.png_level = 10;
  EXPECT_EQ(EncodePng(image, level, out).code(), TK_ERR_INVALID_ARGUMENT);
  EncodeOptions filter;
  // 7 is inside the enum's value range (0..7) but names no filter.
  filter.png_filter = static_cast<tk_png_filter>(7);
  EXPECT_EQ(EncodePng(image, filter, out).code(), TK_ERR_INVALID_ARGUMENT);
  Image wide;
  ASSERT_TRUE(Image::Allocate(4, 4, 3, 2, wide).ok());
  EXPECT_EQ(EncodePng(wide, {}, out).code(), TK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(EncodePng(Image(), {}, out).code(), TK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(out.size(), 0u);
}

TEST(PngEncode, InvalidProfileIsAnEncodeError) {
  const Image image = RandomImage(4, 4, 3, 1);
  const std::vector<uint8_t> not_a_profile(200, 0x55);
  EncodeOptions options;
  options.icc = &not_a_profile;
  ByteBuffer out;
  const Status status = EncodePng(image, options, out);
  EXPECT_EQ(status.code(), TK_ERR_ENCODE) << status.message();
  EXPECT_EQ(out.size(), 0u);
}

}  // namespace
}  // namespace tk
