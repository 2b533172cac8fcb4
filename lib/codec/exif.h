// Minimal EXIF (TIFF) reader/writer for what thumbnails need: the orientation tag.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace tk {

// Orientation (tag 0x0112 in IFD0) of an EXIF payload starting at the TIFF header; 1 when absent
// or malformed (never reads outside the span).
uint32_t ExifOrientation(std::span<const uint8_t> tiff);
// Rewrites the orientation tag in place to `value` if present; returns whether it was found.
bool SetExifOrientation(std::vector<uint8_t>& tiff, uint16_t value);

}  // namespace tk
