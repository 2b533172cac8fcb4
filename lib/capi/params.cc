// The typed-parameter table: one row per tk_param with its bounds and the option it sets.
// Defaults are read from a default-constructed ThumbnailOptions, so they live in one place.
#include <cstdint>
#include <limits>
#include <string>

#include "capi/context.h"

namespace tk {
namespace {

using Options = ThumbnailOptions;

struct ParamSpec {
  tk_param id;
  const char* name;
  int64_t min;
  int64_t max;
  void (*set)(Options&, int64_t);
  int64_t (*get)(const Options&);
};

#define TK_PARAM_ROW(param, field, lo, hi)                                          \
  ParamSpec {                                                                       \
    param, #param, lo, hi,                                                          \
        [](Options& o, int64_t v) { o.field = static_cast<decltype(o.field)>(v); }, \
        [](const Options& o) { return static_cast<int64_t>(o.field); }              \
  }

constexpr int64_t kMaxSide = int64_t{1} << 24;
constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();

const ParamSpec kParams[] = {
    TK_PARAM_ROW(TK_PARAM_WIDTH, width, 0, kMaxSide),
    TK_PARAM_ROW(TK_PARAM_HEIGHT, height, 0, kMaxSide),
    TK_PARAM_ROW(TK_PARAM_FIT, fit, TK_FIT_COVER, TK_FIT_OUTSIDE),
    TK_PARAM_ROW(TK_PARAM_POSITION, position, TK_POSITION_CENTRE, TK_POSITION_NORTHWEST),
    TK_PARAM_ROW(TK_PARAM_WITHOUT_ENLARGEMENT, without_enlargement, 0, 1),
    TK_PARAM_ROW(TK_PARAM_KERNEL, kernel, TK_KERNEL_NEAREST, TK_KERNEL_LANCZOS3),
    TK_PARAM_ROW(TK_PARAM_BACKGROUND, background, 0, 0xFFFFFFFF),
    TK_PARAM_ROW(TK_PARAM_AUTO_ORIENT, auto_orient, 0, 1),
    TK_PARAM_ROW(TK_PARAM_SHRINK_ON_LOAD, shrink_on_load, TK_SHRINK_ON_LOAD_OFF,
                 TK_SHRINK_ON_LOAD_ACCURATE),
    TK_PARAM_ROW(TK_PARAM_LINEAR_LIGHT, linear_light, 0, 1),
    TK_PARAM_ROW(TK_PARAM_REDUCING_GAP, reducing_gap_tenths, 0, 1000),
    TK_PARAM_ROW(TK_PARAM_FORMAT, format, TK_FORMAT_SAME, TK_FORMAT_WEBP),
    TK_PARAM_ROW(TK_PARAM_QUALITY, encoder.quality, 1, 100),
    TK_PARAM_ROW(TK_PARAM_JPEG_SUBSAMPLING, encoder.jpeg_444, TK_SUBSAMPLING_420,
                 TK_SUBSAMPLING_444),
    TK_PARAM_ROW(TK_PARAM_JPEG_PROGRESSIVE, encoder.jpeg_progressive, 0, 1),
    TK_PARAM_ROW(TK_PARAM_JPEG_OPTIMIZE_CODING, encoder.jpeg_optimize_coding, 0, 1),
    TK_PARAM_ROW(TK_PARAM_PNG_LEVEL, encoder.png_level, 0, 9),
    TK_PARAM_ROW(TK_PARAM_PNG_FILTER, encoder.png_filter, TK_PNG_FILTER_NONE,
                 TK_PNG_FILTER_ADAPTIVE),
    TK_PARAM_ROW(TK_PARAM_WEBP_LOSSLESS, encoder.webp_lossless, 0, 1),
    TK_PARAM_ROW(TK_PARAM_WEBP_EFFORT, encoder.webp_effort, 0, 6),
    TK_PARAM_ROW(TK_PARAM_WEBP_ALPHA_QUALITY, encoder.webp_alpha_quality, 0, 100),
    TK_PARAM_ROW(TK_PARAM_KEEP_ICC, keep_icc, 0, 1),
    TK_PARAM_ROW(TK_PARAM_KEEP_EXIF, keep_exif, 0, 1),
    TK_PARAM_ROW(TK_PARAM_MAX_INPUT_PIXELS, limits.max_input_pixels, 0, kMaxInt64),
    TK_PARAM_ROW(TK_PARAM_MAX_INPUT_BYTES, limits.max_input_bytes, 0, kMaxInt64),
    TK_PARAM_ROW(TK_PARAM_MAX_DIMENSION, limits.max_dimension, 0, 0xFFFFFFFF),
    TK_PARAM_ROW(TK_PARAM_MAX_OUTPUT_DIMENSION, limits.max_output_dimension, 0, 0xFFFFFFFF),
    TK_PARAM_ROW(TK_PARAM_MAX_SCANS, limits.max_scans, 0, 0xFFFFFFFF),
    TK_PARAM_ROW(TK_PARAM_MAX_METADATA_BYTES, limits.max_metadata_bytes, 0, kMaxInt64),
    TK_PARAM_ROW(TK_PARAM_ALLOW_CORRUPT, limits.allow_corrupt, 0, 1),
};
#undef TK_PARAM_ROW

const ParamSpec* FindParam(tk_param id) {
  for (const ParamSpec& spec : kParams) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

Status UnknownParam(tk_param id) {
  return Status(TK_ERR_INVALID_ARGUMENT, "unknown parameter " + std::to_string(id));
}

}  // namespace
}  // namespace tk

extern "C" {

tk_status tk_set_int(tk_ctx* ctx, tk_param param, int64_t value) {
  return tk::Guarded(ctx, [&]() -> tk::Status {
    if (ctx == nullptr) return tk::Status(TK_ERR_INVALID_ARGUMENT, "tk_set_int: ctx is NULL");
    const tk::ParamSpec* spec = tk::FindParam(param);
    if (spec == nullptr) return tk::UnknownParam(param);
    if (value < spec->min || value > spec->max) {
      return tk::Status(TK_ERR_INVALID_ARGUMENT, std::string(spec->name) + " = " +
                                                     std::to_string(value) + " is out of range [" +
                                                     std::to_string(spec->min) + ", " +
                                                     std::to_string(spec->max) + "]");
    }
    spec->set(ctx->options, value);
    return tk::OkStatus();
  });
}

tk_status tk_get_int(const tk_ctx* ctx, tk_param param, int64_t* value) {
  return tk::Guarded(nullptr, [&]() -> tk::Status {
    if (ctx == nullptr || value == nullptr) {
      return tk::Status(TK_ERR_INVALID_ARGUMENT, "tk_get_int: ctx and value must not be NULL");
    }
    const tk::ParamSpec* spec = tk::FindParam(param);
    if (spec == nullptr) return tk::UnknownParam(param);
    *value = spec->get(ctx->options);
    return tk::OkStatus();
  });
}

tk_status tk_param_bounds(tk_param param, int64_t* min, int64_t* max, int64_t* default_value) {
  return tk::Guarded(nullptr, [&]() -> tk::Status {
    const tk::ParamSpec* spec = tk::FindParam(param);
    if (spec == nullptr) return tk::UnknownParam(param);
    if (min != nullptr) *min = spec->min;
    if (max != nullptr) *max = spec->max;
    if (default_value != nullptr) *default_value = spec->get(tk::ThumbnailOptions{});
    return tk::OkStatus();
  });
}

}  // extern "C"
