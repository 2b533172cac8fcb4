// Per-axis resampling weights, computed once per (kernel, geometry) and reusable across calls.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "thumbkit/thumbkit.h"

namespace tk {

// Output sample i of one axis is sum_t weights[i * stride + t] * source[first[i] + t].
//
// Taps that fall outside the source are folded onto the edge sample (edge replication), so
// [first[i], first[i] + taps) always lies inside [0, src_size): passes never clamp. Weights sum to
// 1 per output. Every output has the same tap count (shorter windows are zero padded) so loops
// have no per-output trip count; `stride` rounds `taps` up to kTapAlign and the weights past
// `taps` are zero, which lets a horizontal pass run whole vectors as long as its input row has
// stride - taps readable (finite) samples after span_end.
//
// `fixed_weights` are the same weights in Q14 (16384 = 1) for the 8-bit integer passes, rounded
// so that every output's weights sum to exactly 16384 (flat stays flat). Their stride,
// `fixed_stride`, rounds taps up to kFixedTapAlign: the widest int16 vector (AVX-512) has 32 lanes.
struct AxisCoefficients {
  static constexpr int32_t kTapAlign = 8;
  static constexpr int32_t kFixedTapAlign = 32;
  static constexpr int32_t kFixedShift = 14;

  int32_t src_size = 0;
  int32_t dst_size = 0;
  int32_t taps = 0;
  int32_t stride = 0;
  int32_t span_begin = 0;  // min of first[i]: the first source sample any output reads
  int32_t span_end = 0;    // max of first[i] + taps: one past the last one
  std::vector<int32_t> first;
  std::vector<float> weights;  // dst_size * stride
  int32_t fixed_stride = 0;
  std::vector<int16_t> fixed_weights;  // dst_size * fixed_stride
  // The same Q14 weights chunk-major for the horizontal pass over few taps: chunk k (taps 8k ..
  // 8k + 7) of output i at fixed_chunks[(k * chunk_outputs + i) * 8], so the chunks of
  // consecutive outputs are consecutive and a vector loads several at once. chunk_outputs rounds
  // dst_size up to kChunkOutputAlign (the extra outputs' weights are zero).
  static constexpr int32_t kChunkOutputAlign = 16;
  int32_t chunk_outputs = 0;
  std::vector<int16_t> fixed_chunks;  // ceil(taps / 8) * chunk_outputs * 8
  // For gathering the windows of 4 consecutive outputs 4q .. 4q + 3 from one 32-sample load at
  // first[4q] (+ 8k for chunk k): lane 8j + t of quad_gather[q * 32 ...] is
  // first[4q + j] - first[4q] + t. Only when quads_fit: every whole quad's windows start within
  // 24 samples of each other (shrinks up to about 8x).
  std::vector<int16_t> quad_gather;  // chunk_outputs * 8 when quads_fit
  bool quads_fit = false;
};

// Weights for mapping the source interval [box_origin, box_origin + box_size) of an axis with
// src_size samples onto dst_size samples. Output centre i maps to
// box_origin + (i + 0.5) * box_size / dst_size; when shrinking the kernel is stretched by the
// shrink factor. Arguments must already be valid (see Resize); fails only when out of memory.
Status ComputeAxisCoefficients(tk_kernel kernel, int32_t src_size, double box_origin,
                               double box_size, int32_t dst_size, AxisCoefficients& out);

}  // namespace tk
