#include "pipeline/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "pipeline/orient.h"

namespace tk {
namespace {

bool FormatHasAlpha(tk_format format) {
  return format == TK_FORMAT_PNG || format == TK_FORMAT_WEBP;
}

// How much the source rectangle shrinks on its less-shrunk axis (1 = no shrink).
double ShrinkFactor(const Plan& plan) {
  const double fx = plan.stored_box.width / plan.stored_content_width;
  const double fy = plan.stored_box.height / plan.stored_content_height;
  return std::min(fx, fy);
}

void PlanShrinkOnLoad(const ThumbnailOptions& options, Plan& plan) {
  if (options.shrink_on_load == TK_SHRINK_ON_LOAD_OFF) return;
  // Fast decodes just big enough for the target; accurate keeps a 2x margin for the kernel.
  const double margin = options.shrink_on_load == TK_SHRINK_ON_LOAD_ACCURATE ? 2.0 : 1.0;
  const double allowed = ShrinkFactor(plan) / margin;
  if (plan.input.format == TK_FORMAT_JPEG) {
    // 1/2, 1/4, 1/8 are libjpeg-turbo's fast scaled IDCTs; other fractions cost more than 1/1.
    for (uint32_t denom : {8u, 4u, 2u}) {
      if (denom <= allowed) {
        plan.jpeg_scale_denom = denom;
        break;
      }
    }
  } else if (plan.input.format == TK_FORMAT_WEBP && plan.input.frames == 1) {
    const auto factor = static_cast<uint32_t>(std::floor(allowed));
    if (factor >= 2) {
      plan.webp_decode_width = (plan.input.width + factor - 1) / factor;
      plan.webp_decode_height = (plan.input.height + factor - 1) / factor;
    }
  }
}

const char* Bool(bool b) {
  return b ? "true" : "false";
}

}  // namespace

Status MakePlan(const ImageInfo& input, const ThumbnailOptions& options, Plan& plan) {
  Plan p;
  p.input = input;
  p.orientation = options.auto_orient ? input.orientation : 1;
  const bool swap = SwapsAxes(p.orientation);
  p.upright_width = swap ? input.height : input.width;
  p.upright_height = swap ? input.width : input.height;
  TK_RETURN_IF_ERROR(ComputeGeometry(p.upright_width, p.upright_height, options, p.geometry));
  p.stored_box =
      UprightBoxToStored(p.geometry.source_box, p.orientation, input.width, input.height);
  p.stored_content_width = swap ? p.geometry.content_height : p.geometry.content_width;
  p.stored_content_height = swap ? p.geometry.content_width : p.geometry.content_height;
  PlanShrinkOnLoad(options, p);

  p.output_format = options.format == TK_FORMAT_SAME ? input.format : options.format;
  p.cmyk_to_srgb = input.color == ColorModel::kCmyk;
  p.icc_to_srgb = input.has_icc && input.color == ColorModel::kRgb && !options.keep_icc;
  p.pad = p.geometry.canvas_width != p.geometry.content_width ||
          p.geometry.canvas_height != p.geometry.content_height;
  const bool background_transparent = (options.background & 0xFF) != 0xFF;
  p.pad_with_alpha = p.pad && FormatHasAlpha(p.output_format) && background_transparent;
  const bool has_alpha = input.has_alpha || p.pad_with_alpha;
  p.flatten_alpha = has_alpha && !FormatHasAlpha(p.output_format);
  p.ycbcr_planar = options.ycbcr_planar && input.format == TK_FORMAT_JPEG && input.jpeg_ycbcr &&
                   input.bit_depth == 8 && p.output_format == TK_FORMAT_JPEG &&
                   p.orientation == 1 && !p.pad && !options.linear_light && !p.icc_to_srgb;
  plan = p;
  return OkStatus();
}

std::string Plan::ToJson() const {
  char buf[1536];
  std::snprintf(buf, sizeof buf,
                "{\"input\":{\"format\":\"%s\",\"width\":%u,\"height\":%u,\"orientation\":%u,"
                "\"channels\":%u,\"has_alpha\":%s,\"has_icc\":%s,\"is_cmyk\":%s},"
                "\"orientation_applied\":%u,\"upright\":{\"width\":%u,\"height\":%u},"
                "\"source_box\":{\"x\":%.4f,\"y\":%.4f,\"width\":%.4f,\"height\":%.4f},"
                "\"stored_box\":{\"x\":%.4f,\"y\":%.4f,\"width\":%.4f,\"height\":%.4f},"
                "\"content\":{\"width\":%u,\"height\":%u,\"x\":%u,\"y\":%u},"
                "\"canvas\":{\"width\":%u,\"height\":%u},"
                "\"shrink_on_load\":{\"jpeg_scale_denom\":%u,\"webp_width\":%u,\"webp_height\":%u},"
                "\"cmyk_to_srgb\":%s,\"icc_to_srgb\":%s,\"pad\":%s,\"pad_with_alpha\":%s,"
                "\"flatten_alpha\":%s,\"output_format\":\"%s\",\"ycbcr_planar\":%s}",
                tk_format_name(input.format), input.width, input.height, input.orientation,
                input.channels, Bool(input.has_alpha), Bool(input.has_icc),
                Bool(input.color == ColorModel::kCmyk), orientation, upright_width, upright_height,
                geometry.source_box.x, geometry.source_box.y, geometry.source_box.width,
                geometry.source_box.height, stored_box.x, stored_box.y, stored_box.width,
                stored_box.height, geometry.content_width, geometry.content_height,
                geometry.content_x, geometry.content_y, geometry.canvas_width,
                geometry.canvas_height, jpeg_scale_denom, webp_decode_width, webp_decode_height,
                Bool(cmyk_to_srgb), Bool(icc_to_srgb), Bool(pad), Bool(pad_with_alpha),
                Bool(flatten_alpha), tk_format_name(output_format), Bool(ycbcr_planar));
  return buf;
}

}  // namespace tk
