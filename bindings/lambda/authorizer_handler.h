// _HANDLER=authorizer: an HTTP API Lambda authorizer (payload 2.0, simple response) for Cognito
// JWTs: RS256 against the user pool's JWKS, iss, token_use, client_id/aud and exp.
//   {"isAuthorized": true, "context": {"sub": ..., "username": ..., "tokenUse": ...}}
//   {"isAuthorized": false}  (API Gateway answers 403) for a missing or bad token.
#pragma once

#include <thumbkit_aws/jwt.h>

#include <string>

#include "invocation.h"
#include "lambda_config.h"

namespace thumbkit_lambda {

class AuthorizerHandler {
 public:
  explicit AuthorizerHandler(const AuthorizerConfig& config);

  // Empty when the JWKS is usable; otherwise why not (an init error).
  const std::string& config_error() const { return verifier_->config_error(); }

  nlohmann::json operator()(const nlohmann::json& event, const Invocation& invocation) const;

 private:
  // shared: std::function needs a copyable handler.
  std::shared_ptr<thumbkit::aws::JwtVerifier> verifier_;
};

// The bearer token of a payload 2.0 authorizer event: the authorization header (with or without
// "Bearer "), else identitySource[0]. "" when absent.
std::string BearerToken(const nlohmann::json& event);

}  // namespace thumbkit_lambda
