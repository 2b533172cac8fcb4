// libFuzzer target: tk::ProbeWebp + tk::DecodeWebp with fuzzed decode options (fuzz_internal.h).
#include "fuzz/fuzz_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tk_fuzz::FuzzWebp(data, size);
  return 0;
}
