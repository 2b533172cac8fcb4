// libFuzzer target: tk_decode through the public API (see fuzz_common.h).
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tk_fuzz::FuzzDecode(data, size);
  return 0;
}
