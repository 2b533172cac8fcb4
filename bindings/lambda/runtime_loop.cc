#include "runtime_loop.h"

#include <chrono>
#include <cstdlib>
#include <new>
#include <thread>

#include "json_log.h"

namespace thumbkit_lambda {
namespace {

constexpr int kMaxConsecutiveNextFailures = 5;

// Lambda's X-Ray convention: the trace header of the current invocation is in the environment.
void ExportTraceId(const std::string& trace_id) {
  if (trace_id.empty()) {
    unsetenv("_X_AMZN_TRACE_ID");
  } else {
    setenv("_X_AMZN_TRACE_ID", trace_id.c_str(), 1);
  }
}

// Runs the handler; any failure becomes a RuntimeError with a Function.* type.
bool RunHandler(const Handler& handler, const NextInvocation& next, std::string* response,
                RuntimeError* failure) {
  Invocation invocation{next.request_id, next.trace_id, next.function_arn, next.deadline_ms};
  try {
    nlohmann::json event = nlohmann::json::parse(next.body);
    *response =
        handler(event, invocation).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (response->size() > kMaxResponseBytes) {
      *failure = {"Function.ResponseTooLarge", "the response is " +
                                                   std::to_string(response->size()) +
                                                   " bytes, over Lambda's 6 MB limit"};
      return false;
    }
    return true;
  } catch (const HandlerError& e) {
    *failure = {"Function." + e.type(), e.what()};
  } catch (const nlohmann::json::parse_error& e) {
    *failure = {"Function.MalformedEvent", std::string("the event is not JSON: ") + e.what()};
  } catch (const nlohmann::json::exception& e) {
    *failure = {"Function.MalformedEvent",
                std::string("the event is not as expected: ") + e.what()};
  } catch (const std::bad_alloc&) {
    *failure = {"Function.OutOfMemory", "out of memory"};
  } catch (const std::exception& e) {
    *failure = {"Function.Unhandled", e.what()};
  }
  return false;
}

}  // namespace

int64_t Invocation::RemainingMs() const {
  if (deadline_ms == 0) return INT64_MAX;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  return deadline_ms - now;
}

void HandleInvocation(RuntimeApiClient& client, const Handler& handler,
                      const NextInvocation& next) {
  SetLogRequestId(next.request_id);
  ExportTraceId(next.trace_id);
  auto start = std::chrono::steady_clock::now();
  std::string response, post_error;
  RuntimeError failure;
  bool ok = RunHandler(handler, next, &response, &failure);
  if (ok && !client.PostResponse(next.request_id, response, &post_error)) {
    Log(LogLevel::kError, "the Runtime API refused the response", {{"error", post_error}});
    failure = {"Function.ResponseRejected", "the Runtime API refused the response: " + post_error};
    ok = false;
  }
  if (!ok && !client.PostError(next.request_id, failure, &post_error)) {
    Log(LogLevel::kError, "could not post the invocation error", {{"error", post_error}});
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json fields = {{"durationMs", ms}, {"eventBytes", next.body.size()}};
  // Read back from the environment: the log shows what the invocation actually saw.
  if (const char* trace = std::getenv("_X_AMZN_TRACE_ID")) fields["traceId"] = trace;
  if (ok) {
    fields["responseBytes"] = response.size();
    Log(LogLevel::kInfo, "invocation succeeded", fields);
  } else {
    fields["errorType"] = failure.type;
    fields["errorMessage"] = failure.message;
    Log(LogLevel::kError, "invocation failed", fields);
  }
  SetLogRequestId("");
}

int RunLoop(RuntimeApiClient& client, const Handler& handler) {
  int failures = 0;
  while (true) {
    NextInvocation next = client.Next();
    if (!next.ok) {
      Log(LogLevel::kError, "GET /runtime/invocation/next failed", {{"error", next.error}});
      if (++failures >= kMaxConsecutiveNextFailures) return 1;
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * failures));
      continue;
    }
    failures = 0;
    HandleInvocation(client, handler, next);
  }
}

}  // namespace thumbkit_lambda
