// Structured logs: one JSON object per line on stdout, as CloudWatch Logs and Lambda's JSON log
// format expect ({"timestamp","level","message","requestId",...}).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace thumbkit_lambda {

enum class LogLevel { kInfo, kWarn, kError };

// The request id stamped on every line until the next call (empty between invocations).
void SetLogRequestId(std::string request_id);

// Writes {"timestamp","level","message","requestId", ...fields} and flushes.
void Log(LogLevel level, std::string_view message, const nlohmann::json& fields = {});

}  // namespace thumbkit_lambda
