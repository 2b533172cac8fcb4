// The custom runtime's entry point (`bootstrap`): pick the handler named by _HANDLER, then serve
// invocations from the Runtime API at AWS_LAMBDA_RUNTIME_API until the environment is shut down.
#include <curl/curl.h>
#include <thumbkit/thumbkit.h>

#include <cstdlib>
#include <string>

#include "handler_registry.h"
#include "json_log.h"
#include "runtime_api_client.h"
#include "runtime_loop.h"

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

int Run() {
  using namespace thumbkit_lambda;
  std::string endpoint = EnvOr("AWS_LAMBDA_RUNTIME_API", "");
  if (endpoint.empty()) {
    Log(LogLevel::kError, "AWS_LAMBDA_RUNTIME_API is not set: run me inside Lambda or an emulator");
    return 2;
  }
  std::string handler_name = EnvOr("_HANDLER", "");
  RuntimeApiClient client(endpoint);
  RuntimeError failure;
  auto handler = MakeHandler(handler_name, &failure);
  if (!handler) {
    Log(LogLevel::kError, "init failed",
        {{"handler", handler_name},
         {"errorType", failure.type},
         {"errorMessage", failure.message}});
    std::string post_error;
    if (!client.PostInitError(failure, &post_error))
      Log(LogLevel::kError, "could not post the init error", {{"error", post_error}});
    return 1;
  }
  Log(LogLevel::kInfo, "init done", {{"handler", handler_name}, {"thumbkit", tk_version_string()}});
  return RunLoop(client, *handler);
}

}  // namespace

int main() {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  int status = Run();
  curl_global_cleanup();
  return status;
}
