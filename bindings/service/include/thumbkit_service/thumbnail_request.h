// One thumbnail request: options from a URL or a form, limits, and the call into thumbkit.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace thumbkit::service {

struct ThumbnailSpec {
  int width = 0;  // 0 = derive from the other side; both 0 = keep the size
  int height = 0;
  std::string fit = "cover";    // cover, contain, fill, inside, outside
  std::string format = "same";  // jpeg, webp, png, same (the input's), auto (see ResolveFormat)
  int quality = 80;             // 1..100
  bool enlarge = false;  // scale small images up to the target (avatars); URL option enlarge:1
};

struct Limits {
  std::int64_t max_input_bytes = 32 << 20;
  std::int64_t max_input_pixels = 100'000'000;
  int max_output_dimension = 4096;  // also the largest width/height a request may ask for
};

// imgproxy-style options, comma separated: "w:320,h:240,fit:cover,fmt:webp,q:80,enlarge:1" (long
// names width/height/format/quality also accepted; "-" or "" = all defaults). nullopt with *error
// set on an unknown option, a bad value or a repeated option.
std::optional<ThumbnailSpec> ParseUrlOptions(std::string_view options, const Limits& limits,
                                             std::string* error);

// The POST /image form fields: width, height, fit, format, quality (all optional, as strings).
// Unknown fields are ignored (s3Key and file belong to the caller). nullopt with *error set on a
// bad value.
std::optional<ThumbnailSpec> ParseFormFields(const std::map<std::string, std::string>& fields,
                                             const Limits& limits, std::string* error);

// The concrete output format for a request: for "auto", "webp" when `accept` lists image/webp
// (or image/*), otherwise "same"; other formats unchanged.
std::string ResolveFormat(const ThumbnailSpec& spec, std::string_view accept);

// Canonical text of a spec (for ETags and cache keys):
// "w:320,h:240,fit:cover,fmt:webp,q:80,enlarge:0".
std::string CanonicalOptions(const ThumbnailSpec& spec);

struct ThumbnailResult {
  bool ok = false;
  int http_status = 500;     // 200 on success; 400/413/415/422/503 (500 only for TK_ERR_INTERNAL)
  std::string status_name;   // "TK_OK", "TK_ERR_CORRUPT", ...
  std::string message;       // the library's message on failure
  std::string bytes;         // the encoded image
  std::string content_type;  // "image/jpeg", ...
  std::string format;        // "jpeg", "png", "webp"
  int width = 0;
  int height = 0;
};

// Decodes, resizes and encodes `input` per `spec` (format "auto" must be resolved first; it is
// treated as "same"). Uses one tk_ctx for the call; safe to call from many threads.
// Status mapping: unknown format/unsupported 415; corrupt, truncated, pixel/dimension/scan/
// metadata limits and encoder refusals 422; input bytes over the limit 413; out of memory 503.
ThumbnailResult MakeThumbnail(std::string_view input, const ThumbnailSpec& spec,
                              const Limits& limits);

}  // namespace thumbkit::service
