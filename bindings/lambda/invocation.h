// What a handler sees of one invocation, and how it reports a failure the runtime must post to
// /invocation/{id}/error.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace thumbkit_lambda {

struct Invocation {
  std::string request_id;
  std::string trace_id;
  std::string function_arn;
  int64_t deadline_ms = 0;  // Unix epoch milliseconds; 0 = not given

  // Milliseconds left before the deadline (large when no deadline was given).
  int64_t RemainingMs() const;
};

// A failure with a name: posted as Lambda-Runtime-Function-Error-Type "Function.<type>".
class HandlerError : public std::runtime_error {
 public:
  HandlerError(std::string type, const std::string& message)
      : std::runtime_error(message), type_(std::move(type)) {}
  const std::string& type() const { return type_; }

 private:
  std::string type_;
};

// A handler turns the event into the response document, or throws HandlerError.
using Handler = std::function<nlohmann::json(const nlohmann::json& event, const Invocation&)>;

}  // namespace thumbkit_lambda
