#include "pipeline/geometry.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace tk {
namespace {

uint32_t RoundSide(double v) {
  const double r = std::round(v);
  return r < 1 ? 1u : r > 4294967295.0 ? 4294967295u : static_cast<uint32_t>(r);
}

// -1: start (north/west), 0: centre, +1: end (south/east).
void GravityAxes(tk_position position, int& gx, int& gy) {
  static constexpr int kX[] = {0, 0, 1, 1, 1, 0, -1, -1, -1};
  static constexpr int kY[] = {0, -1, -1, 0, 1, 1, 1, 0, -1};
  const int i = static_cast<int>(position);
  gx = (i >= 0 && i <= 8) ? kX[i] : 0;
  gy = (i >= 0 && i <= 8) ? kY[i] : 0;
}

// Offset of `inner` within `outer` along one axis for gravity `where`.
uint32_t Align(uint32_t outer, uint32_t inner, int where) {
  if (inner >= outer) return 0;
  const uint32_t slack = outer - inner;
  return where < 0 ? 0 : where > 0 ? slack : slack / 2;
}

}  // namespace

Status ComputeGeometry(uint32_t source_width, uint32_t source_height,
                       const ThumbnailOptions& options, Geometry& out) {
  if (source_width == 0 || source_height == 0) {
    return Status(TK_ERR_INVALID_ARGUMENT, "source has a zero dimension");
  }
  const double w = source_width;
  const double h = source_height;
  const uint32_t tw = options.width;
  const uint32_t th = options.height;
  const bool no_enlarge = options.without_enlargement;

  uint32_t resized_w = source_width;
  uint32_t resized_h = source_height;
  tk_fit fit = TK_FIT_FILL;  // with fewer than two sides given, the size is exact
  if (tw != 0 && th != 0) {
    fit = options.fit;
    const double sx = tw / w;
    const double sy = th / h;
    if (fit == TK_FIT_FILL) {
      resized_w = no_enlarge ? std::min(tw, source_width) : tw;
      resized_h = no_enlarge ? std::min(th, source_height) : th;
    } else {
      const bool fit_within = fit == TK_FIT_CONTAIN || fit == TK_FIT_INSIDE;
      double s = fit_within ? std::min(sx, sy) : std::max(sx, sy);
      const bool clamped = no_enlarge && s > 1;
      if (clamped) s = 1;
      resized_w = RoundSide(w * s);
      resized_h = RoundSide(h * s);
      if (fit_within) {
        resized_w = std::min(resized_w, tw);
        resized_h = std::min(resized_h, th);
      } else if (!clamped) {
        resized_w = std::max(resized_w, tw);  // rounding must not leave a gap to crop
        resized_h = std::max(resized_h, th);
      }
    }
  } else if (tw != 0 || th != 0) {
    const double s = tw != 0 ? tw / w : th / h;
    if (!(no_enlarge && s > 1)) {
      resized_w = tw != 0 ? tw : RoundSide(w * s);
      resized_h = th != 0 ? th : RoundSide(h * s);
    }
  }

  Geometry g;
  g.source_box = CropBox{0, 0, w, h};
  g.content_width = resized_w;
  g.content_height = resized_h;
  g.canvas_width = resized_w;
  g.canvas_height = resized_h;
  int gx = 0;
  int gy = 0;
  GravityAxes(options.position, gx, gy);
  if (fit == TK_FIT_COVER) {
    g.content_width = std::min(resized_w, tw);
    g.content_height = std::min(resized_h, th);
    g.canvas_width = g.content_width;
    g.canvas_height = g.content_height;
    // Crop whole pixels of the resized image (as sharp does), expressed in source coordinates.
    const double to_source_x = w / resized_w;
    const double to_source_y = h / resized_h;
    g.source_box = CropBox{Align(resized_w, g.content_width, gx) * to_source_x,
                           Align(resized_h, g.content_height, gy) * to_source_y,
                           g.content_width * to_source_x, g.content_height * to_source_y};
  } else if (fit == TK_FIT_CONTAIN) {
    g.canvas_width = tw;
    g.canvas_height = th;
    g.content_x = Align(tw, resized_w, gx);
    g.content_y = Align(th, resized_h, gy);
  }

  const uint32_t max_side = options.limits.max_output_dimension;
  if (max_side != 0 && (g.canvas_width > max_side || g.canvas_height > max_side)) {
    return Status(TK_ERR_LIMIT_DIMENSION,
                  "output would be " + std::to_string(g.canvas_width) + "x" +
                      std::to_string(g.canvas_height) +
                      ", a side above the limit max_output_dimension=" + std::to_string(max_side));
  }
  out = g;
  return OkStatus();
}

}  // namespace tk
