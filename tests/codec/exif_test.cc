#include "codec/exif.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace tk {
namespace {

struct Entry {
  uint16_t tag;
  uint16_t type;
  uint32_t count;
  uint32_t value;  // for SHORT, stored in the first two bytes of the value field
};

void Put16(std::vector<uint8_t>& out, bool little, uint16_t v) {
  if (little) {
    out.push_back(v & 0xFF);
    out.push_back(v >> 8);
  } else {
    out.push_back(v >> 8);
    out.push_back(v & 0xFF);
  }
}

void Put32(std::vector<uint8_t>& out, bool little, uint32_t v) {
  if (little) {
    Put16(out, true, v & 0xFFFF);
    Put16(out, true, v >> 16);
  } else {
    Put16(out, false, v >> 16);
    Put16(out, false, v & 0xFFFF);
  }
}

// A TIFF header with IFD0 at offset 8 holding `entries`, then a zero next-IFD offset.
std::vector<uint8_t> MakeTiff(bool little, const std::vector<Entry>& entries) {
  std::vector<uint8_t> out;
  out.push_back(little ? 'I' : 'M');
  out.push_back(little ? 'I' : 'M');
  Put16(out, little, 42);
  Put32(out, little, 8);
  Put16(out, little, static_cast<uint16_t>(entries.size()));
  for (const Entry& e : entries) {
    Put16(out, little, e.tag);
    Put16(out, little, e.type);
    Put32(out, little, e.count);
    if (e.type == 3) {
      Put16(out, little, static_cast<uint16_t>(e.value));
      Put16(out, little, 0);
    } else {
      Put32(out, little, e.value);
    }
  }
  Put32(out, little, 0);
  return out;
}

const std::vector<Entry> kTypicalIfd = {
    {0x010F, 2, 4, 0x00000000},  // Make (ASCII, inline)
    {0x0112, 3, 1, 6},           // Orientation
    {0x011A, 5, 1, 0x100},       // XResolution (RATIONAL, offset)
};

TEST(ExifTest, ReadsLittleEndian) {
  EXPECT_EQ(ExifOrientation(MakeTiff(true, kTypicalIfd)), 6u);
}

TEST(ExifTest, ReadsBigEndian) {
  EXPECT_EQ(ExifOrientation(MakeTiff(false, kTypicalIfd)), 6u);
  EXPECT_EQ(ExifOrientation(MakeTiff(false, {{0x0112, 3, 1, 8}})), 8u);
}

TEST(ExifTest, EveryValidValue) {
  for (uint32_t v = 1; v <= 8; ++v) {
    EXPECT_EQ(ExifOrientation(MakeTiff(true, {{0x0112, 3, 1, v}})), v);
    EXPECT_EQ(ExifOrientation(MakeTiff(false, {{0x0112, 3, 1, v}})), v);
  }
}

TEST(ExifTest, MissingTagIsOne) {
  EXPECT_EQ(ExifOrientation(MakeTiff(true, {{0x010F, 2, 4, 0}})), 1u);
  EXPECT_EQ(ExifOrientation(MakeTiff(false, {})), 1u);
}

TEST(ExifTest, MalformedInputsAreOne) {
  EXPECT_EQ(ExifOrientation({}), 1u);
  std::vector<uint8_t> bad_order = MakeTiff(true, kTypicalIfd);
  bad_order[0] = 'X';
  EXPECT_EQ(ExifOrientation(bad_order), 1u);
  std::vector<uint8_t> bad_magic = MakeTiff(true, kTypicalIfd);
  bad_magic[2] = 43;
  EXPECT_EQ(ExifOrientation(bad_magic), 1u);
  // Out-of-range value, wrong type, wrong count.
  EXPECT_EQ(ExifOrientation(MakeTiff(true, {{0x0112, 3, 1, 0}})), 1u);
  EXPECT_EQ(ExifOrientation(MakeTiff(true, {{0x0112, 3, 1, 9}})), 1u);
  EXPECT_EQ(ExifOrientation(MakeTiff(true, {{0x0112, 4, 1, 6}})), 1u);
  EXPECT_EQ(ExifOrientation(MakeTiff(true, {{0x0112, 3, 2, 6}})), 1u);
}

TEST(ExifTest, IfdOffsetOutsideSpanIsOne) {
  for (uint32_t offset : {0xFFFFFFFFu, 0xFFFFFFF0u, 1000u, 27u}) {
    std::vector<uint8_t> tiff = MakeTiff(true, kTypicalIfd);
    tiff[4] = offset & 0xFF;
    tiff[5] = (offset >> 8) & 0xFF;
    tiff[6] = (offset >> 16) & 0xFF;
    tiff[7] = offset >> 24;
    EXPECT_EQ(ExifOrientation(tiff), 1u) << offset;
  }
}

TEST(ExifTest, TruncatedIfdIsOne) {
  const std::vector<uint8_t> full = MakeTiff(true, kTypicalIfd);
  // The orientation entry is the second one: bytes 22..33.
  for (size_t size = 0; size < 34; ++size) {
    // An exact-size copy so ASan catches any read past the end.
    const std::vector<uint8_t> cut(full.begin(), full.begin() + size);
    EXPECT_EQ(ExifOrientation(cut), 1u) << size;
  }
  for (size_t size = 34; size <= full.size(); ++size) {
    const std::vector<uint8_t> cut(full.begin(), full.begin() + size);
    EXPECT_EQ(ExifOrientation(cut), 6u) << size;
  }
}

TEST(ExifTest, HugeEntryCountStopsAtEndOfSpan) {
  std::vector<uint8_t> tiff = MakeTiff(false, {{0x010F, 2, 4, 0}});
  tiff[8] = 0xFF;  // 65535 entries declared, one present
  tiff[9] = 0xFF;
  EXPECT_EQ(ExifOrientation(tiff), 1u);
}

TEST(ExifTest, SetOrientationLittleEndian) {
  std::vector<uint8_t> tiff = MakeTiff(true, kTypicalIfd);
  const std::vector<uint8_t> expected =
      MakeTiff(true, {{0x010F, 2, 4, 0x00000000}, {0x0112, 3, 1, 1}, {0x011A, 5, 1, 0x100}});
  ASSERT_TRUE(SetExifOrientation(tiff, 1));
  EXPECT_EQ(tiff, expected);  // only the value changed
  EXPECT_EQ(ExifOrientation(tiff), 1u);
}

TEST(ExifTest, SetOrientationBigEndian) {
  std::vector<uint8_t> tiff = MakeTiff(false, kTypicalIfd);
  ASSERT_TRUE(SetExifOrientation(tiff, 3));
  EXPECT_EQ(tiff, MakeTiff(false, {{0x010F, 2, 4, 0}, {0x0112, 3, 1, 3}, {0x011A, 5, 1, 0x100}}));
  EXPECT_EQ(ExifOrientation(tiff), 3u);
}

TEST(ExifTest, SetOrientationWithoutTagChangesNothing) {
  std::vector<uint8_t> tiff = MakeTiff(true, {{0x010F, 2, 4, 0}});
  const std::vector<uint8_t> before = tiff;
  EXPECT_FALSE(SetExifOrientation(tiff, 1));
  EXPECT_EQ(tiff, before);
  std::vector<uint8_t> empty;
  EXPECT_FALSE(SetExifOrientation(empty, 1));
  std::vector<uint8_t> cut = MakeTiff(true, kTypicalIfd);
  cut.resize(30);  // orientation entry cut short
  EXPECT_FALSE(SetExifOrientation(cut, 1));
}

}  // namespace
}  // namespace tk
