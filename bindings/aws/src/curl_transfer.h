// One HTTP exchange over libcurl with bounded body size and time (internal to thumbkit_aws).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace thumbkit::aws::detail {

struct CurlRequest {
  std::string method;  // GET, PUT, HEAD
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // sent exactly (Host included)
  std::string_view body;                                     // PUT only
  std::uint64_t max_body = 0;  // largest 2xx body accepted (0 = none expected)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  std::string ca_file;  // trusted CAs for HTTPS (PEM); empty = libcurl's default
};

struct CurlResponse {
  bool transferred = false;  // a complete response arrived
  bool too_large = false;    // 2xx body over max_body (aborted while streaming)
  bool timed_out = false;
  std::string transport_error;  // curl's message when !transferred
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names, last value wins
  std::string body;  // 2xx: up to max_body; error statuses: the first 64 KiB (S3's XML)
};

CurlResponse Perform(const CurlRequest& request);

}  // namespace thumbkit::aws::detail
