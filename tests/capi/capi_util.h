// Public-API helpers for the end-to-end tests: RAII handles and decoded pixels.
#pragma once

#include <gtest/gtest.h>
#include <thumbkit/thumbkit.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "test_util.h"

namespace tk_test {

struct CtxDeleter {
  void operator()(tk_ctx* c) const { tk_ctx_free(c); }
};
using Ctx = std::unique_ptr<tk_ctx, CtxDeleter>;
inline Ctx NewCtx() {
  return Ctx(tk_ctx_new());
}

struct Pixels {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t channels = 0;
  std::vector<uint8_t> data;  // tightly packed
  const uint8_t* at(uint32_t x, uint32_t y) const {
    return data.data() + (size_t{y} * width + x) * channels;
  }
};

struct Encoded {
  tk_status status = TK_OK;
  std::vector<uint8_t> bytes;
  tk_format format = TK_FORMAT_UNKNOWN;
  uint32_t width = 0;
  uint32_t height = 0;
};

inline Encoded Thumbnail(tk_ctx* ctx, const std::vector<uint8_t>& in) {
  tk_output out = TK_OUTPUT_INIT;
  Encoded e;
  e.status = tk_thumbnail(ctx, in.data(), in.size(), &out);
  if (e.status == TK_OK) {
    const auto* p = static_cast<const uint8_t*>(out.data);
    e.bytes.assign(p, p + out.size);
    e.format = out.format;
    e.width = out.width;
    e.height = out.height;
  } else {
    EXPECT_EQ(out.data, nullptr);
  }
  tk_free(out.data);
  return e;
}

// Decodes with default options (auto-orient, sRGB).
inline Pixels Decode(const std::vector<uint8_t>& in, tk_status* status = nullptr) {
  Ctx ctx = NewCtx();
  tk_pixels px = TK_PIXELS_INIT;
  const tk_status s = tk_decode(ctx.get(), in.data(), in.size(), &px);
  if (status != nullptr) *status = s;
  Pixels out;
  if (s != TK_OK) {
    EXPECT_EQ(status != nullptr, true) << tk_status_name(s) << ": " << tk_last_error(ctx.get());
    return out;
  }
  out.width = px.width;
  out.height = px.height;
  out.channels = (static_cast<uint32_t>(px.format) - 1) % 4 + 1;
  const size_t row = size_t{px.width} * out.channels;
  out.data.resize(row * px.height);
  for (uint32_t y = 0; y < px.height; ++y) {
    std::memcpy(out.data.data() + y * row, static_cast<uint8_t*>(px.data) + y * px.stride, row);
  }
  tk_free(px.data);
  return out;
}

// Mean absolute difference over the colour channels of two same-size images.
inline double MeanAbsDiff(const Pixels& a, const Pixels& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.channels, b.channels);
  if (a.data.size() != b.data.size() || a.data.empty()) return 1e9;
  double sum = 0;
  for (size_t i = 0; i < a.data.size(); ++i) sum += std::abs(int{a.data[i]} - int{b.data[i]});
  return sum / static_cast<double>(a.data.size());
}

inline tk_info Probe(const std::vector<uint8_t>& bytes) {
  Ctx ctx = NewCtx();
  tk_info info = TK_INFO_INIT;
  EXPECT_EQ(tk_probe(ctx.get(), bytes.data(), bytes.size(), &info), TK_OK)
      << tk_last_error(ctx.get());
  return info;
}

}  // namespace tk_test
