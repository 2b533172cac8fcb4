#include "lambda_config.h"

#include <thumbkit_service/object_key.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace thumbkit_lambda {
namespace {

constexpr size_t kMaxJwksBytes = 1u << 20;

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string EnvOr(const char* name, std::string fallback) {
  return Env(name).value_or(std::move(fallback));
}

// A positive integer variable, or the default when unset.
bool EnvPositive(const char* name, int64_t* value, std::string* error) {
  auto text = Env(name);
  if (!text) return true;
  int64_t parsed = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), parsed);
  if (ec != std::errc() || end != text->data() + text->size() || parsed <= 0) {
    *error = std::string(name) + " must be a positive integer, not '" + *text + "'";
    return false;
  }
  *value = parsed;
  return true;
}

bool LoadLimits(thumbkit::service::Limits* limits, std::string* error) {
  return EnvPositive("THUMBKIT_MAX_INPUT_BYTES", &limits->max_input_bytes, error) &&
         EnvPositive("THUMBKIT_MAX_INPUT_PIXELS", &limits->max_input_pixels, error);
}

// A key prefix: a valid key ending in '/'.
bool ValidPrefix(const char* name, const std::string& prefix, std::string* error) {
  auto problem = thumbkit::service::ValidateObjectKey(prefix);
  if (problem || prefix.back() != '/') {
    *error = std::string(name) +
             " must be a key prefix ending in '/': " + (problem ? *problem : "'" + prefix + "'");
    return false;
  }
  return true;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::optional<std::string> ReadJwks(std::string* error) {
  if (auto inline_jwks = Env("THUMBKIT_JWKS")) return inline_jwks;
  auto path = Env("THUMBKIT_JWKS_FILE");
  if (!path) {
    *error =
        "set THUMBKIT_JWKS_FILE (a JWKS file, e.g. the user pool's jwks.json) or THUMBKIT_JWKS";
    return std::nullopt;
  }
  std::ifstream file(*path, std::ios::binary);
  std::string text;
  if (file) {
    text.resize(kMaxJwksBytes + 1);
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(file.gcount()));
  }
  if (!file && !file.eof()) {
    *error = "THUMBKIT_JWKS_FILE: cannot read '" + *path + "'";
    return std::nullopt;
  }
  if (text.size() > kMaxJwksBytes) {
    *error = "THUMBKIT_JWKS_FILE: '" + *path + "' is larger than 1 MiB";
    return std::nullopt;
  }
  return text;
}

}  // namespace

std::optional<S3ThumbnailConfig> LoadS3ThumbnailConfig(std::string* error) {
  S3ThumbnailConfig config;
  config.source_prefix = EnvOr("THUMBKIT_SOURCE_PREFIX", config.source_prefix);
  config.dest_bucket = EnvOr("THUMBKIT_DEST_BUCKET", "");
  config.dest_prefix = EnvOr("THUMBKIT_DEST_PREFIX", config.dest_prefix);
  if (!ValidPrefix("THUMBKIT_SOURCE_PREFIX", config.source_prefix, error) ||
      !ValidPrefix("THUMBKIT_DEST_PREFIX", config.dest_prefix, error) ||
      !LoadLimits(&config.limits, error))
    return std::nullopt;
  std::string variants_text =
      EnvOr("THUMBKIT_VARIANTS", std::string(thumbkit::service::kDefaultVariants));
  std::string variants_error;
  auto variants = thumbkit::service::ParseVariants(variants_text, &variants_error);
  if (!variants || variants->empty()) {
    *error = "THUMBKIT_VARIANTS: " + (variants ? std::string("no variants") : variants_error);
    return std::nullopt;
  }
  config.variants = std::move(*variants);
  return config;
}

std::optional<HttpApiConfig> LoadHttpApiConfig(std::string* error) {
  HttpApiConfig config;
  auto bucket = Env("THUMBKIT_SOURCE_BUCKET");
  if (!bucket) {
    *error = "THUMBKIT_SOURCE_BUCKET must name the bucket that s3Key and GET paths read from";
    return std::nullopt;
  }
  config.source_bucket = *bucket;
  config.source_prefix = EnvOr("THUMBKIT_SOURCE_PREFIX", config.source_prefix);
  config.cache_control = EnvOr("THUMBKIT_CACHE_CONTROL", config.cache_control);
  if (!ValidPrefix("THUMBKIT_SOURCE_PREFIX", config.source_prefix, error) ||
      !LoadLimits(&config.limits, error))
    return std::nullopt;
  return config;
}

std::optional<AuthorizerConfig> LoadAuthorizerConfig(std::string* error) {
  AuthorizerConfig config;
  auto jwks = ReadJwks(error);
  if (!jwks) return std::nullopt;
  config.policy.jwks_json = std::move(*jwks);
  auto issuer = Env("THUMBKIT_JWT_ISSUER");
  if (!issuer) {
    *error =
        "THUMBKIT_JWT_ISSUER must be the user pool's issuer "
        "(https://cognito-idp.{region}.amazonaws.com/{userPoolId})";
    return std::nullopt;
  }
  config.policy.issuer = *issuer;
  config.policy.audiences = SplitCommas(EnvOr("THUMBKIT_JWT_AUDIENCE", ""));
  if (config.policy.audiences.empty()) {
    *error = "THUMBKIT_JWT_AUDIENCE must list the app client id(s), comma separated";
    return std::nullopt;
  }
  config.policy.token_use = EnvOr("THUMBKIT_JWT_TOKEN_USE", "access");
  if (config.policy.token_use != "access" && config.policy.token_use != "id") {
    *error = "THUMBKIT_JWT_TOKEN_USE must be 'access' or 'id'";
    return std::nullopt;
  }
  return config;
}

}  // namespace thumbkit_lambda
