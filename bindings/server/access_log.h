// One JSON line per request on stdout: request id, method, path, status, latency, bytes.
#pragma once

#include <cstdint>
#include <string>

namespace thumbkit::server {

struct AccessLogLine {
  std::string request_id;
  std::string method;
  std::string path;  // without the query (presigned signatures stay out of logs)
  std::string remote;
  int status = 0;
  double latency_ms = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
};

void WriteAccessLog(const AccessLogLine& line);

// Any other event as a JSON line on stdout: {"event": event, ...fields}.
void WriteEventLog(const std::string& json_line);

}  // namespace thumbkit::server
