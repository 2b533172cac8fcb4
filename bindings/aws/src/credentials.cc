#include "thumbkit_aws/credentials.h"

#include <cstdlib>

namespace thumbkit::aws {
namespace {

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

std::optional<Credentials> Credentials::FromEnvironment() {
  Credentials credentials{EnvOrEmpty("AWS_ACCESS_KEY_ID"), EnvOrEmpty("AWS_SECRET_ACCESS_KEY"),
                          EnvOrEmpty("AWS_SESSION_TOKEN")};
  if (credentials.empty()) return std::nullopt;
  return credentials;
}

}  // namespace thumbkit::aws
