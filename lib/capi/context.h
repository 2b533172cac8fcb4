// What a tk_ctx handle holds: the options its parameters set and its last error message.
#pragma once

#include <string>

#include "core/status.h"
#include "pipeline/options.h"

struct tk_ctx {
  tk::ThumbnailOptions options;
  std::string last_error;
};

namespace tk {

// Records the outcome of a call on `ctx` (may be null) and this thread; returns its code.
tk_status Report(tk_ctx* ctx, const Status& status);

// Runs `body` (returning Status) with no exception crossing the C boundary.
template <typename Body>
tk_status Guarded(tk_ctx* ctx, Body&& body) {
  try {
    return Report(ctx, body());
  } catch (const std::bad_alloc&) {
    return Report(ctx, Status(TK_ERR_OUT_OF_MEMORY, "out of memory"));
  } catch (...) {
    return Report(ctx, Status(TK_ERR_INTERNAL, "unexpected internal error"));
  }
}

}  // namespace tk
