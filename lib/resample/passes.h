// The building blocks of a separable resize, on rows of planar float samples.
//
// A float row of width W with C channels holds channel c of pixel x at
// data[c * plane_stride + x]. Planar rows make the horizontal pass a set of contiguous dot
// products and the vertical pass one long multiply-add over the whole row, whatever C is; both
// shapes map directly onto SIMD lanes.
//
// 8-bit images without premultiplication take an integer path instead: int16 planes holding
// samples in Q6 (64 = 1 level, headroom for ringing), Q14 weights (pmaddwd-style pairs of taps).
// Float remains for 16-bit samples, premultiplied alpha (unpremultiplying low alpha amplifies
// fixed-point error far beyond 1 LSB) and linear light.
//
// Buffers handed to the vertical passes hold a multiple of kRowAlign samples per row.
#pragma once

#include <cstddef>
#include <cstdint>

#include "resample/coefficients.h"

namespace tk {

constexpr size_t kRowAlign = 64;
constexpr int kFixedFractionBits = 6;

struct SampleFormat {
  uint32_t channels = 0;          // 1..4; with 2 or 4 the last one is alpha
  uint32_t bytes_per_sample = 0;  // 1 (uint8) or 2 (native-endian uint16)
  bool premultiply = false;       // premultiply colour by alpha while in float
  bool linear = false;            // colour is sRGB-encoded; resample it in linear light
};

// Converts `width` interleaved pixels at `src` to a planar float row, premultiplying colour by
// alpha when asked. 16-bit rows must be 2-byte aligned.
void LoadRow(const SampleFormat& format, const uint8_t* src, int32_t width, float* planes,
             size_t plane_stride);

// Converts a planar float row back to `width` interleaved pixels: unpremultiplies (pixels whose
// alpha rounds to 0 get colour 0), rounds to nearest and clamps to the sample range.
void StoreRow(const SampleFormat& format, const float* planes, size_t plane_stride, int32_t width,
              uint8_t* dst);

// The same two for 8-bit samples without linear light, vectorised (Highway, same bytes).
void LoadRowU8(uint32_t channels, bool premultiply, const uint8_t* src, int32_t width,
               float* planes, size_t plane_stride);
void StoreRowU8(uint32_t channels, bool premultiply, const float* planes, size_t plane_stride,
                int32_t width, uint8_t* dst);

// The integer path's rows: 8-bit interleaved <-> Q6 int16 planes (rounded, clamped on store).
void LoadRow(uint32_t channels, const uint8_t* src, int32_t width, int16_t* planes,
             size_t plane_stride);
void StoreRow(uint32_t channels, const int16_t* planes, size_t plane_stride, int32_t width,
              uint8_t* dst);
// Deinterleaves Q6 int16 pixels (a vertical pass over interleaved rows) into planes.
void LoadRow(uint32_t channels, const int16_t* src, int32_t width, int16_t* planes,
             size_t plane_stride);

// For every channel c and output i < coeffs.dst_size:
//   out[c][i] = sum_{t < coeffs.stride} coeffs.weights[i][t] * in[c][coeffs.first[i] - span_begin +
//   t]
// `in` holds the source samples [span_begin, span_end) followed by at least
// stride - taps zeros in every plane.
void HorizontalPass(const AxisCoefficients& coeffs, uint32_t channels, const float* in,
                    size_t in_plane_stride, float* out, size_t out_plane_stride);

// out[k] = sum_{t < taps} weights[t] * rows[t][k] for k < count, a multiple of kRowAlign.
void VerticalPass(const float* const* rows, const float* weights, int32_t taps, size_t count,
                  float* out);

// The same two passes in Q14 on Q6 samples (coeffs.fixed_weights; vertical weights readable up
// to an even count), rounding to Q6 and saturating to int16.
void HorizontalPass(const AxisCoefficients& coeffs, uint32_t channels, const int16_t* in,
                    size_t in_plane_stride, int16_t* out, size_t out_plane_stride);
void VerticalPass(const int16_t* const* rows, const int16_t* weights, int32_t taps, size_t count,
                  int16_t* out);
// The same on 8-bit rows of any layout (e.g. interleaved source rows), into Q6; any count, and
// reads nothing past rows[t][count - 1]. With an odd tap count rows[taps] must point to a
// readable row too (its weight is the zero padding).
void VerticalPass(const uint8_t* const* rows, const int16_t* weights, int32_t taps, size_t count,
                  int16_t* out);

// The same for two output rows over one window of rows (each weights array `taps` long, zero
// where that output's own window does not reach, readable up to an even count): the rows are
// widened and interleaved once for both.
void VerticalPass2(const uint8_t* const* rows, const int16_t* weights_a, const int16_t* weights_b,
                   int32_t taps, size_t count, int16_t* out_a, int16_t* out_b);

}  // namespace tk
