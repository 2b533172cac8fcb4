#include "thumbkit_service/object_key.h"

#include <array>

namespace thumbkit::service {
namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not well formed.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = byte < 0x80           ? 1
                       : (byte >> 5) == 0x6  ? 2
                       : (byte >> 4) == 0xE  ? 3
                       : (byte >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

bool HasDotDotSegment(std::string_view key) {
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    if (key.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::optional<std::string> ValidateObjectKey(std::string_view key) {
  if (key.empty()) return "key is empty";
  if (key.size() > kMaxObjectKeyBytes) return "key is longer than 1024 bytes";
  if (key.front() == '/') return "key starts with '/'";
  if (HasDotDotSegment(key)) return "key contains a '..' segment";
  for (std::size_t i = 0; i < key.size();) {
    auto byte = static_cast<unsigned char>(key[i]);
    if (byte < 0x20 || byte == 0x7F) return "key contains a control character";
    if (byte == '\\') return "key contains a backslash";
    std::size_t length = Utf8SequenceLength(key, i);
    if (length == 0) return "key is not valid UTF-8";
    i += length;
  }
  return std::nullopt;
}

bool IsSafeKeySegment(std::string_view segment) {
  if (segment.empty() || segment.size() > 128 || segment == "." || segment == "..") return false;
  for (char c : segment) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '@' || c == '+' || c == '=' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsUploadFlowKey(std::string_view key) {
  return key.starts_with(kUploadPrefix) || key.starts_with(kAvatarPrefix);
}

std::string MakeUploadKey(std::string_view sub, std::string_view uuid, std::string_view ext) {
  std::string key(kUploadPrefix);
  key.append(sub).append("/").append(uuid).append(".").append(ext);
  return key;
}

std::optional<std::string> SubFromUploadKey(std::string_view key) {
  if (!key.starts_with(kUploadPrefix)) return std::nullopt;
  std::string_view rest = key.substr(kUploadPrefix.size());
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view sub = rest.substr(0, slash);
  std::string_view name = rest.substr(slash + 1);
  if (!IsSafeKeySegment(sub) || !IsSafeKeySegment(name)) return std::nullopt;
  return std::string(sub);
}

std::optional<std::string> ExtensionForContentType(std::string_view content_type) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kTypes{
      {{"image/jpeg", "jpg"}, {"image/png", "png"}, {"image/webp", "webp"}}};
  for (const auto& [type, ext] : kTypes) {
    if (content_type == type) return std::string(ext);
  }
  return std::nullopt;
}

}  // namespace thumbkit::service
