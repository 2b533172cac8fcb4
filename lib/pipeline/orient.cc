#include "pipeline/orient.h"

#include <algorithm>
#include <cstring>

namespace tk {
namespace {

struct Point {
  double x;
  double y;
};

// Where upright point p lies in the stored picture (continuous coordinates).
Point UprightToStored(Point p, uint32_t orientation, double sw, double sh) {
  switch (orientation) {
    case 2:
      return {sw - p.x, p.y};
    case 3:
      return {sw - p.x, sh - p.y};
    case 4:
      return {p.x, sh - p.y};
    case 5:
      return {p.y, p.x};
    case 6:
      return {p.y, sh - p.x};
    case 7:
      return {sw - p.y, sh - p.x};
    case 8:
      return {sw - p.y, p.x};
    default:
      return p;
  }
}

}  // namespace

CropBox UprightBoxToStored(const CropBox& upright, uint32_t orientation, double stored_width,
                           double stored_height) {
  const Point a = UprightToStored({upright.x, upright.y}, orientation, stored_width, stored_height);
  const Point b = UprightToStored({upright.x + upright.width, upright.y + upright.height},
                                  orientation, stored_width, stored_height);
  return CropBox{std::min(a.x, b.x), std::min(a.y, b.y), std::abs(a.x - b.x), std::abs(a.y - b.y)};
}

Status ApplyOrientation(const Image& stored, uint32_t orientation, Image& upright) {
  const uint32_t sw = stored.width();
  const uint32_t sh = stored.height();
  const bool swap = SwapsAxes(orientation);
  const uint32_t uw = swap ? sh : sw;
  const uint32_t uh = swap ? sw : sh;
  Image out;
  TK_RETURN_IF_ERROR(Image::Allocate(uw, uh, stored.channels(), stored.bytes_per_sample(), out));
  const size_t px = stored.pixel_bytes();
  for (uint32_t y = 0; y < uh; ++y) {
    uint8_t* dst = out.row(y);
    for (uint32_t x = 0; x < uw; ++x) {
      uint32_t sx = x;
      uint32_t sy = y;
      switch (orientation) {
        case 2:
          sx = sw - 1 - x;
          break;
        case 3:
          sx = sw - 1 - x;
          sy = sh - 1 - y;
          break;
        case 4:
          sy = sh - 1 - y;
          break;
        case 5:
          sx = y;
          sy = x;
          break;
        case 6:
          sx = y;
          sy = sh - 1 - x;
          break;
        case 7:
          sx = sw - 1 - y;
          sy = sh - 1 - x;
          break;
        case 8:
          sx = sw - 1 - y;
          sy = x;
          break;
        default:
          break;
      }
      std::memcpy(dst + x * px, stored.row(sy) + sx * px, px);
    }
  }
  upright = std::move(out);
  return OkStatus();
}

}  // namespace tk
