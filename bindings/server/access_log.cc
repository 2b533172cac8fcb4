#include "access_log.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

namespace thumbkit::server {
namespace {

std::mutex& LogMutex() {
  static std::mutex mutex;
  return mutex;
}

double UnixSeconds() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration<double>(now).count();
}

}  // namespace

void WriteAccessLog(const AccessLogLine& line) {
  nlohmann::json json{
      {"ts", UnixSeconds()},       {"id", line.request_id},       {"method", line.method},
      {"path", line.path},         {"status", line.status},       {"latency_ms", line.latency_ms},
      {"bytes_in", line.bytes_in}, {"bytes_out", line.bytes_out}, {"remote", line.remote}};
  WriteEventLog(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void WriteEventLog(const std::string& json_line) {
  std::lock_guard lock(LogMutex());
  std::fwrite(json_line.data(), 1, json_line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace thumbkit::server
