#include "curl_transfer.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace thumbkit::aws::detail {
namespace {

constexpr std::size_t kMaxErrorBody = 64 * 1024;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Exchange {
  CURL* handle = nullptr;
  bool head = false;
  CurlResponse response;
  std::uint64_t max_body = 0;
};

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::string_view line(data, size * count);
  CurlResponse& response = exchange->response;
  if (line.starts_with("HTTP/")) {
    response.headers.clear();  // a new response (e.g. after 100 Continue)
    return size * count;
  }
  if (Trim(line).empty()) {  // end of the headers: refuse an oversized body before reading it
    curl_easy_getinfo(exchange->handle, CURLINFO_RESPONSE_CODE, &response.status);
    const auto length = response.headers.find("content-length");
    if (response.status >= 200 && response.status < 300 && length != response.headers.end() &&
        length->second.find_first_not_of("0123456789") == std::string::npos &&
        (length->second.size() > 19 || std::stoull(length->second) > exchange->max_body) &&
        !exchange->head) {
      response.too_large = true;
      return 0;
    }
    return size * count;
  }
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    exchange->response.headers[Lower(Trim(line.substr(0, colon)))] =
        std::string(Trim(line.substr(colon + 1)));
  }
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  CurlResponse& response = exchange->response;
  const std::size_t length = size * count;
  const bool error_status = response.status >= 300;
  const std::uint64_t limit = error_status ? kMaxErrorBody : exchange->max_body;
  if (response.body.size() + length > limit) {
    if (error_status) {
      response.body.append(data, limit - response.body.size());
      return length;  // keep reading, drop the rest of an oversized error body
    }
    response.too_large = true;
    return 0;  // abort the transfer: never buffer more than max_body
  }
  response.body.append(data, length);
  return length;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

CurlResponse Perform(const CurlRequest& request) {
  GlobalInitOnce();
  Exchange exchange;
  exchange.max_body = request.max_body;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    exchange.response.transport_error = "curl_easy_init failed";
    return exchange.response;
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto append = [&](const std::string& line) {
    curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
    if (grown != nullptr) {
      (void)headers.release();
      headers.reset(grown);
    }
  };
  bool has_content_type = false;
  for (const auto& [name, value] : request.headers) {
    append(name + ": " + value);
    has_content_type = has_content_type || Lower(name) == "content-type";
  }
  append("Expect:");  // no 100-continue round trip
  // libcurl would otherwise send application/x-www-form-urlencoded with the PUT body.
  if (request.method == "PUT" && !has_content_type) append("Content-Type:");

  CURL* handle = curl.get();
  exchange.handle = handle;
  exchange.head = request.method == "HEAD";
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  if (!request.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, request.ca_file.c_str());
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
  if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.empty() ? "" : request.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());

  const CURLcode code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &exchange.response.status);
  if (code == CURLE_OK) {
    exchange.response.transferred = true;
  } else if (!exchange.response.too_large) {
    exchange.response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    exchange.response.transport_error = curl_easy_strerror(code);
  }
  return exchange.response;
}

}  // namespace thumbkit::aws::detail
