// The building blocks of a separable resize, on rows of planar float samples.
//
// A float row of width W with C channels holds channel c of pixel x at
// data[c * plane_stride + x]. Planar rows make the horizontal pass a set of contiguous dot
// products and the vertical pass one long multiply-add over the whole row, whatever C is; both
// shapes map directly onto SIMD lanes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "resample/coefficients.h"

namespace tk {

struct SampleFormat {
  uint32_t channels = 0;          // 1..4; with 2 or 4 the last one is alpha
  uint32_t bytes_per_sample = 0;  // 1 (uint8) or 2 (native-endian uint16)
  bool premultiply = false;       // premultiply colour by alpha while in float
};

// Converts `width` interleaved pixels at `src` to a planar float row, premultiplying colour by
// alpha when asked. 16-bit rows must be 2-byte aligned.
void LoadRow(const SampleFormat& format, const uint8_t* src, int32_t width, float* planes,
             size_t plane_stride);

// Converts a planar float row back to `width` interleaved pixels: unpremultiplies (pixels whose
// alpha rounds to 0 get colour 0), rounds to nearest and clamps to the sample range.
void StoreRow(const SampleFormat& format, const float* planes, size_t plane_stride, int32_t width,
              uint8_t* dst);

// For every channel c and output i < coeffs.dst_size:
//   out[c][i] = sum_{t < coeffs.stride} coeffs.weights[i][t] * in[c][coeffs.first[i] - span_begin +
//   t]
// `in` holds the source samples [span_begin, span_end) followed by at least
// stride - taps zeros in every plane.
void HorizontalPass(const AxisCoefficients& coeffs, uint32_t channels, const float* in,
                    size_t in_plane_stride, float* out, size_t out_plane_stride);

// out[k] = sum_{t < taps} weights[t] * rows[t][k] for k < count.
void VerticalPass(const float* const* rows, const float* weights, int32_t taps, size_t count,
                  float* out);

}  // namespace tk
