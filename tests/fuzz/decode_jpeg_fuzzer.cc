// libFuzzer target: tk::ProbeJpeg + tk::DecodeJpeg with fuzzed decode options (fuzz_internal.h).
#include "fuzz/fuzz_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tk_fuzz::FuzzJpeg(data, size);
  return 0;
}
