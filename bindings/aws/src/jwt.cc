// JWT checks: the header decides nothing by itself — the algorithm must match a configured key
// (no "none", no HS256 keyed with an RSA public key), libjwt verifies the signature, and the
// claims (exp, nbf, iat, iss, aud/client_id, token_use) are checked here.
#include "thumbkit_aws/jwt.h"

#include <jwt.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "jwk.h"
#include "thumbkit_aws/crypto.h"

namespace thumbkit::aws {

struct JwtVerifier::State {
  JwtPolicy policy;
  detail::JwksKeys jwks;
  std::string config_error;
};

namespace {

constexpr std::size_t kMaxTokenBytes = 16 * 1024;

JwtResult Fail(std::string error, std::string message) {
  JwtResult result;
  result.error = std::move(error);
  result.message = std::move(message);
  return result;
}

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};

// The JSON object in one base64url part of the token, or a discarded value.
nlohmann::json DecodePart(std::string_view part) {
  const std::optional<std::string> bytes = Base64UrlDecode(part);
  if (!bytes) return nlohmann::json(nlohmann::json::value_t::discarded);
  nlohmann::json value = nlohmann::json::parse(*bytes, nullptr, false);
  if (!value.is_object()) return nlohmann::json(nlohmann::json::value_t::discarded);
  return value;
}

// Seconds since the epoch in a numeric claim (JSON number, integer or not).
std::optional<double> NumericClaim(const nlohmann::json& claims, const char* name) {
  if (!claims.contains(name)) return std::nullopt;
  const nlohmann::json& value = claims[name];
  if (!value.is_number()) return std::nullopt;
  return value.get<double>();
}

std::optional<JwtResult> CheckTimes(const nlohmann::json& claims, const JwtPolicy& policy,
                                    std::chrono::system_clock::time_point now) {
  const double now_s = std::chrono::duration<double>(now.time_since_epoch()).count();
  const double leeway = static_cast<double>(policy.leeway.count());
  if (claims.contains("exp") && !claims["exp"].is_number()) {
    return Fail("malformed", "exp is not a number");
  }
  const std::optional<double> exp = NumericClaim(claims, "exp");
  if (!exp) return Fail("malformed", "token has no exp claim");
  if (now_s >= *exp + leeway) return Fail("expired", "token expired");
  for (const char* name : {"nbf", "iat"}) {
    if (claims.contains(name) && !claims[name].is_number()) {
      return Fail("malformed", std::string(name) + " is not a number");
    }
    const std::optional<double> not_before = NumericClaim(claims, name);
    if (not_before && *not_before > now_s + leeway) {
      return Fail("not_yet_valid", std::string("token not valid yet (") + name + ")");
    }
  }
  return std::nullopt;
}

bool AudienceMatches(const nlohmann::json& claims, const std::vector<std::string>& audiences) {
  auto accepted = [&](const nlohmann::json& value) {
    return value.is_string() && std::find(audiences.begin(), audiences.end(),
                                          value.get<std::string>()) != audiences.end();
  };
  if (claims.contains("aud")) {
    const nlohmann::json& aud = claims["aud"];
    if (accepted(aud)) return true;
    if (aud.is_array() && std::any_of(aud.begin(), aud.end(), accepted)) return true;
  }
  return claims.contains("client_id") && accepted(claims["client_id"]);  // Cognito access tokens
}

std::optional<JwtResult> CheckClaims(const nlohmann::json& claims, const JwtPolicy& policy,
                                     std::chrono::system_clock::time_point now) {
  if (auto refused = CheckTimes(claims, policy, now)) return refused;
  if (!policy.issuer.empty() && claims.value("iss", nlohmann::json()) != policy.issuer) {
    return Fail("wrong_issuer", "issuer is not " + policy.issuer);
  }
  if (!policy.audiences.empty() && !AudienceMatches(claims, policy.audiences)) {
    return Fail("wrong_audience", "neither aud nor client_id is an accepted audience");
  }
  if (!policy.token_use.empty() &&
      claims.value("token_use", nlohmann::json()) != policy.token_use) {
    return Fail("wrong_token_use", "token_use is not " + policy.token_use);
  }
  if (claims.contains("sub") && !claims["sub"].is_string()) {
    return Fail("malformed", "sub is not a string");
  }
  return std::nullopt;
}

// The key libjwt must verify with, chosen from the header's alg and kid and the policy.
struct ChosenKey {
  jwt_alg_t alg = JWT_ALG_INVAL;
  std::string_view key;
};

std::optional<JwtResult> ChooseKey(const nlohmann::json& header, const JwtPolicy& policy,
                                   const detail::JwksKeys& jwks, ChosenKey& chosen) {
  const nlohmann::json alg = header.value("alg", nlohmann::json());
  if (!alg.is_string()) return Fail("malformed", "header has no alg");
  if (alg == "HS256") {
    if (policy.hs256_secret.empty()) {
      return Fail("alg_not_allowed", "HS256 tokens are not accepted here");
    }
    chosen = {JWT_ALG_HS256, policy.hs256_secret};
    return std::nullopt;
  }
  if (alg == "RS256") {
    if (jwks.pem_by_kid.empty()) {
      return Fail("alg_not_allowed", "RS256 tokens are not accepted here (no JWKS)");
    }
    const nlohmann::json kid = header.value("kid", nlohmann::json());
    const auto found =
        kid.is_string() ? jwks.pem_by_kid.find(kid.get<std::string>()) : jwks.pem_by_kid.end();
    if (found == jwks.pem_by_kid.end()) {
      return Fail("unknown_kid", "the token's kid is not in the JWKS");
    }
    chosen = {JWT_ALG_RS256, found->second};
    return std::nullopt;
  }
  return Fail("alg_not_allowed", "alg " + alg.get<std::string>() + " is not accepted");
}

}  // namespace

JwtVerifier::JwtVerifier(JwtPolicy policy) : state_(std::make_unique<State>()) {
  state_->policy = std::move(policy);
  if (!state_->policy.jwks_json.empty()) {
    state_->jwks = detail::LoadJwks(state_->policy.jwks_json);
    state_->config_error = state_->jwks.error;
  } else if (state_->policy.hs256_secret.empty()) {
    state_->config_error = "no JWT key configured (HS256 secret or JWKS)";
  }
}

JwtVerifier::~JwtVerifier() = default;
JwtVerifier::JwtVerifier(JwtVerifier&&) noexcept = default;
JwtVerifier& JwtVerifier::operator=(JwtVerifier&&) noexcept = default;

const std::string& JwtVerifier::config_error() const {
  return state_->config_error;
}

JwtResult JwtVerifier::Verify(std::string_view token,
                              std::chrono::system_clock::time_point now) const {
  if (!state_->config_error.empty()) return Fail("bad_config", state_->config_error);
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return Fail("malformed", "token is empty or too long");
  }
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Fail("malformed", "a JWT has three dot-separated parts");
  }
  const nlohmann::json header = DecodePart(token.substr(0, first_dot));
  const nlohmann::json claims = DecodePart(token.substr(first_dot + 1, second_dot - first_dot - 1));
  if (header.is_discarded() || claims.is_discarded()) {
    return Fail("malformed", "header or payload is not base64url JSON object");
  }
  ChosenKey chosen;
  if (auto refused = ChooseKey(header, state_->policy, state_->jwks, chosen)) return *refused;

  jwt_t* raw = nullptr;
  const std::string token_text(token);
  const int status = jwt_decode(&raw, token_text.c_str(),
                                reinterpret_cast<const unsigned char*>(chosen.key.data()),
                                static_cast<int>(chosen.key.size()));
  std::unique_ptr<jwt_t, JwtDeleter> decoded(raw);
  if (status != 0 || !decoded || jwt_get_alg(decoded.get()) != chosen.alg) {
    return Fail("bad_signature", "signature does not verify");
  }
  if (auto refused = CheckClaims(claims, state_->policy, now)) return *refused;
  JwtResult result;
  result.ok = true;
  result.sub = claims.value("sub", "");
  result.claims = claims;
  return result;
}

JwtResult VerifyJwt(std::string_view token, const JwtPolicy& policy,
                    std::chrono::system_clock::time_point now) {
  return JwtVerifier(policy).Verify(token, now);
}

std::string MakeHs256Jwt(const nlohmann::json& claims, std::string_view secret) {
  if (secret.empty()) throw std::invalid_argument("MakeHs256Jwt needs a secret");
  if (!claims.is_object()) throw std::invalid_argument("JWT claims must be a JSON object");
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  std::unique_ptr<jwt_t, JwtDeleter> jwt(raw);
  const std::string claims_json = claims.dump();
  if (jwt_add_grants_json(jwt.get(), claims_json.c_str()) != 0 ||
      jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
                  static_cast<int>(secret.size())) != 0) {
    throw std::runtime_error("cannot build the JWT");
  }
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) throw std::runtime_error("jwt_encode_str failed");
  std::string token(encoded);
  std::free(encoded);
  return token;
}

}  // namespace thumbkit::aws
