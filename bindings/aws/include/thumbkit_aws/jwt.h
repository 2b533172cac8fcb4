// JWT verification (HS256 with a shared secret, RS256 with a JWKS, e.g. Cognito's) and HS256
// minting for a development token endpoint. libjwt checks signatures; claims are checked here.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace thumbkit::aws {

struct JwtPolicy {
  std::string hs256_secret;  // enables HS256 (empty = HS256 refused)
  std::string jwks_json;     // {"keys":[{"kty":"RSA","kid":..,"n":..,"e":..}]} enables RS256
  std::string issuer;        // required "iss" (empty = not checked)
  std::vector<std::string> audiences;  // "aud" or Cognito "client_id" must be one (empty = any)
  std::string token_use;               // "access" or "id" (empty = not checked)
  std::chrono::seconds leeway{30};     // clock skew allowed for exp/nbf/iat
};

// Error codes in JwtResult::error (empty when ok):
//   malformed         not three base64url parts, bad JSON, missing/invalid exp
//   alg_not_allowed   alg is "none", unknown, or has no configured key (HS256 without a secret,
//                     RS256 without a JWKS) — this is what catches alg confusion
//   unknown_kid       RS256 with a kid not in the JWKS (or no kid)
//   bad_signature     signature does not verify
//   expired           exp + leeway <= now
//   not_yet_valid     nbf (or iat) - leeway > now
//   wrong_issuer, wrong_audience, wrong_token_use
//   bad_config        the policy's JWKS is unusable / no key configured at all
struct JwtResult {
  bool ok = false;
  std::string error;
  std::string message;
  std::string sub;
  nlohmann::json claims;  // the payload, when the signature verified
};

// Parses the JWKS once; Verify is then cheap and thread-safe (const).
class JwtVerifier {
 public:
  explicit JwtVerifier(JwtPolicy policy);
  ~JwtVerifier();
  JwtVerifier(JwtVerifier&&) noexcept;
  JwtVerifier& operator=(JwtVerifier&&) noexcept;

  // Empty when the policy is usable; otherwise why not (every Verify then fails with bad_config).
  const std::string& config_error() const;
  JwtResult Verify(std::string_view token, std::chrono::system_clock::time_point now) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One-shot form of JwtVerifier(policy).Verify(token, now).
JwtResult VerifyJwt(std::string_view token, const JwtPolicy& policy,
                    std::chrono::system_clock::time_point now);

// A compact HS256 JWT of `claims` (an object) signed with `secret`. Throws std::invalid_argument
// for an empty secret or non-object claims.
std::string MakeHs256Jwt(const nlohmann::json& claims, std::string_view secret);

}  // namespace thumbkit::aws
