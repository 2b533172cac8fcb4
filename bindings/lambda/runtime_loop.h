// The invocation loop of the custom runtime: fetch the next event, run the handler, post its
// response or its error, forever. One failed invocation never stops the loop.
#pragma once

#include <string>

#include "invocation.h"
#include "runtime_api_client.h"

namespace thumbkit_lambda {

// Lambda's limit on a synchronous response payload (6 MB).
constexpr size_t kMaxResponseBytes = 6u * 1024 * 1024;

// Handles one event already fetched from /next and posts the outcome.
void HandleInvocation(RuntimeApiClient& client, const Handler& handler, const NextInvocation& next);

// Returns (with a process exit code) only when /next keeps failing, e.g. the Runtime API is gone.
int RunLoop(RuntimeApiClient& client, const Handler& handler);

}  // namespace thumbkit_lambda
