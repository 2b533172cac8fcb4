// Internal error value: a pinned public status plus a message naming what was wrong.
#pragma once

#include <string>
#include <utility>

#include "thumbkit/thumbkit.h"

namespace tk {

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(tk_status code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == TK_OK; }
  tk_status code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  tk_status code_ = TK_OK;
  std::string message_;
};

inline Status OkStatus() {
  return Status();
}

}  // namespace tk

#define TK_RETURN_IF_ERROR(expr)                     \
  do {                                               \
    ::tk::Status tk_status_tmp_ = (expr);            \
    if (!tk_status_tmp_.ok()) return tk_status_tmp_; \
  } while (0)
