// Avatar variants: what MakeAvatarVariants writes for each upload.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace thumbkit::service {

struct Variant {
  int width = 512;
  int height = 512;
  std::string fit = "cover";    // cover, contain, fill, inside, outside
  std::string format = "jpeg";  // jpeg, webp or png
  int quality = 80;             // 1..100
};

// The default: 512x512 cover JPEG and WebP at quality 80.
inline constexpr std::string_view kDefaultVariants = "512x512:cover:jpeg:80,512x512:cover:webp:80";

// "WxH:fit:format:quality" items separated by commas, e.g. kDefaultVariants. fit and quality may
// be left out ("256x256::webp", "256x256:cover:png"). Sides 1..4096, formats unique (each becomes
// one key extension). nullopt with *error set when the text is malformed.
std::optional<std::vector<Variant>> ParseVariants(std::string_view spec, std::string* error);

// "jpeg" -> "jpg", "webp" -> "webp", "png" -> "png".
std::string ExtensionForFormat(std::string_view format);
// "jpeg" -> "image/jpeg", ...
std::string ContentTypeForFormat(std::string_view format);

}  // namespace thumbkit::service
