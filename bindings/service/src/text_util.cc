#include "text_util.h"

#include <charconv>

namespace thumbkit::service {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> items;
  if (text.empty()) return items;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      items.push_back(text.substr(start));
      return items;
    }
    items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

bool ParseIntInRange(std::string_view text, int min, int max, int* value) {
  if (text.empty() || text.size() > 9 || text.front() < '0' || text.front() > '9') return false;
  int parsed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (parsed < min || parsed > max) return false;
  *value = parsed;
  return true;
}

bool IsFitName(std::string_view fit) {
  return fit == "cover" || fit == "contain" || fit == "fill" || fit == "inside" || fit == "outside";
}

std::string NormalizeFormatName(std::string_view format) {
  return format == "jpg" ? "jpeg" : std::string(format);
}

}  // namespace thumbkit::service
