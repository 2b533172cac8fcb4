#include "server_context.h"

#include <thumbkit_service/avatar_job.h>

#include <fstream>
#include <sstream>

namespace thumbkit::server {
namespace {

bool ReadTextFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream out;
  out << in.rdbuf();
  *text = out.str();
  return true;
}

bool MakeJwtVerifier(const ServerConfig& config, ServerContext* context, std::string* error) {
  aws::JwtPolicy policy;
  policy.hs256_secret = config.jwt_secret;
  if (!config.jwks_file.empty() && !ReadTextFile(config.jwks_file, &policy.jwks_json)) {
    *error = "cannot read the JWKS file " + config.jwks_file;
    return false;
  }
  if (policy.hs256_secret.empty() && policy.jwks_json.empty()) return true;
  policy.issuer = config.jwt_issuer;
  policy.audiences = config.jwt_audiences;
  policy.token_use = config.jwt_token_use;
  context->jwt = std::make_unique<aws::JwtVerifier>(std::move(policy));
  if (!context->jwt->config_error().empty()) {
    *error = "JWT settings: " + context->jwt->config_error();
    return false;
  }
  return true;
}

}  // namespace

std::string ServerContext::CacheControlFor(std::string_view key) const {
  return key.starts_with(service::kProcessedAvatarPrefix)
             ? std::string(service::kAvatarCacheControl)
             : config.object_cache_control;
}

bool MakeServerContext(const ServerConfig& config, ServerContext* context, std::string* error) {
  context->config = config;
  context->limits.max_input_bytes = config.max_body_bytes;
  context->limits.max_input_pixels = config.max_input_pixels;
  context->limits.max_output_dimension = config.max_output_dimension;
  auto variants = service::ParseVariants(config.avatar_variants, error);
  if (!variants) return false;
  context->avatar_variants = *variants;
  if (config.dev_tokens && config.jwt_secret.empty()) {
    *error = "--dev-tokens needs --jwt-secret";
    return false;
  }
  if (!MakeJwtVerifier(config, context, error)) return false;
  context->presign_credentials = {config.access_key_id, config.secret_access_key, ""};
  context->scope = {config.region, "s3"};
  context->store = OpenStore(config.store, error);
  return context->store != nullptr;
}

}  // namespace thumbkit::server
