#include "thumbkit_service/thumbnail_request.h"

#include <thumbkit/thumbkit.h>

#include <memory>
#include <set>

#include "text_util.h"

namespace thumbkit::service {
namespace {

bool IsOutputFormat(std::string_view format, bool allow_auto) {
  return format == "jpeg" || format == "webp" || format == "png" || format == "same" ||
         (allow_auto && format == "auto");
}

// Sets one option by its long name; false with *error set when the value is bad.
bool SetOption(std::string_view name, std::string_view value, const Limits& limits,
               ThumbnailSpec* spec, std::string* error) {
  auto bad = [&](std::string_view what) {
    *error = std::string(name) + " '" + std::string(value) + "' " + std::string(what);
    return false;
  };
  if (name == "width" || name == "height") {
    int* side = name == "width" ? &spec->width : &spec->height;
    if (!ParseIntInRange(value, 0, limits.max_output_dimension, side)) {
      return bad("is not an integer in 0.." + std::to_string(limits.max_output_dimension));
    }
    return true;
  }
  if (name == "fit") {
    if (!IsFitName(value)) return bad("is not cover, contain, fill, inside or outside");
    spec->fit = std::string(value);
    return true;
  }
  if (name == "format") {
    std::string format = NormalizeFormatName(value);
    if (!IsOutputFormat(format, true)) return bad("is not jpeg, webp, png, same or auto");
    spec->format = format;
    return true;
  }
  if (name == "quality") {
    if (!ParseIntInRange(value, 1, 100, &spec->quality)) return bad("is not an integer in 1..100");
    return true;
  }
  if (name == "enlarge") {
    if (value != "0" && value != "1") return bad("is not 0 or 1");
    spec->enlarge = value == "1";
    return true;
  }
  *error = "unknown option '" + std::string(name) + "'";
  return false;
}

std::string_view LongOptionName(std::string_view name) {
  if (name == "w") return "width";
  if (name == "h") return "height";
  if (name == "fmt" || name == "f") return "format";
  if (name == "q") return "quality";
  return name;
}

tk_fit FitValue(std::string_view fit) {
  if (fit == "contain") return TK_FIT_CONTAIN;
  if (fit == "fill") return TK_FIT_FILL;
  if (fit == "inside") return TK_FIT_INSIDE;
  if (fit == "outside") return TK_FIT_OUTSIDE;
  return TK_FIT_COVER;
}

tk_format FormatValue(std::string_view format) {
  if (format == "jpeg") return TK_FORMAT_JPEG;
  if (format == "png") return TK_FORMAT_PNG;
  if (format == "webp") return TK_FORMAT_WEBP;
  return TK_FORMAT_SAME;
}

// The mapping: limits on the image are 422 (the body itself was accepted), only the input
// byte limit is 413; an encoder refusal is caused by the input, so 422 too.
int HttpStatusFor(tk_status status) {
  switch (status) {
    case TK_ERR_LIMIT_PIXELS:
    case TK_ERR_LIMIT_DIMENSION:
    case TK_ERR_LIMIT_SCANS:
    case TK_ERR_LIMIT_METADATA:
    case TK_ERR_ENCODE:
      return 422;
    default:
      return tk_status_http(status);
  }
}

struct CtxDeleter {
  void operator()(tk_ctx* ctx) const { tk_ctx_free(ctx); }
};
using CtxPtr = std::unique_ptr<tk_ctx, CtxDeleter>;

ThumbnailResult Failure(tk_status status, std::string message) {
  ThumbnailResult result;
  result.http_status = HttpStatusFor(status);
  result.status_name = tk_status_name(status);
  result.message = std::move(message);
  return result;
}

tk_status Configure(tk_ctx* ctx, const ThumbnailSpec& spec, const Limits& limits) {
  const std::pair<tk_param, int64_t> params[] = {
      {TK_PARAM_WIDTH, spec.width},
      {TK_PARAM_HEIGHT, spec.height},
      {TK_PARAM_FIT, FitValue(spec.fit)},
      {TK_PARAM_FORMAT, FormatValue(spec.format)},
      {TK_PARAM_QUALITY, spec.quality},
      {TK_PARAM_WITHOUT_ENLARGEMENT, spec.enlarge ? 0 : 1},
      {TK_PARAM_MAX_INPUT_BYTES, limits.max_input_bytes},
      {TK_PARAM_MAX_INPUT_PIXELS, limits.max_input_pixels},
      {TK_PARAM_MAX_OUTPUT_DIMENSION, limits.max_output_dimension},
  };
  for (const auto& [param, value] : params) {
    tk_status status = tk_set_int(ctx, param, value);
    if (status != TK_OK) return status;
  }
  return TK_OK;
}

}  // namespace

std::optional<ThumbnailSpec> ParseUrlOptions(std::string_view options, const Limits& limits,
                                             std::string* error) {
  ThumbnailSpec spec;
  if (options == "-") return spec;
  std::set<std::string_view> seen;
  for (std::string_view item : Split(options, ',')) {
    std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      *error = "option '" + std::string(item) + "' is not name:value";
      return std::nullopt;
    }
    std::string_view name = LongOptionName(item.substr(0, colon));
    if (!seen.insert(name).second) {
      *error = "option '" + std::string(name) + "' is given twice";
      return std::nullopt;
    }
    if (!SetOption(name, item.substr(colon + 1), limits, &spec, error)) return std::nullopt;
  }
  return spec;
}

std::optional<ThumbnailSpec> ParseFormFields(const std::map<std::string, std::string>& fields,
                                             const Limits& limits, std::string* error) {
  ThumbnailSpec spec;
  for (std::string_view name : {"width", "height", "fit", "format", "quality"}) {
    auto it = fields.find(std::string(name));
    if (it == fields.end() || it->second.empty()) continue;
    if (!SetOption(name, it->second, limits, &spec, error)) return std::nullopt;
  }
  return spec;
}

std::string ResolveFormat(const ThumbnailSpec& spec, std::string_view accept) {
  if (spec.format != "auto") return spec.format;
  bool webp = accept.find("image/webp") != std::string_view::npos ||
              accept.find("image/*") != std::string_view::npos;
  return webp ? "webp" : "same";
}

std::string CanonicalOptions(const ThumbnailSpec& spec) {
  return "w:" + std::to_string(spec.width) + ",h:" + std::to_string(spec.height) +
         ",fit:" + spec.fit + ",fmt:" + spec.format + ",q:" + std::to_string(spec.quality) +
         ",enlarge:" + (spec.enlarge ? "1" : "0");
}

ThumbnailResult MakeThumbnail(std::string_view input, const ThumbnailSpec& spec,
                              const Limits& limits) {
  CtxPtr ctx(tk_ctx_new());
  if (!ctx) return Failure(TK_ERR_OUT_OF_MEMORY, "out of memory creating a context");
  if (tk_status status = Configure(ctx.get(), spec, limits); status != TK_OK) {
    return Failure(status, tk_last_error(ctx.get()));
  }
  tk_output out = TK_OUTPUT_INIT;
  tk_status status = tk_thumbnail(ctx.get(), input.data(), input.size(), &out);
  if (status != TK_OK) return Failure(status, tk_last_error(ctx.get()));
  ThumbnailResult result;
  result.ok = true;
  result.http_status = 200;
  result.status_name = tk_status_name(TK_OK);
  result.bytes.assign(static_cast<const char*>(out.data), out.size);
  tk_free(out.data);
  result.format = tk_format_name(out.format);
  result.content_type = "image/" + result.format;
  result.width = static_cast<int>(out.width);
  result.height = static_cast<int>(out.height);
  return result;
}

}  // namespace thumbkit::service
