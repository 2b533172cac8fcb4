// Small parsing helpers shared by the option and variant parsers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace thumbkit::service {

// Splits on `separator`; "" gives no items, "a,,b" gives an empty middle item.
std::vector<std::string_view> Split(std::string_view text, char separator);

// A decimal integer with no sign, spaces or leading '+', within [min, max].
bool ParseIntInRange(std::string_view text, int min, int max, int* value);

// cover, contain, fill, inside, outside.
bool IsFitName(std::string_view fit);

// "jpg" -> "jpeg"; other names unchanged (lower case expected).
std::string NormalizeFormatName(std::string_view format);

}  // namespace thumbkit::service
