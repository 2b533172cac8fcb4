// The fuzz targets' bodies, shared with the regression replay test so a reproducer runs through
// exactly the calls that found it. Any violation of the contract (an unknown or internal status,
// output on failure, no output on success) aborts, which libFuzzer and GoogleTest both report.
#pragma once

#include <thumbkit/thumbkit.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tk_fuzz {

// Small enough that a fuzzer never spends its memory or time on legitimately huge images; the
// limits themselves are what the fuzzer checks.
constexpr int64_t kFuzzMaxPixels = int64_t{1} << 22;

[[noreturn]] inline void Fail(const char* what, tk_status status, const tk_ctx* ctx) {
  std::fprintf(stderr, "thumbkit contract violated: %s (status %s: %s)\n", what,
               tk_status_name(status), tk_last_error(ctx));
  std::abort();
}

// Every status must be a pinned one and never TK_ERR_INTERNAL, and failures must carry a message.
inline void CheckStatus(tk_status status, const tk_ctx* ctx) {
  if (status < TK_OK || status > TK_ERR_INTERNAL) Fail("status outside the enum", status, ctx);
  if (status == TK_ERR_INTERNAL) Fail("internal error on untrusted input", status, ctx);
  if (status != TK_OK && tk_last_error(ctx)[0] == '\0')
    Fail("failure without a message", status, ctx);
}

// Reads every byte so that ASan sees any byte of the output that is not really ours.
inline uint32_t Touch(const void* data, size_t size) {
  const auto* p = static_cast<const volatile uint8_t*>(data);
  uint32_t sum = 0;
  for (size_t i = 0; i < size; ++i) sum += p[i];
  return sum;
}

struct CtxGuard {
  tk_ctx* ctx = tk_ctx_new();
  ~CtxGuard() { tk_ctx_free(ctx); }
};

inline void SetLimits(tk_ctx* ctx) {
  tk_set_int(ctx, TK_PARAM_MAX_INPUT_PIXELS, kFuzzMaxPixels);
}

inline void FuzzProbe(const uint8_t* data, size_t size) {
  CtxGuard g;
  if (g.ctx == nullptr) return;
  SetLimits(g.ctx);
  tk_info info = TK_INFO_INIT;
  const tk_status s = tk_probe(g.ctx, data, size, &info);
  CheckStatus(s, g.ctx);
  if (s == TK_OK && (info.width == 0 || info.height == 0 || info.channels == 0 ||
                     info.channels > 4 || uint64_t{info.width} * info.height > kFuzzMaxPixels)) {
    Fail("probe reported an impossible image", s, g.ctx);
  }
  char* json = nullptr;
  const tk_status p = tk_plan_json(g.ctx, data, size, &json);
  CheckStatus(p, g.ctx);
  if ((p == TK_OK) != (json != nullptr)) Fail("plan json presence disagrees with status", p, g.ctx);
  if (json != nullptr) Touch(json, std::strlen(json));
  tk_free(json);
}

// The options of one tk_thumbnail call, drawn from the first kOptionBytes of the input.
constexpr size_t kOptionBytes = 4;

inline void ApplyOptions(tk_ctx* ctx, const uint8_t* o) {
  static constexpr int64_t kSides[8] = {0, 1, 7, 16, 64, 100, 256, 333};
  const int64_t width = kSides[o[0] & 7];
  const int64_t height = kSides[(o[0] >> 3) & 7];
  tk_set_int(ctx, TK_PARAM_WIDTH, width);
  tk_set_int(ctx, TK_PARAM_HEIGHT, (width == 0 && height == 0) ? 48 : height);
  tk_set_int(ctx, TK_PARAM_WITHOUT_ENLARGEMENT, (o[0] >> 6) & 1);
  tk_set_int(ctx, TK_PARAM_AUTO_ORIENT, (o[0] >> 7) == 0);
  tk_set_int(ctx, TK_PARAM_FIT, o[1] % 5);
  tk_set_int(ctx, TK_PARAM_POSITION, (o[1] / 5) % 9);
  tk_set_int(ctx, TK_PARAM_KERNEL, o[2] % 7);
  tk_set_int(ctx, TK_PARAM_LINEAR_LIGHT, (o[2] >> 3) & 1);
  tk_set_int(ctx, TK_PARAM_SHRINK_ON_LOAD, (o[2] >> 4) % 3);
  tk_set_int(ctx, TK_PARAM_REDUCING_GAP, (o[2] >> 6) == 1 ? 20 : (o[2] >> 6) == 2 ? 30 : 0);
  tk_set_int(ctx, TK_PARAM_FORMAT, o[3] & 3);
  tk_set_int(ctx, TK_PARAM_QUALITY, 1 + (o[3] >> 2) % 100);
  tk_set_int(ctx, TK_PARAM_JPEG_PROGRESSIVE, (o[3] >> 2) & 1);
  tk_set_int(ctx, TK_PARAM_JPEG_SUBSAMPLING, (o[3] >> 3) & 1);
  tk_set_int(ctx, TK_PARAM_WEBP_LOSSLESS, (o[3] >> 4) & 1);
  tk_set_int(ctx, TK_PARAM_WEBP_EFFORT, 0);  // the encoders are not what we fuzz; keep it fast
  tk_set_int(ctx, TK_PARAM_PNG_LEVEL, 1);
  tk_set_int(ctx, TK_PARAM_KEEP_ICC, (o[3] >> 5) & 1);
  tk_set_int(ctx, TK_PARAM_KEEP_EXIF, (o[3] >> 6) & 1);
  tk_set_int(ctx, TK_PARAM_ALLOW_CORRUPT, o[3] >> 7);
  tk_set_int(ctx, TK_PARAM_BACKGROUND, 0x336699 * 256 + (o[1] & 0xFF));
}

inline void FuzzThumbnail(const uint8_t* data, size_t size) {
  if (size < kOptionBytes) return;
  CtxGuard g;
  if (g.ctx == nullptr) return;
  SetLimits(g.ctx);
  ApplyOptions(g.ctx, data);
  tk_output out = TK_OUTPUT_INIT;
  const tk_status s = tk_thumbnail(g.ctx, data + kOptionBytes, size - kOptionBytes, &out);
  CheckStatus(s, g.ctx);
  if (s != TK_OK) {
    if (out.data != nullptr) Fail("output left behind on failure", s, g.ctx);
    return;
  }
  if (out.data == nullptr || out.size == 0 || out.width == 0 || out.height == 0 ||
      out.width > 16383 || out.height > 16383) {
    Fail("success without a plausible output", s, g.ctx);
  }
  Touch(out.data, out.size);
  tk_free(out.data);
}

inline void FuzzDecode(const uint8_t* data, size_t size) {
  CtxGuard g;
  if (g.ctx == nullptr) return;
  SetLimits(g.ctx);
  // The last byte picks the handling of damaged data, so both paths are explored.
  if (size > 0) tk_set_int(g.ctx, TK_PARAM_ALLOW_CORRUPT, data[size - 1] & 1);
  tk_pixels px = TK_PIXELS_INIT;
  const tk_status s = tk_decode(g.ctx, data, size, &px);
  CheckStatus(s, g.ctx);
  if (s != TK_OK) {
    if (px.data != nullptr) Fail("pixels left behind on failure", s, g.ctx);
    return;
  }
  if (px.data == nullptr || px.width == 0 || px.height == 0 || px.stride == 0) {
    Fail("success without plausible pixels", s, g.ctx);
  }
  Touch(px.data, px.stride * px.height);
  tk_free(px.data);
}

}  // namespace tk_fuzz
