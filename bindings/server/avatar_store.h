// The avatar job against the store: make the variants of an original, then write them (and, for
// a local upload, the original). Nothing is written when the image is refused.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server_context.h"

namespace thumbkit::server {

struct AvatarOutcome {
  bool ok = false;
  int http_status = 500;
  std::string code;
  std::string message;
  std::string original_etag;
  nlohmann::json body;  // {key, avatars: [{key, url, width, height, bytes, etag}]}
};

// Local-mode PUT: the original arrived in the request.
AvatarOutcome StoreOriginalAndAvatars(ServerContext& context, const std::string& key,
                                      const std::string& sub, const std::string& original,
                                      const std::string& content_type, const std::string& base_url);

// S3 event: the original is already in the store.
AvatarOutcome ProcessStoredUpload(ServerContext& context, const std::string& key,
                                  const std::string& sub, const std::string& base_url);

}  // namespace thumbkit::server
