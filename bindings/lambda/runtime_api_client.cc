#include "runtime_api_client.h"

#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

namespace thumbkit_lambda {
namespace {

// Events are at most 6 MB (synchronous) per the Lambda quotas; anything far beyond is refused
// instead of buffered.
constexpr size_t kMaxEventBytes = 16u << 20;

struct ReplySink {
  std::string* body;
  bool overflow = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ReplySink*>(user);
  size_t bytes = size * count;
  if (sink->body->size() + bytes > kMaxEventBytes) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->body->append(data, bytes);
  return bytes;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

struct HeaderSink {
  std::string *request_id, *trace_id, *function_arn, *deadline;
};

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<HeaderSink*>(user);
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name = Lower(Trim(line.substr(0, colon)));
  std::string value(Trim(line.substr(colon + 1)));
  if (name == "lambda-runtime-aws-request-id") *sink->request_id = value;
  if (name == "lambda-runtime-trace-id") *sink->trace_id = value;
  if (name == "lambda-runtime-invoked-function-arn") *sink->function_arn = value;
  if (name == "lambda-runtime-deadline-ms") *sink->deadline = value;
  return size * count;
}

int64_t ParseDeadline(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return (ec == std::errc() && end == text.data() + text.size()) ? value : 0;
}

}  // namespace

std::string ErrorDocument(const RuntimeError& failure) {
  nlohmann::json document = {{"errorMessage", failure.message},
                             {"errorType", failure.type},
                             {"stackTrace", nlohmann::json::array()}};
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

RuntimeApiClient::RuntimeApiClient(std::string endpoint)
    : base_url_("http://" + std::move(endpoint) + "/2018-06-01/runtime") {
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

RuntimeApiClient::~RuntimeApiClient() {
  curl_easy_cleanup(curl_);
}

RuntimeApiClient::Reply RuntimeApiClient::Perform(const std::string& method,
                                                  const std::string& path, const std::string& body,
                                                  const std::string& error_type) {
  Reply reply;
  ReplySink body_sink{&reply.body};
  HeaderSink header_sink{&reply.request_id, &reply.trace_id, &reply.function_arn, &reply.deadline};
  curl_easy_reset(curl_);  // keeps the connection cache: one keep-alive connection
  std::string url = base_url_ + path;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 0L);  // /next blocks until an event arrives
  curl_easy_setopt(curl_, CURLOPT_PROXY, "");    // the Runtime API is local: never proxied
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_sink);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &header_sink);
  curl_slist* headers = nullptr;
  if (method == "POST") {
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    if (!error_type.empty()) {
      std::string header = "Lambda-Runtime-Function-Error-Type: " + error_type;
      headers = curl_slist_append(headers, header.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
  }
  CURLcode code = curl_easy_perform(curl_);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    reply.transport_error =
        body_sink.overflow ? "event larger than 16 MiB" : std::string(curl_easy_strerror(code));
    return reply;
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
  reply.transport_ok = true;
  return reply;
}

NextInvocation RuntimeApiClient::Next() {
  NextInvocation next;
  Reply reply = Perform("GET", "/invocation/next", "", "");
  if (!reply.transport_ok) {
    next.error = reply.transport_error;
    return next;
  }
  if (reply.status != 200) {
    next.error = "HTTP " + std::to_string(reply.status) + ": " + reply.body;
    return next;
  }
  if (reply.request_id.empty()) {
    next.error = "no Lambda-Runtime-Aws-Request-Id header";
    return next;
  }
  next.ok = true;
  next.request_id = std::move(reply.request_id);
  next.trace_id = std::move(reply.trace_id);
  next.function_arn = std::move(reply.function_arn);
  next.deadline_ms = ParseDeadline(reply.deadline);
  next.body = std::move(reply.body);
  return next;
}

bool RuntimeApiClient::PostDocument(const std::string& path, const std::string& body,
                                    const std::string& error_type, std::string* error) {
  Reply reply = Perform("POST", path, body, error_type);
  if (!reply.transport_ok) {
    *error = reply.transport_error;
    return false;
  }
  if (reply.status != 202) {
    *error = "HTTP " + std::to_string(reply.status) + ": " + reply.body;
    return false;
  }
  return true;
}

bool RuntimeApiClient::PostResponse(const std::string& request_id, const std::string& body,
                                    std::string* error) {
  return PostDocument("/invocation/" + request_id + "/response", body, "", error);
}

bool RuntimeApiClient::PostError(const std::string& request_id, const RuntimeError& failure,
                                 std::string* error) {
  return PostDocument("/invocation/" + request_id + "/error", ErrorDocument(failure), failure.type,
                      error);
}

bool RuntimeApiClient::PostInitError(const RuntimeError& failure, std::string* error) {
  return PostDocument("/init/error", ErrorDocument(failure), failure.type, error);
}

}  // namespace thumbkit_lambda
