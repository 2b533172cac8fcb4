#include "resample/passes.h"

#include <limits>

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

// Eight independent partial sums: without -ffast-math the compiler may not reorder one running
// sum, but it will turn these lanes into vector multiply-adds. `n` is a multiple of 8.
float Dot(const float* __restrict w, const float* __restrict x, int32_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int32_t t = 0; t < n; t += 8) {
    for (int k = 0; k < 8; ++k) acc[k] += w[t + k] * x[t + k];
  }
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

}  // namespace

void LoadRow(const SampleFormat& format, const uint8_t* src, int32_t width, float* planes,
             size_t plane_stride) {
  const LoadFn load = format.premultiply ? PickLoad<true>(format) : PickLoad<false>(format);
  load(src, width, planes, plane_stride);
}

void StoreRow(const SampleFormat& format, const float* planes, size_t plane_stride, int32_t width,
              uint8_t* dst) {
  const StoreFn store = format.premultiply ? PickStore<true>(format) : PickStore<false>(format);
  store(planes, plane_stride, width, dst);
}

void HorizontalPass(const AxisCoefficients& coeffs, uint32_t channels, const float* in,
                    size_t in_plane_stride, float* out, size_t out_plane_stride) {
  const int32_t stride = coeffs.stride;
  for (uint32_t c = 0; c < channels; ++c) {
    const float* in_c = in + c * in_plane_stride - coeffs.span_begin;
    float* out_c = out + c * out_plane_stride;
    const float* w = coeffs.weights.data();
    for (int32_t i = 0; i < coeffs.dst_size; ++i, w += stride) {
      out_c[i] = Dot(w, in_c + coeffs.first[static_cast<size_t>(i)], stride);
    }
  }
}

namespace {

// out = (or +=) the weighted sum of up to four rows. Restrict on parameters (rather than on
// locals) is what lets gcc vectorise without a runtime overlap check.
template <int kRows, bool kAccumulate>
void WeightedRows(const float* __restrict r0, const float* __restrict r1,
                  const float* __restrict r2, const float* __restrict r3, const float* w,
                  size_t count, float* __restrict out) {
  const float w0 = w[0];
  const float w1 = kRows > 1 ? w[1] : 0.0f;
  const float w2 = kRows > 2 ? w[2] : 0.0f;
  const float w3 = kRows > 3 ? w[3] : 0.0f;
  for (size_t k = 0; k < count; ++k) {
    float v = w0 * r0[k];
    if constexpr (kRows > 1) v += w1 * r1[k];
    if constexpr (kRows > 2) v += w2 * r2[k];
    if constexpr (kRows > 3) v += w3 * r3[k];
    out[k] = kAccumulate ? out[k] + v : v;
  }
}

// Samples [begin, begin + count) of the vertical pass, four rows per sweep through `out`.
void VerticalPassColumns(const float* const* rows, const float* weights, int32_t taps, size_t begin,
                         size_t count, float* out) {
  out += begin;
  const auto row = [&](int32_t t) { return rows[t] + begin; };
  int32_t t = taps % 4 == 0 ? 4 : taps % 4;
  switch (t) {
    case 1:
      WeightedRows<1, false>(row(0), nullptr, nullptr, nullptr, weights, count, out);
      break;
    case 2:
      WeightedRows<2, false>(row(0), row(1), nullptr, nullptr, weights, count, out);
      break;
    case 3:
      WeightedRows<3, false>(row(0), row(1), row(2), nullptr, weights, count, out);
      break;
    default:
      WeightedRows<4, false>(row(0), row(1), row(2), row(3), weights, count, out);
  }
  for (; t < taps; t += 4) {
    WeightedRows<4, true>(row(t), row(t + 1), row(t + 2), row(t + 3), weights + t, count, out);
  }
}

}  // namespace

void VerticalPass(const float* const* rows, const float* weights, int32_t taps, size_t count,
                  float* out) {
  // Column blocks keep the partial sums in L1 while every tap streams past them once.
  constexpr size_t kBlock = 1024;
  for (size_t begin = 0; begin < count; begin += kBlock) {
    VerticalPassColumns(rows, weights, taps, begin, count - begin < kBlock ? count - begin : kBlock,
                        out);
  }
}

}  // namespace tk
