// imgproxy-style URL signatures for GET /i/{signature}/{options}/{key}.
#pragma once

#include <string>
#include <string_view>

namespace thumbkit::service {

// base64url (no padding) of HMAC-SHA256(key, path), where path is the rest of the URL path
// after the signature, starting with '/': "/{options}/{key}" exactly as sent (still encoded).
std::string SignThumbnailPath(std::string_view signing_key, std::string_view path);

// Constant-time comparison of `signature` with SignThumbnailPath(signing_key, path).
bool VerifyThumbnailPath(std::string_view signing_key, std::string_view signature,
                         std::string_view path);

}  // namespace thumbkit::service
