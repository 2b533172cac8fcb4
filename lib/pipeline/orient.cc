#include "pipeline/orient.h"

#include <algorithm>
#include <cmath>
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

namespace {

// The stored pixel an upright pixel comes from, as an integer affine map derived from
// UprightToStored at pixel centres, so the orientations are written down once.
struct PixelMap {
  int64_t x0, x_per_x, x_per_y;
  int64_t y0, y_per_x, y_per_y;
};

PixelMap MapPixels(uint32_t orientation, double sw, double sh) {
  const Point o = UprightToStored({0.5, 0.5}, orientation, sw, sh);
  const Point right = UprightToStored({1.5, 0.5}, orientation, sw, sh);
  const Point down = UprightToStored({0.5, 1.5}, orientation, sw, sh);
  auto cell = [](double v) { return static_cast<int64_t>(std::floor(v)); };
  return {cell(o.x), cell(right.x) - cell(o.x), cell(down.x) - cell(o.x),
          cell(o.y), cell(right.y) - cell(o.y), cell(down.y) - cell(o.y)};
}

}  // namespace

Status ApplyOrientation(const Image& stored, uint32_t orientation, Image& upright) {
  const bool swap = SwapsAxes(orientation);
  const uint32_t uw = swap ? stored.height() : stored.width();
  const uint32_t uh = swap ? stored.width() : stored.height();
  Image out;
  TK_RETURN_IF_ERROR(Image::Allocate(uw, uh, stored.channels(), stored.bytes_per_sample(), out));
  const size_t px = stored.pixel_bytes();
  const PixelMap m = MapPixels(orientation, stored.width(), stored.height());
  for (uint32_t y = 0; y < uh; ++y) {
    uint8_t* dst = out.row(y);
    for (uint32_t x = 0; x < uw; ++x) {
      const auto sx = static_cast<uint32_t>(m.x0 + m.x_per_x * x + m.x_per_y * y);
      const auto sy = static_cast<uint32_t>(m.y0 + m.y_per_x * x + m.y_per_y * y);
      std::memcpy(dst + x * px, stored.row(sy) + sx * px, px);
    }
  }
  upright = std::move(out);
  return OkStatus();
}

}  // namespace tk
