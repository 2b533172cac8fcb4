// Handler configuration from the function's environment variables; read once at init. A bad
// value is an init error (POST /runtime/init/error), never a per-invocation surprise.
#pragma once

#include <thumbkit_aws/jwt.h>
#include <thumbkit_service/thumbnail_request.h>
#include <thumbkit_service/variants.h>

#include <optional>
#include <string>
#include <vector>

namespace thumbkit_lambda {

// s3-thumbnail
struct S3ThumbnailConfig {
  std::string source_prefix = "uploads/";            // THUMBKIT_SOURCE_PREFIX
  std::string dest_bucket;                           // THUMBKIT_DEST_BUCKET; empty = the source's
  std::string dest_prefix = "avatars/processed/";    // THUMBKIT_DEST_PREFIX
  std::vector<thumbkit::service::Variant> variants;  // THUMBKIT_VARIANTS
  thumbkit::service::Limits limits;  // THUMBKIT_MAX_INPUT_BYTES, THUMBKIT_MAX_INPUT_PIXELS
};

// http-api
struct HttpApiConfig {
  std::string source_bucket;               // THUMBKIT_SOURCE_BUCKET (required)
  std::string source_prefix = "uploads/";  // THUMBKIT_SOURCE_PREFIX: keys s3Key/GET may read
  std::string cache_control = "public, max-age=86400";  // THUMBKIT_CACHE_CONTROL, GET results
  thumbkit::service::Limits limits;
};

// authorizer
struct AuthorizerConfig {
  thumbkit::aws::JwtPolicy policy;  // THUMBKIT_JWKS_FILE or THUMBKIT_JWKS, THUMBKIT_JWT_ISSUER,
                                    // THUMBKIT_JWT_AUDIENCE, THUMBKIT_JWT_TOKEN_USE
};

// Each returns nullopt with *error naming the variable and what is wrong with it.
std::optional<S3ThumbnailConfig> LoadS3ThumbnailConfig(std::string* error);
std::optional<HttpApiConfig> LoadHttpApiConfig(std::string* error);
std::optional<AuthorizerConfig> LoadAuthorizerConfig(std::string* error);

}  // namespace thumbkit_lambda
