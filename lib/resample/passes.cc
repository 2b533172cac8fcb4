// The horizontal and vertical passes, compiled once per Highway target (SSE4, AVX2, AVX-512, NEON,
// SVE, ...) and dispatched at run time to the best one the CPU has.
//
// Every target must produce the same bytes, so:
// - integer (Q14) passes are exact: their sums do not depend on the order of additions;
// - float passes use one canonical order whatever the vector width: eight partial sums per output
//   (tap t goes to sum t % 8) combined as ((s0+s4) + (s2+s6)) + ((s1+s5) + (s3+s7)), vertical sums
//   in tap order, and separate multiply and add (this file is built with -ffp-contract=off, so
//   no target fuses them into FMA).
#include "resample/passes.h"

#include <algorithm>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "resample/passes.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// Must come after foreach_target.h.
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tk {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr int32_t kRound = 1 << (AxisCoefficients::kFixedShift - 1);

int16_t SaturateToInt16(int32_t v) {
  return static_cast<int16_t>(std::clamp(v, -32768, 32767));
}

// 8-bit samples times Q14 weights, rounded to Q6.
constexpr int kU8Shift = AxisCoefficients::kFixedShift - kFixedFractionBits;

void VerticalFixedU8Tail(const uint8_t* const* rows, const int16_t* weights, int32_t taps,
                         size_t begin, size_t end, int16_t* out) {
  for (size_t k = begin; k < end; ++k) {
    int32_t s = 0;
    for (int32_t t = 0; t < taps; ++t) s += int32_t{weights[t]} * rows[t][k];
    out[k] = SaturateToInt16((s + (1 << (kU8Shift - 1))) >> kU8Shift);
  }
}

// ---- Canonical float sums shared by the scalar and vector code. ----

#if HWY_TARGET == HWY_SCALAR

float FloatDot(const float* w, const float* x, int32_t chunks) {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int32_t k = 0; k < chunks; ++k) {
    for (int j = 0; j < 8; ++j) s[j] = s[j] + w[8 * k + j] * x[8 * k + j];
  }
  return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
}

int32_t FixedDot(const int16_t* w, const int16_t* x, int32_t taps) {
  int32_t s = 0;
  for (int32_t t = 0; t < taps; ++t) s += int32_t{w[t]} * x[t];
  return s;
}

void HorizontalFloatPlane(const AxisCoefficients& c, const float* in, float* out) {
  const int32_t chunks = (c.taps + 7) / 8;
  for (int32_t i = 0; i < c.dst_size; ++i) {
    out[i] = FloatDot(&c.weights[static_cast<size_t>(i) * c.stride], in + c.first[i] - c.span_begin,
                      chunks);
  }
}

void HorizontalFixedPlane(const AxisCoefficients& c, const int16_t* in, int16_t* out) {
  for (int32_t i = 0; i < c.dst_size; ++i) {
    const int32_t s = FixedDot(&c.fixed_weights[static_cast<size_t>(i) * c.fixed_stride],
                               in + c.first[i] - c.span_begin, c.taps);
    out[i] = SaturateToInt16((s + kRound) >> AxisCoefficients::kFixedShift);
  }
}

void VerticalFixedImpl(const int16_t* const* rows, const int16_t* weights, int32_t taps,
                       size_t count, int16_t* out) {
  for (size_t k = 0; k < count; ++k) {
    int32_t s = 0;
    for (int32_t t = 0; t < taps; ++t) s += int32_t{weights[t]} * rows[t][k];
    out[k] = SaturateToInt16((s + kRound) >> AxisCoefficients::kFixedShift);
  }
}

void VerticalFixedU8Impl(const uint8_t* const* rows, const int16_t* weights, int32_t taps,
                         size_t count, int16_t* out) {
  VerticalFixedU8Tail(rows, weights, taps, 0, count, out);
}

void VerticalFixedU8TwoImpl(const uint8_t* const* rows, const int16_t* weights_a,
                            const int16_t* weights_b, int32_t taps, size_t count, int16_t* out_a,
                            int16_t* out_b) {
  VerticalFixedU8Tail(rows, weights_a, taps, 0, count, out_a);
  VerticalFixedU8Tail(rows, weights_b, taps, 0, count, out_b);
}

#else  // vector targets

using D4F = hn::CappedTag<float, 4>;

// Lane j of each 128-bit block of the result is the total of that block's four lanes of xj: lanes
// are paired (0 with 2, 1 with 3) and the pairs added, which is the canonical order above once xj
// holds s_k + s_{k+4}.
template <class D4, class V = hn::VFromD<D4> >
HWY_INLINE V Reduce4(D4 d4, V x0, V x1, V x2, V x3) {
  const hn::Repartition<uint64_t, D4> d64;
  const V y01 = hn::Add(hn::InterleaveLower(d4, x0, x1), hn::InterleaveUpper(d4, x0, x1));
  const V y23 = hn::Add(hn::InterleaveLower(d4, x2, x3), hn::InterleaveUpper(d4, x2, x3));
  const auto a = hn::BitCast(d64, y01);
  const auto b = hn::BitCast(d64, y23);
  return hn::Add(hn::BitCast(d4, hn::InterleaveLower(d64, a, b)),
                 hn::BitCast(d4, hn::InterleaveUpper(d64, a, b)));
}

// The eight canonical partial sums of kOutputs outputs, each folded to s_k + s_{k+4} (k < 4).
// Several outputs per loop so that their chains of dependent adds overlap (one output's chain
// alone is latency-bound when it has many taps).
// (A template so that only the branch for this target's width is instantiated.)
template <size_t kOutputs, class D8 = hn::CappedTag<float, 8> >
HWY_INLINE void FloatPartials(const float* const* w, const float* const* x, int32_t chunks,
                              hn::VFromD<D4F>* partials) {
  const D4F d4;
  constexpr bool kWide = !HWY_HAVE_SCALABLE && hn::MaxLanes(D8()) >= 8;
  if constexpr (kWide) {
    const D8 d8;
    hn::VFromD<D8> s[kOutputs];
    for (size_t o = 0; o < kOutputs; ++o) s[o] = hn::Zero(d8);
    for (int32_t k = 0; k < chunks; ++k) {
      for (size_t o = 0; o < kOutputs; ++o) {
        s[o] = hn::Add(s[o], hn::Mul(hn::LoadU(d8, w[o] + 8 * k), hn::LoadU(d8, x[o] + 8 * k)));
      }
    }
    for (size_t o = 0; o < kOutputs; ++o) {
      partials[o] = hn::Add(hn::LowerHalf(s[o]), hn::UpperHalf(d4, s[o]));
    }
  } else {
    hn::VFromD<D4F> lo[kOutputs], hi[kOutputs];
    for (size_t o = 0; o < kOutputs; ++o) lo[o] = hi[o] = hn::Zero(d4);
    for (int32_t k = 0; k < chunks; ++k) {
      for (size_t o = 0; o < kOutputs; ++o) {
        lo[o] = hn::Add(lo[o], hn::Mul(hn::LoadU(d4, w[o] + 8 * k), hn::LoadU(d4, x[o] + 8 * k)));
        hi[o] = hn::Add(hi[o],
                        hn::Mul(hn::LoadU(d4, w[o] + 8 * k + 4), hn::LoadU(d4, x[o] + 8 * k + 4)));
      }
    }
    for (size_t o = 0; o < kOutputs; ++o) partials[o] = hn::Add(lo[o], hi[o]);
  }
}

void HorizontalFloatPlane(const AxisCoefficients& c, const float* in, float* out) {
  const D4F d4;
  const int32_t chunks = (c.taps + 7) / 8;
  const float* w[4];
  const float* x[4];
  hn::VFromD<D4F> p[4];
  const auto window = [&](size_t slot, int32_t i) {
    w[slot] = &c.weights[static_cast<size_t>(i) * c.stride];
    x[slot] = in + c.first[i] - c.span_begin;
  };
  int32_t i = 0;
  for (; i + 4 <= c.dst_size; i += 4) {
    for (size_t j = 0; j < 4; ++j) window(j, i + static_cast<int32_t>(j));
    FloatPartials<4>(w, x, chunks, p);
    hn::StoreU(Reduce4(d4, p[0], p[1], p[2], p[3]), d4, out + i);
  }
  for (; i < c.dst_size; ++i) {
    window(0, i);
    FloatPartials<1>(w, x, chunks, p);
    out[i] = hn::GetLane(Reduce4(d4, p[0], p[0], p[0], p[0]));
  }
}

// Loads 8 int16 from each of p[0], p[1], ... (plus `offset`) into the consecutive 128-bit blocks
// of a vector.
template <class D16>
HWY_INLINE hn::VFromD<D16> LoadBlocks(D16 d16, const int16_t* const* p, size_t offset) {
  if constexpr (hn::MaxLanes(D16()) <= 8) {
    return hn::LoadU(d16, p[0] + offset);
  } else {
    const hn::Half<D16> dh;
    constexpr size_t kHalfBlocks = hn::MaxLanes(decltype(dh)()) / 8;
    return hn::Combine(d16, LoadBlocks(dh, p + kHalfBlocks, offset), LoadBlocks(dh, p, offset));
  }
}

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
// AVX-512: the 4 windows of a quad of outputs come from one 32-sample load and one vpermw.
constexpr bool kHaveWordPermute = true;
HWY_INLINE hn::Vec512<int16_t> PermuteWords(hn::Vec512<int16_t> indices, hn::Vec512<int16_t> v) {
  return hn::Vec512<int16_t>{_mm512_permutexvar_epi16(indices.raw, v.raw)};
}
// Never called: narrower vectors take LoadBlocks.
template <class V>
HWY_INLINE V PermuteWords(V, V v) {
  return v;
}
#else
constexpr bool kHaveWordPermute = false;
template <class V>
HWY_INLINE V PermuteWords(V, V v) {
  return v;
}
#endif

// Few taps: one 128-bit block per output and chunk of 8 taps, so no lane is wasted on padding,
// and L = blocks-per-vector outputs per vector. Vector m of a group holds outputs i + m*L + j in
// block j (their weights are consecutive in fixed_chunks: one load); Reduce4 leaves output
// i + m*L + j in lane m of block j, and one permutation puts the 4L sums in output order.
// kChunks > 0 fixes the chunk count at compile time; kGather: with four blocks (AVX-512) and
// quads_fit, build each vector by permuting one load (see quad_gather). Returns the first output
// not done (fewer than a whole group remain).
template <int kChunks, bool kGather, class D16>
int32_t HorizontalFixedBlocks(D16 d16, const AxisCoefficients& c, const int16_t* in, int32_t begin,
                              int16_t* out) {
  const hn::Repartition<int32_t, D16> d32;
  const hn::Rebind<int16_t, decltype(d32)> d16_half;
  constexpr size_t kBlocks = hn::MaxLanes(D16()) / 8;
  constexpr int32_t kGroup = static_cast<int32_t>(4 * kBlocks);
  const int32_t chunks = kChunks > 0 ? kChunks : (c.taps + 7) / 8;
  const size_t chunk_stride = static_cast<size_t>(c.chunk_outputs) * 8;
  const int32_t* first = c.first.data();
  const int16_t* base = in - c.span_begin;
  const auto round = hn::Set(d32, kRound);
  HWY_ALIGN int32_t order[hn::MaxLanes(decltype(d32)())];
  for (size_t p = 0; p < static_cast<size_t>(kGroup); ++p) {
    order[p] = static_cast<int32_t>(4 * (p % kBlocks) + p / kBlocks);
  }
  const auto to_output_order = hn::SetTableIndices(d32, order);
  const auto gathered = [&](int32_t o) {
    const auto indices = hn::LoadU(d16, &c.quad_gather[static_cast<size_t>(o) * 8]);
    const int16_t* x = base + first[o];
    const int16_t* w = &c.fixed_chunks[static_cast<size_t>(o) * 8];
    auto sum0 = hn::Zero(d32);
    auto sum1 = hn::Zero(d32);
    for (int32_t k = 0; k < chunks; ++k) {
      sum0 = hn::ReorderWidenMulAccumulate(d32, PermuteWords(indices, hn::LoadU(d16, x + 8 * k)),
                                           hn::LoadU(d16, w + k * chunk_stride), sum0, sum1);
    }
    return hn::RearrangeToOddPlusEven(sum0, sum1);
  };
  const auto partials = [&](int32_t o) {
    if constexpr (kGather) return gathered(o);
    const int16_t* x[kBlocks];
    for (size_t j = 0; j < kBlocks; ++j) x[j] = base + first[static_cast<size_t>(o) + j];
    const int16_t* w = &c.fixed_chunks[static_cast<size_t>(o) * 8];
    auto sum0 = hn::Zero(d32);
    auto sum1 = hn::Zero(d32);
    for (int32_t k = 0; k < chunks; ++k) {
      sum0 = hn::ReorderWidenMulAccumulate(d32, LoadBlocks(d16, x, 8 * static_cast<size_t>(k)),
                                           hn::LoadU(d16, w + k * chunk_stride), sum0, sum1);
    }
    return hn::RearrangeToOddPlusEven(sum0, sum1);
  };
  constexpr int32_t kL = static_cast<int32_t>(kBlocks);
  int32_t i = begin;
  for (; i + kGroup <= c.dst_size; i += kGroup) {
    auto s =
        Reduce4(d32, partials(i), partials(i + kL), partials(i + 2 * kL), partials(i + 3 * kL));
    if constexpr (kBlocks > 1) s = hn::TableLookupLanes(s, to_output_order);
    const auto q = hn::ShiftRight<AxisCoefficients::kFixedShift>(hn::Add(s, round));
    hn::StoreU(hn::DemoteTo(d16_half, q), d16_half, out + i);
  }
  return i;
}

// Whole groups over the widest vector, then over 128 bits, then one output at a time.
template <int kChunks>
void HorizontalFixedChunks(const AxisCoefficients& c, const int16_t* in, int16_t* out) {
  int32_t i = 0;
  const hn::CappedTag<int16_t, AxisCoefficients::kFixedTapAlign> widest;
  // One chunk: four loads into blocks measured faster than load + vpermw (which pays off from
  // two chunks on, reusing its indices).
  if constexpr (kHaveWordPermute && hn::MaxLanes(widest) == 32 && kChunks != 1) {
    if (c.quads_fit) i = HorizontalFixedBlocks<kChunks, true>(widest, c, in, i, out);
  }
  if constexpr (!HWY_HAVE_SCALABLE) {
    i = HorizontalFixedBlocks<kChunks, false>(widest, c, in, i, out);
  }
  i = HorizontalFixedBlocks<kChunks, false>(hn::CappedTag<int16_t, 8>(), c, in, i, out);
  for (; i < c.dst_size; ++i) {
    const int16_t* w = &c.fixed_weights[static_cast<size_t>(i) * c.fixed_stride];
    const int16_t* x = in + c.first[i] - c.span_begin;
    int32_t s = 0;
    for (int32_t t = 0; t < c.taps; ++t) s += int32_t{w[t]} * x[t];
    out[i] = SaturateToInt16((s + kRound) >> AxisCoefficients::kFixedShift);
  }
}

// The chunk loop unrolled for the common tap counts (bilinear to Lanczos3 at up to 4x shrink).
// The integer path takes at most 64 taps (UseFixedPoint in resample.cc).
void HorizontalFixedPlane(const AxisCoefficients& c, const int16_t* in, int16_t* out) {
  if (c.taps <= 8) {
    HorizontalFixedChunks<1>(c, in, out);
  } else if (c.taps <= 16) {
    HorizontalFixedChunks<2>(c, in, out);
  } else if (c.taps <= 24) {
    HorizontalFixedChunks<3>(c, in, out);
  } else {
    HorizontalFixedChunks<0>(c, in, out);
  }
}

// Rows t and t + 1 are interleaved so that one widening multiply-add applies both weights; the
// demotion undoes the interleave (both work per 128-bit block).
void VerticalFixedImpl(const int16_t* const* rows, const int16_t* weights, int32_t taps,
                       size_t count, int16_t* out) {
  const hn::CappedTag<int16_t, AxisCoefficients::kFixedTapAlign> d16;
  const hn::Repartition<int32_t, decltype(d16)> d32;
  const size_t n = hn::Lanes(d16);
  const auto round = hn::Set(d32, kRound);
  for (size_t k = 0; k < count; k += n) {
    auto lo0 = hn::Zero(d32), lo1 = hn::Zero(d32), hi0 = hn::Zero(d32), hi1 = hn::Zero(d32);
    for (int32_t t = 0; t < taps; t += 2) {
      // With an odd tap count the last pair's second weight is the zero padding.
      const int16_t* second = rows[t + 1 < taps ? t + 1 : t];
      int32_t pair;
      std::memcpy(&pair, weights + t, sizeof(pair));
      const auto w = hn::BitCast(d16, hn::Set(d32, pair));
      const auto a = hn::LoadU(d16, rows[t] + k);
      const auto b = hn::LoadU(d16, second + k);
      lo0 = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveLower(d16, a, b), w, lo0, lo1);
      hi0 = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveUpper(d16, a, b), w, hi0, hi1);
    }
    const auto lo = hn::ShiftRight<AxisCoefficients::kFixedShift>(
        hn::Add(hn::RearrangeToOddPlusEven(lo0, lo1), round));
    const auto hi = hn::ShiftRight<AxisCoefficients::kFixedShift>(
        hn::Add(hn::RearrangeToOddPlusEven(hi0, hi1), round));
    hn::StoreU(hn::ReorderDemote2To(d16, lo, hi), d16, out + k);
  }
}

// As VerticalFixedImpl, on 8-bit rows widened while loading, for kOutputs output rows over the
// same window of source rows (each output's weights zero where its own window does not reach):
// widening and interleaving, the shuffles this pass is bound by, are shared. Two vectors of
// samples per step (each pair of weights and row pointers fetched once for both), then one
// vector, then a scalar tail (source rows end where the image does). rows[taps] must be
// readable when taps is odd (its weights are the zero padding).
template <size_t kOutputs>
void VerticalFixedU8Outputs(const uint8_t* const* rows, const int16_t* const* weights, int32_t taps,
                            size_t count, int16_t* const* out) {
  const hn::CappedTag<int16_t, AxisCoefficients::kFixedTapAlign> d16;
  const hn::RebindToUnsigned<decltype(d16)> du16;
  const hn::Rebind<uint8_t, decltype(d16)> d8;
  const hn::Repartition<int32_t, decltype(d16)> d32;
  using V16 = hn::VFromD<decltype(d16)>;
  using V32 = hn::VFromD<decltype(d32)>;
  const size_t n = hn::Lanes(d16);
  const auto round = hn::Set(d32, 1 << (kU8Shift - 1));
  // The sums of the low and high interleaved halves of n samples for every output, each as the
  // pair of partial sums ReorderWidenMulAccumulate keeps.
  struct Sums {
    V32 lo0[kOutputs], lo1[kOutputs], hi0[kOutputs], hi1[kOutputs];
  };
  const auto zero = [&] {
    Sums s;
    for (size_t o = 0; o < kOutputs; ++o) s.lo0[o] = s.lo1[o] = s.hi0[o] = s.hi1[o] = hn::Zero(d32);
    return s;
  };
  const auto load = [&](const uint8_t* p) {
    return hn::BitCast(d16, hn::PromoteTo(du16, hn::LoadU(d8, p)));
  };
  const auto accumulate = [&](const uint8_t* a_row, const uint8_t* b_row, const V16* w, size_t k,
                              Sums& s) {
    const auto a = load(a_row + k);
    const auto b = load(b_row + k);
    const auto lo = hn::InterleaveLower(d16, a, b);
    const auto hi = hn::InterleaveUpper(d16, a, b);
    for (size_t o = 0; o < kOutputs; ++o) {
      s.lo0[o] = hn::ReorderWidenMulAccumulate(d32, lo, w[o], s.lo0[o], s.lo1[o]);
      s.hi0[o] = hn::ReorderWidenMulAccumulate(d32, hi, w[o], s.hi0[o], s.hi1[o]);
    }
  };
  const auto finish = [&](const Sums& s, size_t k) {
    for (size_t o = 0; o < kOutputs; ++o) {
      const auto lo =
          hn::ShiftRight<kU8Shift>(hn::Add(hn::RearrangeToOddPlusEven(s.lo0[o], s.lo1[o]), round));
      const auto hi =
          hn::ShiftRight<kU8Shift>(hn::Add(hn::RearrangeToOddPlusEven(s.hi0[o], s.hi1[o]), round));
      hn::StoreU(hn::ReorderDemote2To(d16, lo, hi), d16, out[o] + k);
    }
  };
  const auto pair_weights = [&](int32_t t, V16* w) {
    for (size_t o = 0; o < kOutputs; ++o) {
      int32_t pair;
      std::memcpy(&pair, weights[o] + t, sizeof(pair));
      w[o] = hn::BitCast(d16, hn::Set(d32, pair));
    }
  };
  size_t k = 0;
  V16 w[kOutputs];
  for (; k + 2 * n <= count; k += 2 * n) {
    Sums s0 = zero(), s1 = zero();
    for (int32_t t = 0; t < taps; t += 2) {
      pair_weights(t, w);
      accumulate(rows[t], rows[t + 1], w, k, s0);
      accumulate(rows[t], rows[t + 1], w, k + n, s1);
    }
    finish(s0, k);
    finish(s1, k + n);
  }
  for (; k + n <= count; k += n) {
    Sums s = zero();
    for (int32_t t = 0; t < taps; t += 2) {
      pair_weights(t, w);
      accumulate(rows[t], rows[t + 1], w, k, s);
    }
    finish(s, k);
  }
  for (size_t o = 0; o < kOutputs; ++o) {
    VerticalFixedU8Tail(rows, weights[o], taps, k, count, out[o]);
  }
}

void VerticalFixedU8Impl(const uint8_t* const* rows, const int16_t* weights, int32_t taps,
                         size_t count, int16_t* out) {
  VerticalFixedU8Outputs<1>(rows, &weights, taps, count, &out);
}

void VerticalFixedU8TwoImpl(const uint8_t* const* rows, const int16_t* weights_a,
                            const int16_t* weights_b, int32_t taps, size_t count, int16_t* out_a,
                            int16_t* out_b) {
  const int16_t* const weights[2] = {weights_a, weights_b};
  int16_t* const out[2] = {out_a, out_b};
  VerticalFixedU8Outputs<2>(rows, weights, taps, count, out);
}

#endif  // HWY_TARGET == HWY_SCALAR

// Sums in tap order, one lane per sample: the same on every target.
void VerticalFloatImpl(const float* const* rows, const float* weights, int32_t taps, size_t count,
                       float* out) {
  const hn::ScalableTag<float> d;
  const size_t n = hn::Lanes(d);
  for (size_t k = 0; k < count; k += 2 * n) {
    auto w = hn::Set(d, weights[0]);
    auto s0 = hn::Mul(w, hn::LoadU(d, rows[0] + k));
    auto s1 = hn::Mul(w, hn::LoadU(d, rows[0] + k + n));
    for (int32_t t = 1; t < taps; ++t) {
      w = hn::Set(d, weights[t]);
      s0 = hn::Add(s0, hn::Mul(w, hn::LoadU(d, rows[t] + k)));
      s1 = hn::Add(s1, hn::Mul(w, hn::LoadU(d, rows[t] + k + n)));
    }
    hn::StoreU(s0, d, out + k);
    hn::StoreU(s1, d, out + k + n);
  }
}

void HorizontalFloatImpl(const AxisCoefficients& coeffs, uint32_t channels, const float* in,
                         size_t in_plane_stride, float* out, size_t out_plane_stride) {
  for (uint32_t c = 0; c < channels; ++c) {
    HorizontalFloatPlane(coeffs, in + c * in_plane_stride, out + c * out_plane_stride);
  }
}

void HorizontalFixedImpl(const AxisCoefficients& coeffs, uint32_t channels, const int16_t* in,
                         size_t in_plane_stride, int16_t* out, size_t out_plane_stride) {
  for (uint32_t c = 0; c < channels; ++c) {
    HorizontalFixedPlane(coeffs, in + c * in_plane_stride, out + c * out_plane_stride);
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace tk
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tk {

HWY_EXPORT(HorizontalFloatImpl);
HWY_EXPORT(VerticalFloatImpl);
HWY_EXPORT(HorizontalFixedImpl);
HWY_EXPORT(VerticalFixedImpl);
HWY_EXPORT(VerticalFixedU8Impl);
HWY_EXPORT(VerticalFixedU8TwoImpl);

void HorizontalPass(const AxisCoefficients& coeffs, uint32_t channels, const float* in,
                    size_t in_plane_stride, float* out, size_t out_plane_stride) {
  HWY_DYNAMIC_DISPATCH(HorizontalFloatImpl)
  (coeffs, channels, in, in_plane_stride, out, out_plane_stride);
}

void VerticalPass(const float* const* rows, const float* weights, int32_t taps, size_t count,
                  float* out) {
  HWY_DYNAMIC_DISPATCH(VerticalFloatImpl)(rows, weights, taps, count, out);
}

void HorizontalPass(const AxisCoefficients& coeffs, uint32_t channels, const int16_t* in,
                    size_t in_plane_stride, int16_t* out, size_t out_plane_stride) {
  HWY_DYNAMIC_DISPATCH(HorizontalFixedImpl)
  (coeffs, channels, in, in_plane_stride, out, out_plane_stride);
}

void VerticalPass(const int16_t* const* rows, const int16_t* weights, int32_t taps, size_t count,
                  int16_t* out) {
  HWY_DYNAMIC_DISPATCH(VerticalFixedImpl)(rows, weights, taps, count, out);
}

void VerticalPass2(const uint8_t* const* rows, const int16_t* weights_a, const int16_t* weights_b,
                   int32_t taps, size_t count, int16_t* out_a, int16_t* out_b) {
  HWY_DYNAMIC_DISPATCH(VerticalFixedU8TwoImpl)
  (rows, weights_a, weights_b, taps, count, out_a, out_b);
}

void VerticalPass(const uint8_t* const* rows, const int16_t* weights, int32_t taps, size_t count,
                  int16_t* out) {
  HWY_DYNAMIC_DISPATCH(VerticalFixedU8Impl)(rows, weights, taps, count, out);
}

}  // namespace tk
#endif  // HWY_ONCE
