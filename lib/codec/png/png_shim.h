// The setjmp error shim shared by the PNG reader and writer.
//
// libpng reports a fatal error through a callback that must not return. Ours records the message
// and longjmps back to a setjmp in a plain function whose frame, like every frame in between
// (libpng's own and our I/O callbacks), holds only trivially destructible objects: a longjmp then
// skips no destructor. C++ objects (Status, Image, vectors) are only touched outside those
// functions, between libpng phases.
#pragma once

#include <png.h>

#include <csetjmp>
#include <cstddef>

#include "core/status.h"

namespace tk::png_shim {

// Plain data written by the callbacks; lives in the caller's frame, outside any setjmp frame.
struct ErrorState {
  std::jmp_buf jump;
  char message[256];
  // Reading: libpng's benign errors are errors, except those about an ancillary chunk's contents
  // (libpng then ignores the chunk, as the PNG spec allows). Set before Run.
  bool strict;
  bool truncated;       // the input ended before libpng had what it needed
  bool out_of_memory;   // an allocation (ours or libpng's) failed
  bool metadata_limit;  // libpng refused a chunk as larger than png_set_chunk_malloc_max
};

void Reset(ErrorState& error);

// Runs body(arg) under a setjmp on error.jump. False when body returned false or libpng raised an
// error (the ErrorState then says why). body and everything it calls must keep only trivially
// destructible objects on the stack.
bool Run(ErrorState& error, bool (*body)(void* arg), void* arg);

// Passed to png_create_{read,write}_struct with &ErrorState as the error pointer. The read side
// calls png_set_benign_errors(png, 1) so benign errors arrive at OnWarning, which decides.
[[noreturn]] void OnError(png_structp png, png_const_charp message);
void OnWarning(png_structp png, png_const_charp message);

// The public status for a recorded error. `what` names the operation ("decoding PNG").
Status ToStatus(const ErrorState& error, const char* what, tk_status fallback);

}  // namespace tk::png_shim
