#include "handler_registry.h"

#include <thumbkit_aws/s3_client.h>

#include "authorizer_handler.h"
#include "http_api_handler.h"
#include "lambda_config.h"
#include "s3_thumbnail_handler.h"

namespace thumbkit_lambda {
namespace {

RuntimeError InvalidConfig(const std::string& message) {
  return {"Runtime.InvalidConfig", message};
}

}  // namespace

std::optional<Handler> MakeHandler(std::string_view name, RuntimeError* failure) {
  std::string error;
  if (name == "s3-thumbnail") {
    auto config = LoadS3ThumbnailConfig(&error);
    if (!config) {
      *failure = InvalidConfig(error);
      return std::nullopt;
    }
    return S3ThumbnailHandler(std::move(*config), thumbkit::aws::S3Config::FromEnvironment());
  }
  if (name == "http-api") {
    auto config = LoadHttpApiConfig(&error);
    if (!config) {
      *failure = InvalidConfig(error);
      return std::nullopt;
    }
    return HttpApiHandler(std::move(*config), thumbkit::aws::S3Config::FromEnvironment());
  }
  if (name == "authorizer") {
    auto config = LoadAuthorizerConfig(&error);
    if (!config) {
      *failure = InvalidConfig(error);
      return std::nullopt;
    }
    AuthorizerHandler handler(*config);
    if (!handler.config_error().empty()) {
      *failure = InvalidConfig("the JWKS is unusable: " + handler.config_error());
      return std::nullopt;
    }
    return handler;
  }
  *failure = {
      "Runtime.NoSuchHandler",
      "_HANDLER must be s3-thumbnail, http-api or authorizer, not '" + std::string(name) + "'"};
  return std::nullopt;
}

}  // namespace thumbkit_lambda
