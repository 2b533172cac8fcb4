// PLACEHOLDER until the EXIF reader lands.
#include "codec/exif.h"
namespace tk {
uint32_t ExifOrientation(std::span<const uint8_t>) { return 1; }
bool SetExifOrientation(std::vector<uint8_t>&, uint16_t) { return false; }
}  // namespace tk
