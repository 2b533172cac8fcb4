// Just enough TIFF to find IFD0's orientation entry. Every read is bounds-checked against the
// span; offsets are widened to 64 bits so a hostile offset cannot wrap around.
#include "codec/exif.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace tk {
namespace {

constexpr uint16_t kOrientationTag = 0x0112;
constexpr uint16_t kTypeShort = 3;
constexpr size_t kEntryBytes = 12;

class TiffReader {
 public:
  explicit TiffReader(std::span<const uint8_t> tiff) : tiff_(tiff) {}

  // Reads the byte order and magic; false when this is not a TIFF header.
  bool Init() {
    if (tiff_.size() < 8) return false;
    if (tiff_[0] == 'I' && tiff_[1] == 'I') {
      little_endian_ = true;
    } else if (tiff_[0] == 'M' && tiff_[1] == 'M') {
      little_endian_ = false;
    } else {
      return false;
    }
    return Read16(2) == 42;
  }

  bool InBounds(uint64_t offset, uint64_t n) const {
    return offset <= tiff_.size() && n <= tiff_.size() - offset;
  }
  // Callers check InBounds first.
  uint16_t Read16(uint64_t offset) const {
    const uint8_t* p = tiff_.data() + offset;
    return little_endian_ ? static_cast<uint16_t>(p[0] | p[1] << 8)
                          : static_cast<uint16_t>(p[0] << 8 | p[1]);
  }
  uint32_t Read32(uint64_t offset) const {
    const uint8_t* p = tiff_.data() + offset;
    return little_endian_
               ? uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24
               : uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
  }
  bool little_endian() const { return little_endian_; }

 private:
  std::span<const uint8_t> tiff_;
  bool little_endian_ = true;
};

// Offset of IFD0's orientation entry (a SHORT with count 1), if there is a well-formed one.
std::optional<uint64_t> FindOrientationEntry(const TiffReader& reader) {
  const uint64_t ifd = reader.Read32(4);
  if (!reader.InBounds(ifd, 2)) return std::nullopt;
  const uint16_t count = reader.Read16(ifd);
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t entry = ifd + 2 + i * kEntryBytes;
    if (!reader.InBounds(entry, kEntryBytes)) return std::nullopt;  // IFD cut short
    if (reader.Read16(entry) != kOrientationTag) continue;
    if (reader.Read16(entry + 2) != kTypeShort || reader.Read32(entry + 4) != 1) {
      return std::nullopt;
    }
    return entry;
  }
  return std::nullopt;
}

}  // namespace

uint32_t ExifOrientation(std::span<const uint8_t> tiff) {
  TiffReader reader(tiff);
  if (!reader.Init()) return 1;
  const std::optional<uint64_t> entry = FindOrientationEntry(reader);
  if (!entry) return 1;
  // A SHORT value sits in the first two bytes of the entry's 4-byte value field.
  const uint16_t value = reader.Read16(*entry + 8);
  return value >= 1 && value <= 8 ? value : 1;
}

bool SetExifOrientation(std::vector<uint8_t>& tiff, uint16_t value) {
  TiffReader reader(tiff);
  if (!reader.Init()) return false;
  const std::optional<uint64_t> entry = FindOrientationEntry(reader);
  if (!entry) return false;
  uint8_t* p = tiff.data() + *entry + 8;
  if (reader.little_endian()) {
    p[0] = static_cast<uint8_t>(value & 0xFF);
    p[1] = static_cast<uint8_t>(value >> 8);
  } else {
    p[0] = static_cast<uint8_t>(value >> 8);
    p[1] = static_cast<uint8_t>(value & 0xFF);
  }
  return true;
}

}  // namespace tk
