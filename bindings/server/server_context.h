// What the routes share: settings, the store, metrics, limits and the auth objects.
#pragma once

#include <thumbkit_aws/credentials.h>
#include <thumbkit_aws/jwt.h>
#include <thumbkit_aws/sigv4.h>
#include <thumbkit_service/thumbnail_request.h>
#include <thumbkit_service/variants.h>

#include <memory>
#include <vector>

#include "body_reader.h"
#include "config.h"
#include "metrics.h"
#include "object_store.h"

namespace thumbkit::server {

struct ServerContext {
  ServerConfig config;
  std::unique_ptr<ObjectStore> store;
  Metrics* metrics = nullptr;
  service::Limits limits;
  std::vector<service::Variant> avatar_variants;
  std::unique_ptr<aws::JwtVerifier> jwt;  // null when no JWT key is configured
  aws::Credentials presign_credentials;   // local mode
  aws::SigningScope scope;                // {region, "s3"}

  BodyLimits body_limits() const {
    return {static_cast<std::uint64_t>(config.max_body_bytes),
            std::chrono::seconds(config.read_timeout_seconds)};
  }
  std::string CacheControlFor(std::string_view key) const;
};

// Builds the context from settings; false with *error set when something is unusable.
bool MakeServerContext(const ServerConfig& config, ServerContext* context, std::string* error);

}  // namespace thumbkit::server
