// Object keys as the store and the upload flow use them: validation and the upload key layout.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace thumbkit::service {

inline constexpr std::size_t kMaxObjectKeyBytes = 1024;

// The presigned-upload flow's prefixes: originals under uploads/{sub}/, avatars under avatars/.
inline constexpr std::string_view kUploadPrefix = "uploads/";
inline constexpr std::string_view kAvatarPrefix = "avatars/";

// True for keys the upload flow owns (kUploadPrefix, kAvatarPrefix): the resize API never writes
// there, so one user cannot overwrite another's original or avatar.
bool IsUploadFlowKey(std::string_view key);

// nullopt when `key` is acceptable; otherwise why not ("key is empty", "key contains '..'", ...).
// Refused: empty, longer than 1024 bytes, a leading '/', a ".." path segment, control characters
// (0x00-0x1F, 0x7F), a backslash, or bytes that are not valid UTF-8.
std::optional<std::string> ValidateObjectKey(std::string_view key);

// A user id (JWT `sub`) that may appear as one key segment: 1..128 characters of
// [A-Za-z0-9._@+=-], not "." or "..".
bool IsSafeKeySegment(std::string_view segment);

// "uploads/{sub}/{uuid}.{ext}".
std::string MakeUploadKey(std::string_view sub, std::string_view uuid, std::string_view ext);

// The `sub` of "uploads/{sub}/{name}" (exactly three segments, safe sub); nullopt otherwise.
std::optional<std::string> SubFromUploadKey(std::string_view key);

// "image/jpeg" -> "jpg", "image/png" -> "png", "image/webp" -> "webp"; nullopt for any other type
// (parameters such as "; charset" are not accepted).
std::optional<std::string> ExtensionForContentType(std::string_view content_type);

}  // namespace thumbkit::service
