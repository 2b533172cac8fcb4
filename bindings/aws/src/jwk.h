// JWKS (RFC 7517) RSA keys → PEM public keys that libjwt can verify with (internal).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace thumbkit::aws::detail {

struct JwksKeys {
  std::map<std::string, std::string, std::less<>> pem_by_kid;  // RS256-usable RSA keys
  std::string error;  // why the JWKS is unusable (empty when at least one key loaded)
};

JwksKeys LoadJwks(std::string_view jwks_json);

}  // namespace thumbkit::aws::detail
