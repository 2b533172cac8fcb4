// Conversions between interleaved 8/16-bit pixels and planar float rows.
#include <limits>

#include "resample/linear_light.h"
#include "resample/passes.h"

namespace tk {
namespace {

template <typename T>
constexpr float kMaxSample = static_cast<float>(std::numeric_limits<T>::max());

// v must already be clamped to [0, max]: then truncating v + 0.5 rounds half up, and compiles to
// a plain vector convert.
template <typename T>
T Quantize(float v) {
  return static_cast<T>(static_cast<int32_t>(v + 0.5f));
}

template <typename T>
float ClampSample(float v) {
  v = v < 0.0f ? 0.0f : v;
  return v > kMaxSample<T> ? kMaxSample<T> : v;
}

// Two steps per chunk: widen the contiguous samples to float (a clean vector convert), then
// deinterleave floats. Gathering every C-th narrow sample directly vectorises badly without
// byte shuffles (SSSE3 is not in the x86-64 baseline).
template <typename T, int C, bool kPremultiply>
void LoadRowT(const uint8_t* src_bytes, int32_t width, float* planes, size_t ps) {
  constexpr int32_t kChunk = 256;
  const T* src = reinterpret_cast<const T*>(src_bytes);
  float wide[kChunk * C];
  for (int32_t x0 = 0; x0 < width; x0 += kChunk) {
    const int32_t n = width - x0 < kChunk ? width - x0 : kChunk;
    const T* __restrict in = src + static_cast<size_t>(x0) * C;
    for (int32_t k = 0; k < n * C; ++k) wide[k] = static_cast<float>(in[k]);
    for (int c = 0; c < C; ++c) {
      float* __restrict out = planes + c * ps + x0;
      if (kPremultiply && c < C - 1) {
        for (int32_t x = 0; x < n; ++x) {
          out[x] = wide[x * C + c] * (wide[x * C + C - 1] * (1.0f / kMaxSample<T>));
        }
      } else {
        for (int32_t x = 0; x < n; ++x) out[x] = wide[x * C + c];
      }
    }
  }
}

template <typename T, int C, bool kPremultiply>
void StoreRowT(const float* planes, size_t ps, int32_t width, uint8_t* dst_bytes) {
  T* __restrict dst = reinterpret_cast<T*>(dst_bytes);
  if constexpr (kPremultiply) {
    const float* __restrict alpha_plane = planes + (C - 1) * ps;
    for (int32_t x = 0; x < width; ++x) {
      const float alpha = ClampSample<T>(alpha_plane[x]);
      const T alpha_q = Quantize<T>(alpha);
      // Fully transparent: colour is meaningless, and dividing by ~0 would amplify noise.
      const float k = alpha_q == 0 ? 0.0f : kMaxSample<T> / alpha;
      for (int c = 0; c < C - 1; ++c) {
        dst[x * C + c] = Quantize<T>(ClampSample<T>(planes[c * ps + x] * k));
      }
      dst[x * C + C - 1] = alpha_q;
    }
  } else {
    for (int c = 0; c < C; ++c) {
      const float* __restrict in = planes + c * ps;
      for (int32_t x = 0; x < width; ++x) dst[x * C + c] = Quantize<T>(ClampSample<T>(in[x]));
    }
  }
}

using LoadFn = void (*)(const uint8_t*, int32_t, float*, size_t);
using StoreFn = void (*)(const float*, size_t, int32_t, uint8_t*);

template <typename T, bool kPremultiply>
LoadFn PickLoad(uint32_t channels) {
  switch (channels) {
    case 1:
      return LoadRowT<T, 1, false>;
    case 2:
      return LoadRowT<T, 2, kPremultiply>;
    case 3:
      return LoadRowT<T, 3, false>;
    default:
      return LoadRowT<T, 4, kPremultiply>;
  }
}

template <typename T, bool kPremultiply>
StoreFn PickStore(uint32_t channels) {
  switch (channels) {
    case 1:
      return StoreRowT<T, 1, false>;
    case 2:
      return StoreRowT<T, 2, kPremultiply>;
    case 3:
      return StoreRowT<T, 3, false>;
    default:
      return StoreRowT<T, 4, kPremultiply>;
  }
}

template <bool kPremultiply>
LoadFn PickLoad(const SampleFormat& f) {
  return f.bytes_per_sample == 2 ? PickLoad<uint16_t, kPremultiply>(f.channels)
                                 : PickLoad<uint8_t, kPremultiply>(f.channels);
}

template <bool kPremultiply>
StoreFn PickStore(const SampleFormat& f) {
  return f.bytes_per_sample == 2 ? PickStore<uint16_t, kPremultiply>(f.channels)
                                 : PickStore<uint8_t, kPremultiply>(f.channels);
}

// Linear light is an opt-in quality mode: plain per-sample loops with table lookups suffice.
template <typename T>
void LoadLinearT(const SampleFormat& f, const uint8_t* src_bytes, int32_t width, float* planes,
                 size_t ps) {
  const T* src = reinterpret_cast<const T*>(src_bytes);
  const float* to_linear = SrgbToLinearTable(f.bytes_per_sample);
  const uint32_t ch = f.channels;
  const bool alpha = ch == 2 || ch == 4;
  const uint32_t colours = alpha ? ch - 1 : ch;
  for (int32_t x = 0; x < width; ++x) {
    const T* px = src + static_cast<size_t>(x) * ch;
    const float a = alpha && f.premultiply ? px[ch - 1] * (1.0f / kMaxSample<T>) : 1.0f;
    for (uint32_t c = 0; c < colours; ++c) planes[c * ps + x] = to_linear[px[c]] * a;
    if (alpha) planes[(ch - 1) * ps + x] = px[ch - 1];
  }
}

template <typename T>
void StoreLinearT(const SampleFormat& f, const float* planes, size_t ps, int32_t width,
                  uint8_t* dst_bytes) {
  T* dst = reinterpret_cast<T*>(dst_bytes);
  const uint32_t ch = f.channels;
  const bool alpha = ch == 2 || ch == 4;
  const uint32_t colours = alpha ? ch - 1 : ch;
  for (int32_t x = 0; x < width; ++x) {
    T* px = dst + static_cast<size_t>(x) * ch;
    float k = 1.0f;
    if (alpha) {
      const float a = ClampSample<T>(planes[(ch - 1) * ps + x]);
      px[ch - 1] = Quantize<T>(a);
      if (f.premultiply) k = px[ch - 1] == 0 ? 0.0f : kMaxSample<T> / a;
    }
    for (uint32_t c = 0; c < colours; ++c) {
      px[c] = static_cast<T>(LinearToSrgb(ClampSample<T>(planes[c * ps + x] * k), sizeof(T)));
    }
  }
}

void LoadRowLinear(const SampleFormat& f, const uint8_t* src, int32_t width, float* planes,
                   size_t ps) {
  if (f.bytes_per_sample == 2) {
    LoadLinearT<uint16_t>(f, src, width, planes, ps);
  } else {
    LoadLinearT<uint8_t>(f, src, width, planes, ps);
  }
}

void StoreRowLinear(const SampleFormat& f, const float* planes, size_t ps, int32_t width,
                    uint8_t* dst) {
  if (f.bytes_per_sample == 2) {
    StoreLinearT<uint16_t>(f, planes, ps, width, dst);
  } else {
    StoreLinearT<uint8_t>(f, planes, ps, width, dst);
  }
}

}  // namespace

void LoadRow(const SampleFormat& format, const uint8_t* src, int32_t width, float* planes,
             size_t plane_stride) {
  if (format.linear) return LoadRowLinear(format, src, width, planes, plane_stride);
  if (format.bytes_per_sample == 1) {
    return LoadRowU8(format.channels, format.premultiply, src, width, planes, plane_stride);
  }
  const LoadFn load = format.premultiply ? PickLoad<true>(format) : PickLoad<false>(format);
  load(src, width, planes, plane_stride);
}

void StoreRow(const SampleFormat& format, const float* planes, size_t plane_stride, int32_t width,
              uint8_t* dst) {
  if (format.linear) return StoreRowLinear(format, planes, plane_stride, width, dst);
  if (format.bytes_per_sample == 1) {
    return StoreRowU8(format.channels, format.premultiply, planes, plane_stride, width, dst);
  }
  const StoreFn store = format.premultiply ? PickStore<true>(format) : PickStore<false>(format);
  store(planes, plane_stride, width, dst);
}

}  // namespace tk
