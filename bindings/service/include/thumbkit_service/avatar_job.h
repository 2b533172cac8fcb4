// The avatar job: one uploaded original in, the processed variants out. The server's local-mode
// PUT, its S3-event endpoint and the Lambda's S3 handler all run this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "thumbkit_service/thumbnail_request.h"
#include "thumbkit_service/variants.h"

namespace thumbkit::service {

inline constexpr std::string_view kAvatarCacheControl = "public, max-age=300";
// Where the avatars of the upload flow go (under kAvatarPrefix).
inline constexpr std::string_view kProcessedAvatarPrefix = "avatars/processed/";

struct AvatarObject {
  std::string key;  // "avatars/processed/{sub}.jpg", ".webp", ".png"
  std::string bytes;
  std::string content_type;
  std::string cache_control;  // kAvatarCacheControl
  int width = 0;
  int height = 0;
};

struct AvatarJobResult {
  bool ok = false;
  int http_status = 500;  // as ThumbnailResult (400 for a bad sub)
  std::string status_name;
  std::string message;
  std::vector<AvatarObject> objects;  // one per variant, in order; empty on failure
};

// "avatars/processed/{sub}.{ext}".
std::string AvatarKey(std::string_view sub, std::string_view format);

// All variants or none: the first failure is reported and nothing is returned. Originals smaller
// than a variant are scaled up (an avatar always has the variant's exact size for cover/fill).
AvatarJobResult MakeAvatarVariants(std::string_view original, std::string_view sub,
                                   const std::vector<Variant>& variants, const Limits& limits);

}  // namespace thumbkit::service
