#include "codec/png/png_shim.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

namespace tk::png_shim {
namespace {

// libpng words these differently in different places; both mean the same to a caller.
bool MentionsOutOfMemory(const char* message) {
  return std::strstr(message, "ut of memory") != nullptr ||
         std::strstr(message, "insufficient memory") != nullptr;
}

// png_icc_check_length's wording when a profile is above png_set_chunk_malloc_max.
bool MentionsApplicationLimit(const char* message) {
  return std::strstr(message, "exceeds application limits") != nullptr;
}

// libpng prefixes a chunk's errors with its name, e.g. "cHRM: invalid". A lowercase first letter
// marks an ancillary chunk, which libpng drops after such a message.
bool IsAboutAncillaryChunk(const char* message) {
  for (int i = 0; i < 4; ++i) {
    if (std::isalpha(static_cast<unsigned char>(message[i])) == 0) return false;
  }
  return std::islower(static_cast<unsigned char>(message[0])) != 0 && message[4] == ':' &&
         message[5] == ' ';
}

[[noreturn]] void Raise(ErrorState& error, const char* message) {
  std::snprintf(error.message, sizeof(error.message), "%s", message);
  if (MentionsOutOfMemory(message)) error.out_of_memory = true;
  if (MentionsApplicationLimit(message)) error.metadata_limit = true;
  std::longjmp(error.jump, 1);
}

ErrorState& StateOf(png_structp png) {
  return *static_cast<ErrorState*>(png_get_error_ptr(png));
}

}  // namespace

void Reset(ErrorState& error) {
  error.message[0] = '\0';
  error.strict = false;
  error.truncated = false;
  error.out_of_memory = false;
  error.metadata_limit = false;
}

bool Run(ErrorState& error, bool (*body)(void* arg), void* arg) {
  if (setjmp(error.jump) != 0) return false;
  return body(arg);
}

void OnError(png_structp png, png_const_charp message) {
  Raise(StateOf(png), message != nullptr ? message : "unknown libpng error");
}

void OnWarning(png_structp png, png_const_charp message) {
  if (message == nullptr) return;
  ErrorState& error = StateOf(png);
  // A metadata limit stays a limit even when allow_corrupt relaxes everything else.
  if (MentionsApplicationLimit(message)) Raise(error, message);
  // Otherwise, when strict, only a broken ancillary chunk is survivable; libpng raises no plain
  // warnings while reading a well-formed file (all of PngSuite decodes).
  if (error.strict && !IsAboutAncillaryChunk(message)) Raise(error, message);
}

Status ToStatus(const ErrorState& error, const char* what, tk_status fallback) {
  const std::string detail = std::string(what) + ": " + error.message;
  if (error.truncated) return Status(TK_ERR_TRUNCATED, detail);
  if (error.metadata_limit) return Status(TK_ERR_LIMIT_METADATA, detail);
  if (error.out_of_memory) return Status(TK_ERR_OUT_OF_MEMORY, detail);
  return Status(fallback, detail);
}

}  // namespace tk::png_shim
