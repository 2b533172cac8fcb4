// Every known-bad file, and a fixed-seed set of mutations of every valid fixture, through the
// public API: each gives an image or a clear status (never TK_ERR_INTERNAL), and failures leave
// no output behind. Bounded so it runs in well under a minute in Release.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "hardening_util.h"

namespace tk_test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ImagesUnder(const std::string& folder, size_t max_bytes) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(Fixture(folder))) {
    if (!entry.is_regular_file() || entry.file_size() > max_bytes) continue;
    const std::string ext = entry.path().extension().string();
    if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One small thumbnail and a probe; both must keep the contract.
tk_status ExpectImageOrStatus(const std::vector<uint8_t>& bytes, const std::string& what) {
  Ctx ctx = NewCtx();
  tk_set_int(ctx.get(), TK_PARAM_WIDTH, 48);
  tk_set_int(ctx.get(), TK_PARAM_HEIGHT, 48);
  tk_set_int(ctx.get(), TK_PARAM_MAX_INPUT_PIXELS, 1 << 24);
  tk_info info = TK_INFO_INIT;
  const tk_status probed = tk_probe(ctx.get(), bytes.data(), bytes.size(), &info);
  EXPECT_NE(probed, TK_ERR_INTERNAL) << what << ": " << tk_last_error(ctx.get());
  tk_output out = TK_OUTPUT_INIT;
  const tk_status s = tk_thumbnail(ctx.get(), bytes.data(), bytes.size(), &out);
  EXPECT_NE(s, TK_ERR_INTERNAL) << what << ": " << tk_last_error(ctx.get());
  EXPECT_LE(s, TK_ERR_INTERNAL) << what;
  if (s == TK_OK) {
    EXPECT_NE(out.data, nullptr) << what;
    EXPECT_GT(out.size, 0u) << what;
  } else {
    EXPECT_EQ(out.data, nullptr) << what;
    EXPECT_STRNE(tk_last_error(ctx.get()), "") << what;
  }
  tk_free(out.data);
  return s;
}

TEST(BadInput, KnownBadFilesGiveAStatus) {
  std::vector<std::string> files = ImagesUnder("bad", 1 << 20);
  for (const std::string& f : ImagesUnder("pngsuite", 1 << 20)) {
    if (fs::path(f).filename().string()[0] == 'x') files.push_back(f);  // PngSuite's corrupt set
  }
  ASSERT_GE(files.size(), 4u + 22u + 14u);
  for (const std::string& f : files) {
    const tk_status s = ExpectImageOrStatus(ReadFile(f), f);
    const bool corrupt_pngsuite = fs::path(f).filename().string()[0] == 'x';
    if (corrupt_pngsuite) {
      EXPECT_NE(s, TK_OK) << f;
    }
  }
}

// Truncations, bit flips, zeroed headers and byte runs of every valid fixture, seeded.
TEST(BadInput, MutationsOfEveryValidFixtureGiveAnImageOrAStatus) {
  std::vector<std::string> files;
  for (const char* folder :
       {"alpha", "color", "jpeg-turbo", "misc", "orientation", "pngsuite", "unsupported", "webp"}) {
    for (const std::string& f : ImagesUnder(folder, 160 * 1024)) {
      if (fs::path(f).filename().string()[0] != 'x') files.push_back(f);
    }
  }
  ASSERT_GT(files.size(), 150u);
  std::mt19937 rng(20260409);  // fixed: the same mutants every run
  size_t mutants = 0;
  for (const std::string& f : files) {
    const std::vector<uint8_t> original = ReadFile(f);
    ASSERT_GT(original.size(), 64u) << f;
    const size_t n = original.size();
    auto pick = [&](size_t below) {
      return std::uniform_int_distribution<size_t>(0, below - 1)(rng);
    };
    std::vector<std::vector<uint8_t>> variants;
    // Truncations: inside the header, then spread over the file.
    for (size_t cut : {size_t{1}, size_t{9}, size_t{20}, size_t{33}, n / 8, n / 2, n - 1}) {
      variants.emplace_back(original.begin(), original.begin() + std::min(cut, n));
    }
    for (int i = 0; i < 8; ++i) {
      variants.emplace_back(original.begin(), original.begin() + static_cast<long>(pick(n)));
    }
    for (int i = 0; i < 30; ++i) {  // 1-3 bit flips, half of them in the first 512 bytes
      std::vector<uint8_t> v = original;
      for (int k = 0; k <= i % 3; ++k) {
        const size_t at = i % 2 == 0 ? pick(std::min<size_t>(n, 512)) : pick(n);
        v[at] ^= static_cast<uint8_t>(1u << pick(8));
      }
      variants.push_back(std::move(v));
    }
    for (int i = 0; i < 10; ++i) {  // one random byte, often a length or a marker
      std::vector<uint8_t> v = original;
      v[pick(std::min<size_t>(n, 1024))] = static_cast<uint8_t>(pick(256));
      variants.push_back(std::move(v));
    }
    {
      std::vector<uint8_t> v = original;  // the header zeroed after the signature
      std::fill(v.begin() + std::min<size_t>(n, 12), v.begin() + std::min<size_t>(n, 40), 0);
      variants.push_back(std::move(v));
    }
    for (uint8_t fill : {uint8_t{0x00}, uint8_t{0xFF}}) {  // runs of 0x00 / 0xFF in the data
      for (int i = 0; i < 3; ++i) {
        std::vector<uint8_t> v = original;
        const size_t at = pick(n);
        std::fill(v.begin() + static_cast<long>(at),
                  v.begin() + static_cast<long>(std::min(n, at + 64)), fill);
        variants.push_back(std::move(v));
      }
    }
    for (int i = 0; i < 4; ++i) {  // a slice repeated elsewhere (duplicated chunks, markers)
      std::vector<uint8_t> v = original;
      const size_t from = pick(n);
      const size_t len = std::min(n - from, 1 + pick(256));
      const std::vector<uint8_t> slice(v.begin() + static_cast<long>(from),
                                       v.begin() + static_cast<long>(from + len));
      v.insert(v.begin() + static_cast<long>(pick(n)), slice.begin(), slice.end());
      variants.push_back(std::move(v));
    }
    for (size_t i = 0; i < variants.size(); ++i) {
      ExpectImageOrStatus(variants[i], f + " variant " + std::to_string(i));
      ++mutants;
    }
  }
  RecordProperty("mutants", static_cast<int>(mutants));
  std::printf("%zu mutants of %zu fixtures\n", mutants, files.size());
}

}  // namespace
}  // namespace tk_test
