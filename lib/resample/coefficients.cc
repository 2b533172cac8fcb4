#include "resample/coefficients.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <string>

#include "resample/resample.h"

namespace tk {
namespace {

struct AxisGeometry {
  tk_kernel kernel;
  int32_t src_size;
  double origin;
  double scale;         // dst_size / box_size
  double filter_scale;  // min(1, dst / box): how much the kernel is stretched when shrinking
  double support;       // kernel radius in source samples
};

int64_t ClampIndex(int64_t j, int32_t n) {
  return std::clamp<int64_t>(j, 0, n - 1);
}

// Normalised weights of output i over source samples [begin, begin + w.size()), with taps
// outside the source folded onto the edges and zero weights trimmed from both ends.
int32_t OutputWeights(const AxisGeometry& g, int32_t i, std::vector<double>& w) {
  const double centre = g.origin + (i + 0.5) / g.scale;
  const int32_t containing =
      static_cast<int32_t>(ClampIndex(static_cast<int64_t>(std::floor(centre)), g.src_size));
  if (g.kernel == TK_KERNEL_NEAREST) {
    w.assign(1, 1.0);
    return containing;
  }
  // Sample j sits at j + 0.5; these bounds include every j within the support.
  const int64_t lo = static_cast<int64_t>(std::floor(centre - 0.5 - g.support));
  const int64_t hi = static_cast<int64_t>(std::ceil(centre - 0.5 + g.support));
  const int64_t base = ClampIndex(lo, g.src_size);
  w.assign(static_cast<size_t>(ClampIndex(hi, g.src_size) - base + 1), 0.0);
  for (int64_t j = lo; j <= hi; ++j) {
    const double distance = (static_cast<double>(j) + 0.5 - centre) * g.filter_scale;
    w[static_cast<size_t>(ClampIndex(j, g.src_size) - base)] += KernelValue(g.kernel, distance);
  }
  double sum = 0.0;
  for (double v : w) sum += v;
  if (!(std::fabs(sum) > 1e-12)) {  // cannot happen for sane kernels; never divide by zero
    w.assign(1, 1.0);
    return containing;
  }
  for (double& v : w) v /= sum;

  size_t first_nonzero = 0;
  while (first_nonzero + 1 < w.size() && w[first_nonzero] == 0.0) ++first_nonzero;
  size_t end = w.size();
  while (end > first_nonzero + 1 && w[end - 1] == 0.0) --end;
  w.erase(w.begin() + static_cast<std::ptrdiff_t>(end), w.end());
  w.erase(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(first_nonzero));
  return static_cast<int32_t>(base + static_cast<int64_t>(first_nonzero));
}

// Q14 weights of one output whose sum is exactly 1 << kFixedShift: the rounding remainder goes
// to the largest weight, where it matters least relatively.
void QuantizeRow(const double* w, int32_t count, int16_t* out) {
  constexpr double kOne = 1 << AxisCoefficients::kFixedShift;
  int32_t sum = 0;
  int32_t largest = 0;
  for (int32_t t = 0; t < count; ++t) {
    const double q = std::clamp(std::round(w[t] * kOne), -32768.0, 32767.0);
    out[t] = static_cast<int16_t>(q);
    sum += out[t];
    if (std::fabs(w[t]) > std::fabs(w[largest])) largest = t;
  }
  const int32_t fixed = out[largest] + (static_cast<int32_t>(kOne) - sum);
  out[largest] = static_cast<int16_t>(std::clamp(fixed, -32768, 32767));
}

}  // namespace

Status ComputeAxisCoefficients(tk_kernel kernel, int32_t src_size, double box_origin,
                               double box_size, int32_t dst_size, AxisCoefficients& out) {
  AxisGeometry g;
  g.kernel = kernel;
  g.src_size = src_size;
  g.origin = box_origin;
  g.scale = dst_size / box_size;
  g.filter_scale = std::min(1.0, g.scale);
  g.support = KernelSupport(kernel) / g.filter_scale;

  try {
    // First sweep: each output's trimmed window [begin, end).
    std::vector<double> w;
    std::vector<int32_t> begin(static_cast<size_t>(dst_size)), end(static_cast<size_t>(dst_size));
    for (int32_t i = 0; i < dst_size; ++i) {
      begin[i] = OutputWeights(g, i, w);
      end[i] = begin[i] + static_cast<int32_t>(w.size());
    }
    // Passes keep a sliding window of rows, so `first` must never move backwards, although
    // trimmed windows may (an output that lands exactly on a sample needs only that one). Taking
    // the minimum over all later outputs fixes that at the cost of a tap or so.
    out.first.assign(static_cast<size_t>(dst_size), 0);
    int32_t lowest = src_size;
    for (int32_t i = dst_size - 1; i >= 0; --i) {
      lowest = std::min(lowest, begin[i]);
      out.first[i] = lowest;
    }
    int32_t taps = 1;
    for (int32_t i = 0; i < dst_size; ++i) taps = std::max(taps, end[i] - out.first[i]);
    const int32_t stride = (taps + AxisCoefficients::kTapAlign - 1) / AxisCoefficients::kTapAlign *
                           AxisCoefficients::kTapAlign;

    out.src_size = src_size;
    out.dst_size = dst_size;
    out.taps = taps;
    out.stride = stride;
    out.weights.assign(static_cast<size_t>(dst_size) * static_cast<size_t>(stride), 0.0f);
    const int32_t fixed_stride = (taps + AxisCoefficients::kFixedTapAlign - 1) /
                                 AxisCoefficients::kFixedTapAlign *
                                 AxisCoefficients::kFixedTapAlign;
    out.fixed_stride = fixed_stride;
    out.fixed_weights.assign(static_cast<size_t>(dst_size) * static_cast<size_t>(fixed_stride), 0);
    std::vector<double> padded(static_cast<size_t>(taps));
    // Second sweep: recomputing the weights is cheaper than keeping every window around.
    for (int32_t i = 0; i < dst_size; ++i) {
      OutputWeights(g, i, w);
      // Every window lies inside [0, src_size), so taps <= src_size and this stays >= 0 (and
      // still non-decreasing).
      const int32_t first = std::min(out.first[i], src_size - taps);
      float* row = &out.weights[static_cast<size_t>(i) * static_cast<size_t>(stride)];
      std::fill(padded.begin(), padded.end(), 0.0);
      for (size_t t = 0; t < w.size(); ++t) padded[begin[i] - first + t] = w[t];
      for (int32_t t = 0; t < taps; ++t) row[t] = static_cast<float>(padded[t]);
      QuantizeRow(padded.data(), taps,
                  &out.fixed_weights[static_cast<size_t>(i) * static_cast<size_t>(fixed_stride)]);
      out.first[i] = first;
    }
    const int32_t chunks = (taps + 7) / 8;
    out.chunk_outputs = (dst_size + AxisCoefficients::kChunkOutputAlign - 1) /
                        AxisCoefficients::kChunkOutputAlign * AxisCoefficients::kChunkOutputAlign;
    out.fixed_chunks.assign(
        static_cast<size_t>(chunks) * static_cast<size_t>(out.chunk_outputs) * 8, 0);
    for (int32_t k = 0; k < chunks; ++k) {
      for (int32_t i = 0; i < dst_size; ++i) {
        const int16_t* from = &out.fixed_weights[static_cast<size_t>(i) * fixed_stride + 8 * k];
        std::copy(from, from + 8,
                  &out.fixed_chunks[(static_cast<size_t>(k) * out.chunk_outputs + i) * 8]);
      }
    }
    out.quads_fit = true;
    for (int32_t q = 0; q + 4 <= dst_size; q += 4) {
      if (out.first[q + 3] - out.first[q] > 24) out.quads_fit = false;
    }
    if (out.quads_fit) {
      out.quad_gather.assign(static_cast<size_t>(out.chunk_outputs) * 8, 0);
      for (int32_t o = 0; o < dst_size; ++o) {
        const int32_t delta = out.first[o] - out.first[o / 4 * 4];
        for (int32_t t = 0; t < 8; ++t) {
          out.quad_gather[static_cast<size_t>(o) * 8 + t] = static_cast<int16_t>(delta + t);
        }
      }
    }
    out.span_begin = out.first.front();
    out.span_end = out.first.back() + taps;
  } catch (const std::bad_alloc&) {
    return Status(TK_ERR_OUT_OF_MEMORY, "cannot allocate resampling coefficients for " +
                                            std::to_string(src_size) + " -> " +
                                            std::to_string(dst_size) + " samples");
  }
  return OkStatus();
}

}  // namespace tk
