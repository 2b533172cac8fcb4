// libjpeg error handling for thumbkit: an error manager whose error_exit longjmps instead of
// exiting, and a guard that runs libjpeg work inside a setjmp frame.
//
// longjmp skips destructors, so the rule is: everything libjpeg touches lives in plain structs
// owned outside the guarded call, and the functions run by CallGuarded keep only trivially
// destructible locals.
#pragma once

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "codec/jpeg/libjpeg.h"
#include "core/status.h"
#include "thumbkit/thumbkit.h"

namespace tk::jpeg {

struct ErrorManager {
  jpeg_error_mgr pub;  // first, so libjpeg's j_common_ptr->err casts back to us
  std::jmp_buf jump;
  bool allow_corrupt;  // warnings (repairable data) are errors unless set
  bool is_encoder;
  // The input, to say where decoding stopped.
  const uint8_t* input;
  size_t input_size;
  // Filled when an error or fatal warning ends the call.
  tk_status status;
  int msg_code;
  int msg_parm;   // msg_parm.i[0] of the failing message
  size_t offset;  // input bytes consumed when it failed; SIZE_MAX when unknown
  char message[JMSG_LENGTH_MAX];
};

// Installs `err` as cinfo's error manager (before jpeg_create_*).
void InitErrorManager(ErrorManager& err, bool allow_corrupt, bool is_encoder);

// Stops the libjpeg call in progress with our own status (used for limits).
[[noreturn]] void RaiseError(j_common_ptr cinfo, tk_status status, const char* message);

// Runs fn(arg); returns false when libjpeg (or RaiseError) longjmp'd out of it.
bool CallGuarded(ErrorManager& err, void (*fn)(void*), void* arg);

// The Status for a failed guarded call, with a message naming the problem and the byte offset.
Status ErrorStatus(const ErrorManager& err);

}  // namespace tk::jpeg
