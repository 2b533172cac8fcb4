// Replays every kept fuzzer reproducer (tests/fuzz/regressions/) through every fuzz target's body.
// The bodies abort on any contract violation, so a regression fails this test loudly.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/fuzz_internal.h"
#include "test_util.h"

namespace tk_test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Regressions() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(TK_FUZZ_REGRESSIONS_DIR)) {
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.' &&
        entry.path().extension() != ".md") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FuzzRegressions, EveryReproducerKeepsTheContract) {
  for (const std::string& f : Regressions()) {
    SCOPED_TRACE(f);
    const std::vector<uint8_t> bytes = ReadFile(f);
    const uint8_t* d = bytes.data();
    tk_fuzz::FuzzProbe(d, bytes.size());
    tk_fuzz::FuzzThumbnail(d, bytes.size());
    tk_fuzz::FuzzDecode(d, bytes.size());
    tk_fuzz::FuzzJpeg(d, bytes.size());
    tk_fuzz::FuzzPng(d, bytes.size());
    tk_fuzz::FuzzWebp(d, bytes.size());
  }
}

}  // namespace
}  // namespace tk_test
