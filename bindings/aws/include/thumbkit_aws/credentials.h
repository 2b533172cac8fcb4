// AWS credentials, from the standard environment variables.
#pragma once

#include <optional>
#include <string>

namespace thumbkit::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials (sent as x-amz-security-token)

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }

  // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; nullopt when either of the
  // first two is unset or empty.
  static std::optional<Credentials> FromEnvironment();
};

}  // namespace thumbkit::aws
