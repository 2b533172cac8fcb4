#include "thumbkit_service/variants.h"

#include <set>

#include "text_util.h"

namespace thumbkit::service {
namespace {

bool ParseSize(std::string_view text, Variant* variant) {
  std::size_t x = text.find('x');
  if (x == std::string_view::npos) return false;
  return ParseIntInRange(text.substr(0, x), 1, 4096, &variant->width) &&
         ParseIntInRange(text.substr(x + 1), 1, 4096, &variant->height);
}

std::optional<Variant> ParseOneVariant(std::string_view item, std::string* error) {
  std::vector<std::string_view> parts = Split(item, ':');
  if (parts.size() < 3 || parts.size() > 4) {
    *error = "variant '" + std::string(item) + "' is not WxH:fit:format[:quality]";
    return std::nullopt;
  }
  Variant variant;
  if (!ParseSize(parts[0], &variant)) {
    *error = "variant '" + std::string(item) + "' has a bad size (WxH, sides 1..4096)";
    return std::nullopt;
  }
  if (!parts[1].empty()) variant.fit = std::string(parts[1]);
  if (!IsFitName(variant.fit)) {
    *error = "variant '" + std::string(item) + "' has an unknown fit";
    return std::nullopt;
  }
  variant.format = NormalizeFormatName(parts[2]);
  if (variant.format != "jpeg" && variant.format != "webp" && variant.format != "png") {
    *error = "variant '" + std::string(item) + "' has a format other than jpeg, webp, png";
    return std::nullopt;
  }
  if (parts.size() == 4 && !parts[3].empty() &&
      !ParseIntInRange(parts[3], 1, 100, &variant.quality)) {
    *error = "variant '" + std::string(item) + "' has a quality outside 1..100";
    return std::nullopt;
  }
  return variant;
}

}  // namespace

std::optional<std::vector<Variant>> ParseVariants(std::string_view spec, std::string* error) {
  std::vector<Variant> variants;
  std::set<std::string> formats;
  for (std::string_view item : Split(spec, ',')) {
    auto variant = ParseOneVariant(item, error);
    if (!variant) return std::nullopt;
    if (!formats.insert(variant->format).second) {
      *error = "two variants share the format " + variant->format;
      return std::nullopt;
    }
    variants.push_back(*variant);
  }
  if (variants.empty() || variants.size() > 8) {
    *error = "between 1 and 8 variants are needed";
    return std::nullopt;
  }
  return variants;
}

std::string ExtensionForFormat(std::string_view format) {
  return format == "jpeg" ? "jpg" : std::string(format);
}

std::string ContentTypeForFormat(std::string_view format) {
  return "image/" + std::string(format);
}

}  // namespace thumbkit::service
