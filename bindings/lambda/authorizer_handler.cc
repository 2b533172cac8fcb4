#include "authorizer_handler.h"

#include <cctype>
#include <chrono>

#include "json_log.h"

namespace thumbkit_lambda {
namespace {

std::string StripBearer(std::string value) {
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() >= kScheme.size()) {
    bool matches = true;
    for (size_t i = 0; i < kScheme.size(); ++i) {
      matches = matches && std::tolower(static_cast<unsigned char>(value[i])) == kScheme[i];
    }
    if (matches) value.erase(0, kScheme.size());
  }
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  return value;
}

// Context values must be strings, numbers or booleans.
void CopyClaim(const nlohmann::json& claims, const char* claim, const char* name,
               nlohmann::json* context) {
  auto it = claims.find(claim);
  if (it != claims.end() && it->is_string()) (*context)[name] = *it;
}

}  // namespace

std::string BearerToken(const nlohmann::json& event) {
  if (!event.is_object()) return "";
  auto headers = event.find("headers");
  if (headers != event.end() && headers->is_object()) {
    for (const auto& [name, value] : headers->items()) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "authorization" && value.is_string()) return StripBearer(value);
    }
  }
  auto sources = event.find("identitySource");
  if (sources != event.end() && sources->is_array() && !sources->empty() &&
      sources->front().is_string())
    return StripBearer(sources->front().get<std::string>());
  return "";
}

AuthorizerHandler::AuthorizerHandler(const AuthorizerConfig& config)
    : verifier_(std::make_shared<thumbkit::aws::JwtVerifier>(config.policy)) {}

nlohmann::json AuthorizerHandler::operator()(const nlohmann::json& event, const Invocation&) const {
  if (!event.is_object() || event.value("type", "") != "REQUEST")
    throw HandlerError("MalformedEvent", "not an HTTP API authorizer event (type != REQUEST)");
  std::string token = BearerToken(event);
  if (token.empty()) {
    Log(LogLevel::kInfo, "denied", {{"reason", "no_token"}});
    return {{"isAuthorized", false}};
  }
  auto result = verifier_->Verify(token, std::chrono::system_clock::now());
  if (!result.ok) {
    // The reason goes to the log only; the caller just learns "no".
    Log(LogLevel::kInfo, "denied", {{"reason", result.error}, {"detail", result.message}});
    return {{"isAuthorized", false}};
  }
  // Routes scope reads to the caller's own keys by sub: a token without one gets nothing.
  if (result.sub.empty()) {
    Log(LogLevel::kInfo, "denied", {{"reason", "no_sub"}});
    return {{"isAuthorized", false}};
  }
  nlohmann::json context = {{"sub", result.sub}};
  CopyClaim(result.claims, "username", "username", &context);
  CopyClaim(result.claims, "cognito:username", "username", &context);
  CopyClaim(result.claims, "token_use", "tokenUse", &context);
  CopyClaim(result.claims, "client_id", "clientId", &context);
  CopyClaim(result.claims, "scope", "scope", &context);
  Log(LogLevel::kInfo, "allowed", {{"sub", result.sub}});
  return {{"isAuthorized", true}, {"context", context}};
}

}  // namespace thumbkit_lambda
