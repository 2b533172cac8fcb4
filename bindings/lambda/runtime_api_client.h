// The Lambda Runtime API (2018-06-01) over libcurl: next invocation, response, error, init error.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>

namespace thumbkit_lambda {

struct NextInvocation {
  bool ok = false;
  std::string error;  // why ok is false (transport or HTTP status)
  std::string request_id;
  std::string trace_id;
  std::string function_arn;
  int64_t deadline_ms = 0;
  std::string body;
};

// The JSON error document: {"errorMessage","errorType","stackTrace":[]}.
struct RuntimeError {
  std::string type;  // e.g. "Function.ObjectNotFound"; also the errorType field
  std::string message;
};

class RuntimeApiClient {
 public:
  // endpoint: the value of AWS_LAMBDA_RUNTIME_API ("host:port").
  explicit RuntimeApiClient(std::string endpoint);
  ~RuntimeApiClient();
  RuntimeApiClient(const RuntimeApiClient&) = delete;
  RuntimeApiClient& operator=(const RuntimeApiClient&) = delete;

  // Long-polls GET /runtime/invocation/next (no overall timeout: it blocks until an event).
  NextInvocation Next();
  // POST /runtime/invocation/{id}/response. False (with *error) when not accepted (e.g. 413).
  bool PostResponse(const std::string& request_id, const std::string& body, std::string* error);
  // POST /runtime/invocation/{id}/error.
  bool PostError(const std::string& request_id, const RuntimeError& failure, std::string* error);
  // POST /runtime/init/error.
  bool PostInitError(const RuntimeError& failure, std::string* error);

 private:
  struct Reply {
    bool transport_ok = false;
    long status = 0;
    std::string transport_error;
    std::string body;
    std::string request_id, trace_id, function_arn, deadline;
  };
  Reply Perform(const std::string& method, const std::string& path, const std::string& body,
                const std::string& error_type);
  bool PostDocument(const std::string& path, const std::string& body, const std::string& error_type,
                    std::string* error);

  std::string base_url_;
  CURL* curl_ = nullptr;
};

// Serialises a RuntimeError as the Runtime API's error document.
std::string ErrorDocument(const RuntimeError& failure);

}  // namespace thumbkit_lambda
