// Status names, HTTP mapping and the per-handle / per-thread error messages.
#include <new>

#include "capi/context.h"

namespace {
thread_local std::string thread_error;
}  // namespace

namespace tk {

tk_status Report(tk_ctx* ctx, const Status& status) {
  // Assigning may allocate; a failure to record the message must not hide the status.
  try {
    thread_error = status.message();
    if (ctx != nullptr) ctx->last_error = status.message();
  } catch (const std::bad_alloc&) {
  }
  return status.code();
}

}  // namespace tk

extern "C" {

const char* tk_last_error(const tk_ctx* ctx) {
  return ctx != nullptr ? ctx->last_error.c_str() : thread_error.c_str();
}

const char* tk_status_name(tk_status status) {
  switch (status) {
    case TK_OK:
      return "TK_OK";
    case TK_ERR_INVALID_ARGUMENT:
      return "TK_ERR_INVALID_ARGUMENT";
    case TK_ERR_UNKNOWN_FORMAT:
      return "TK_ERR_UNKNOWN_FORMAT";
    case TK_ERR_UNSUPPORTED:
      return "TK_ERR_UNSUPPORTED";
    case TK_ERR_CORRUPT:
      return "TK_ERR_CORRUPT";
    case TK_ERR_TRUNCATED:
      return "TK_ERR_TRUNCATED";
    case TK_ERR_LIMIT_PIXELS:
      return "TK_ERR_LIMIT_PIXELS";
    case TK_ERR_LIMIT_INPUT_BYTES:
      return "TK_ERR_LIMIT_INPUT_BYTES";
    case TK_ERR_LIMIT_DIMENSION:
      return "TK_ERR_LIMIT_DIMENSION";
    case TK_ERR_LIMIT_SCANS:
      return "TK_ERR_LIMIT_SCANS";
    case TK_ERR_LIMIT_METADATA:
      return "TK_ERR_LIMIT_METADATA";
    case TK_ERR_OUT_OF_MEMORY:
      return "TK_ERR_OUT_OF_MEMORY";
    case TK_ERR_ENCODE:
      return "TK_ERR_ENCODE";
    case TK_ERR_INTERNAL:
      return "TK_ERR_INTERNAL";
    default:
      break;
  }
  return "TK_ERR_UNKNOWN_STATUS";
}

int tk_status_http(tk_status status) {
  switch (status) {
    case TK_OK:
      return 200;
    case TK_ERR_INVALID_ARGUMENT:
      return 400;
    case TK_ERR_UNKNOWN_FORMAT:
    case TK_ERR_UNSUPPORTED:
      return 415;
    case TK_ERR_CORRUPT:
    case TK_ERR_TRUNCATED:
      return 422;
    case TK_ERR_LIMIT_PIXELS:
    case TK_ERR_LIMIT_INPUT_BYTES:
    case TK_ERR_LIMIT_DIMENSION:
    case TK_ERR_LIMIT_SCANS:
    case TK_ERR_LIMIT_METADATA:
      return 413;
    case TK_ERR_OUT_OF_MEMORY:
      return 503;
    default:
      return 500;
  }
  return 500;
}

const char* tk_format_name(tk_format format) {
  switch (format) {
    case TK_FORMAT_SAME:
      return "same";
    case TK_FORMAT_JPEG:
      return "jpeg";
    case TK_FORMAT_PNG:
      return "png";
    case TK_FORMAT_WEBP:
      return "webp";
    default:
      return "unknown";
  }
}

}  // extern "C"
