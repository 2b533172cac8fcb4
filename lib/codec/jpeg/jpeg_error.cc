#include "codec/jpeg/jpeg_error.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace tk::jpeg {
namespace {

ErrorManager* Manager(j_common_ptr cinfo) {
  return reinterpret_cast<ErrorManager*>(cinfo->err);
}

tk_status ClassifyDecoderMessage(int code) {
  switch (code) {
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_ARITH_NOTIMPL:
    case JERR_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_CCIR601_NOTIMPL:
    case JERR_FRACT_SAMPLE_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL:
      return TK_ERR_UNSUPPORTED;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
    case JWRN_JPEG_EOF:
      return TK_ERR_TRUNCATED;
    case JERR_IMAGE_TOO_BIG:
      return TK_ERR_LIMIT_DIMENSION;
    case JERR_OUT_OF_MEMORY:
      return TK_ERR_OUT_OF_MEMORY;
    // Misuse of the library rather than bad data.
    case JERR_BAD_STATE:
    case JERR_BAD_STRUCT_SIZE:
    case JERR_BAD_LIB_VERSION:
    case JERR_BAD_BUFFER_MODE:
      return TK_ERR_INTERNAL;
    default:
      return TK_ERR_CORRUPT;
  }
}

// Records the current libjpeg message and where in the input we were.
void Record(j_common_ptr cinfo, tk_status status) {
  ErrorManager* err = Manager(cinfo);
  err->status = status;
  err->msg_code = err->pub.msg_code;
  err->msg_parm = err->pub.msg_parm.i[0];
  err->pub.format_message(cinfo, err->message);
  err->offset = SIZE_MAX;
  if (cinfo->is_decompressor && err->input != nullptr) {
    const jpeg_source_mgr* src = reinterpret_cast<j_decompress_ptr>(cinfo)->src;
    // After the end, libjpeg reads a fake EOI from its own buffer: then we consumed everything.
    if (src != nullptr) {
      const uintptr_t next = reinterpret_cast<uintptr_t>(src->next_input_byte);
      const uintptr_t begin = reinterpret_cast<uintptr_t>(err->input);
      if (next >= begin && next <= begin + err->input_size) {
        err->offset = next - begin;
      } else {
        err->offset = err->input_size;
      }
    }
  }
}

tk_status Classify(const ErrorManager& err, int code) {
  if (code == JERR_OUT_OF_MEMORY) return TK_ERR_OUT_OF_MEMORY;
  if (err.is_encoder) return TK_ERR_ENCODE;
  return ClassifyDecoderMessage(code);
}

void ErrorExit(j_common_ptr cinfo) {
  ErrorManager* err = Manager(cinfo);
  Record(cinfo, Classify(*err, err->pub.msg_code));
  std::longjmp(err->jump, 1);
}

void EmitMessage(j_common_ptr cinfo, int msg_level) {
  ErrorManager* err = Manager(cinfo);
  if (msg_level >= 0) return;  // trace messages
  err->pub.num_warnings++;
  // An unknown JFIF minor/major version says nothing about the pixels.
  if (err->allow_corrupt || err->pub.msg_code == JWRN_JFIF_MAJOR) return;
  Record(cinfo, err->pub.msg_code == JWRN_JPEG_EOF ? TK_ERR_TRUNCATED : TK_ERR_CORRUPT);
  std::longjmp(err->jump, 1);
}

void OutputMessage(j_common_ptr) {}  // never print to stderr

std::string SofName(int marker) {
  switch (marker) {
    case 0xC3:
    case 0xC7:
    case 0xCB:
    case 0xCF:
      return "lossless JPEG (SOF" + std::to_string(marker - 0xC0) + ")";
    case 0xC5:
    case 0xC6:
    case 0xCD:
    case 0xCE:
      return "hierarchical JPEG (SOF" + std::to_string(marker - 0xC0) + ")";
    default:
      return "JPEG process SOF" + std::to_string(marker - 0xC0);
  }
}

}  // namespace

void InitErrorManager(ErrorManager& err, bool allow_corrupt, bool is_encoder) {
  std::memset(&err, 0, sizeof(err));
  jpeg_std_error(&err.pub);
  err.pub.error_exit = ErrorExit;
  err.pub.emit_message = EmitMessage;
  err.pub.output_message = OutputMessage;
  err.allow_corrupt = allow_corrupt;
  err.is_encoder = is_encoder;
  err.status = TK_OK;
  err.offset = SIZE_MAX;
}

void RaiseError(j_common_ptr cinfo, tk_status status, const char* message) {
  ErrorManager* err = Manager(cinfo);
  Record(cinfo, status);
  err->msg_code = 0;
  std::snprintf(err->message, sizeof(err->message), "%s", message);
  std::longjmp(err->jump, 1);
}

bool CallGuarded(ErrorManager& err, void (*fn)(void*), void* arg) {
  if (setjmp(err.jump) != 0) return false;
  fn(arg);
  return true;
}

Status ErrorStatus(const ErrorManager& err) {
  const std::string detail = err.message;
  std::string text;
  if (err.is_encoder) {
    text = "JPEG encoder failed: " + detail;
  } else if (err.msg_code == JERR_BAD_PRECISION) {
    text = "JPEG: " + std::to_string(err.msg_parm) +
           "-bit JPEG is not supported (only 8-bit samples are decoded)";
  } else if (err.msg_code == JERR_SOF_UNSUPPORTED) {
    text = "JPEG: " + SofName(err.msg_parm) + " is not supported";
  } else if (err.status == TK_ERR_UNSUPPORTED) {
    text = "JPEG: unsupported feature: " + detail;
  } else if (err.status == TK_ERR_TRUNCATED) {
    text =
        "JPEG data ends early (" + detail + ") after " + std::to_string(err.input_size) + " bytes";
  } else {
    text = "JPEG: " + detail;
    if (err.offset != SIZE_MAX) {
      text +=
          " (at byte " + std::to_string(err.offset) + " of " + std::to_string(err.input_size) + ")";
    }
  }
  return Status(err.status == TK_OK ? TK_ERR_INTERNAL : err.status, text);
}

}  // namespace tk::jpeg
