// Helpers shared by the tests: fixture paths and file reading.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace tk_test {

inline std::string Fixture(const std::string& relative) {
  return std::string(TK_FIXTURES_DIR) + "/" + relative;
}

inline std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::vector<uint8_t> ReadFixture(const std::string& relative) {
  return ReadFile(Fixture(relative));
}

}  // namespace tk_test
