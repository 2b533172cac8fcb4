#include "json_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace thumbkit_lambda {
namespace {

std::string& CurrentRequestId() {
  static std::string request_id;
  return request_id;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

// RFC 3339 UTC with milliseconds, e.g. 2024-01-02T03:04:05.678Z.
std::string Timestamp() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof text - length, ".%03dZ", static_cast<int>(ms % 1000));
  return text;
}

}  // namespace

void SetLogRequestId(std::string request_id) {
  CurrentRequestId() = std::move(request_id);
}

void Log(LogLevel level, std::string_view message, const nlohmann::json& fields) {
  nlohmann::json line = {
      {"timestamp", Timestamp()}, {"level", LevelName(level)}, {"message", std::string(message)}};
  if (!CurrentRequestId().empty()) line["requestId"] = CurrentRequestId();
  if (fields.is_object()) {
    for (const auto& [name, value] : fields.items()) line[name] = value;
  }
  // Invalid UTF-8 (e.g. from an object key) is replaced rather than thrown on.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace thumbkit_lambda
