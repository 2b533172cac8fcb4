#include "request_auth.h"

#include <thumbkit_service/object_key.h>

#include <chrono>

#include "http_util.h"

namespace thumbkit::server {

bool Authenticate(const ServerContext& context, const httplib::Request& req, httplib::Response& res,
                  std::string* sub) {
  if (!context.jwt) {
    SendError(res, 401, "unauthorized", "no JWT key is configured (--jwt-secret or --jwks-file)");
    return false;
  }
  std::string token = BearerToken(req);
  if (token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthorized", "send Authorization: Bearer <JWT>");
    return false;
  }
  aws::JwtResult verified = context.jwt->Verify(token, std::chrono::system_clock::now());
  if (!verified.ok) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    SendError(res, 401, verified.error, verified.message);
    return false;
  }
  if (!service::IsSafeKeySegment(verified.sub)) {
    SendError(res, 403, "invalid_sub", "the token's sub cannot be used in an object key");
    return false;
  }
  *sub = verified.sub;
  return true;
}

}  // namespace thumbkit::server
