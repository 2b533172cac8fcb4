// Helpers for the hardening tests: building hostile files from small encoded ones, and running a
// call in a child process to measure its peak memory.
#pragma once

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thumbkit/thumbkit.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "capi/capi_util.h"  // Ctx, NewCtx
#include "test_util.h"

namespace tk_test {

// A smooth w x h RGB(A) picture encoded by thumbkit itself with the handle's encoder settings.
inline std::vector<uint8_t> EncodeSample(tk_format format, uint32_t w, uint32_t h,
                                         uint32_t channels = 3, bool webp_lossless = false) {
  std::vector<uint8_t> pixels(size_t{w} * h * channels);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>((i * 7) ^ (i / 97));
  Ctx ctx = NewCtx();
  tk_set_int(ctx.get(), TK_PARAM_FORMAT, format);
  tk_set_int(ctx.get(), TK_PARAM_WEBP_LOSSLESS, webp_lossless);
  tk_pixels px = TK_PIXELS_INIT;
  px.data = pixels.data();
  px.width = w;
  px.height = h;
  px.format = channels == 4 ? TK_PIXEL_RGBA8 : TK_PIXEL_RGB8;
  tk_output out = TK_OUTPUT_INIT;
  EXPECT_EQ(tk_encode(ctx.get(), &px, &out), TK_OK) << tk_last_error(ctx.get());
  std::vector<uint8_t> bytes(static_cast<uint8_t*>(out.data),
                             static_cast<uint8_t*>(out.data) + out.size);
  tk_free(out.data);
  return bytes;
}

inline void PutBigEndian32(std::vector<uint8_t>& v, size_t at, uint32_t x) {
  v[at] = static_cast<uint8_t>(x >> 24);
  v[at + 1] = static_cast<uint8_t>(x >> 16);
  v[at + 2] = static_cast<uint8_t>(x >> 8);
  v[at + 3] = static_cast<uint8_t>(x);
}

inline void PutLittleEndian32(std::vector<uint8_t>& v, size_t at, uint32_t x) {
  for (int i = 0; i < 4; ++i) v[at + i] = static_cast<uint8_t>(x >> (8 * i));
}

// A PNG chunk with a correct CRC; `declared_length` lets the length field lie about the payload.
inline std::vector<uint8_t> PngChunk(const char type[4], const std::vector<uint8_t>& payload,
                                     uint64_t declared_length = UINT64_MAX) {
  std::vector<uint8_t> chunk(8 + payload.size() + 4);
  PutBigEndian32(
      chunk, 0,
      static_cast<uint32_t>(declared_length == UINT64_MAX ? payload.size() : declared_length));
  std::memcpy(chunk.data() + 4, type, 4);
  if (!payload.empty()) std::memcpy(chunk.data() + 8, payload.data(), payload.size());
  const uLong crc = crc32(0, chunk.data() + 4, static_cast<uInt>(payload.size() + 4));
  PutBigEndian32(chunk, chunk.size() - 4, static_cast<uint32_t>(crc));
  return chunk;
}

// Inserts a chunk right after IHDR (signature 8 + IHDR 25 bytes).
inline std::vector<uint8_t> WithChunkAfterIhdr(std::vector<uint8_t> png,
                                               const std::vector<uint8_t>& chunk) {
  png.insert(png.begin() + 33, chunk.begin(), chunk.end());
  return png;
}

inline std::vector<uint8_t> Zlib(const std::vector<uint8_t>& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<uint8_t> out(size);
  EXPECT_EQ(compress2(out.data(), &size, raw.data(), static_cast<uLong>(raw.size()), 9), Z_OK);
  out.resize(size);
  return out;
}

// Resident memory of this process now, in KiB.
inline long CurrentRssKib() {
  long pages = 0;
  long resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

struct ChildResult {
  bool exited = false;
  tk_status status = TK_ERR_INTERNAL;
  long peak_rss_above_parent_kib = 0;  // the child starts as a copy of this process
};

// Runs `call` in a fork()ed child (so a crash or a huge allocation cannot take the test down) and
// reports its status and its peak RSS above this process's current RSS.
inline ChildResult RunInChild(const std::function<tk_status()>& call) {
  ChildResult result;
  const long parent_rss = CurrentRssKib();
  const pid_t child = fork();
  if (child == 0) _exit(static_cast<int>(call()));
  if (child < 0) return result;
  int wstatus = 0;
  rusage usage{};
  if (wait4(child, &wstatus, 0, &usage) != child) return result;
  result.exited = WIFEXITED(wstatus);
  if (result.exited) result.status = static_cast<tk_status>(WEXITSTATUS(wstatus));
  result.peak_rss_above_parent_kib = usage.ru_maxrss - parent_rss;
  return result;
}

}  // namespace tk_test
