// The integer path's row conversions (8-bit interleaved <-> Q6 int16 planes), per Highway target.
// Integer-only, so every target gives the same bytes.
#include <algorithm>

#include "resample/passes.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "resample/fixed_rows.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// Must come after foreach_target.h.
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tk {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr int32_t kHalf = 1 << (kFixedFractionBits - 1);

// 8-bit sources are scaled to Q6; int16 sources are Q6 already.
template <typename T>
int16_t ToQ6(T v) {
  if constexpr (sizeof(T) == 1) {
    return static_cast<int16_t>(v << kFixedFractionBits);
  } else {
    return v;
  }
}

template <typename T>
void LoadScalar(uint32_t ch, const T* src, int32_t begin, int32_t end, int16_t* planes, size_t ps) {
  for (int32_t x = begin; x < end; ++x) {
    for (uint32_t c = 0; c < ch; ++c) planes[c * ps + x] = ToQ6(src[x * ch + c]);
  }
}

void StoreScalar(uint32_t ch, const int16_t* planes, size_t ps, int32_t begin, int32_t end,
                 uint8_t* dst) {
  for (int32_t x = begin; x < end; ++x) {
    for (uint32_t c = 0; c < ch; ++c) {
      const int32_t v = (planes[c * ps + x] + kHalf) >> kFixedFractionBits;
      dst[x * ch + c] = static_cast<uint8_t>(std::clamp(v, 0, 255));
    }
  }
}

// Deinterleaves pixels of 8-bit (widened, scaled to Q6) or Q6 int16 samples into planes.
template <typename T>
void DeinterleaveToPlanes(uint32_t ch, const T* src, int32_t width, int16_t* planes, size_t ps) {
  const hn::ScalableTag<int16_t> d16;
  const hn::Rebind<T, decltype(d16)> d8;
  const int32_t n = static_cast<int32_t>(hn::Lanes(d16));
  const auto put = [&](uint32_t c, int32_t x, hn::VFromD<decltype(d8)> v) {
    if constexpr (sizeof(T) == 1) {
      const hn::RebindToUnsigned<decltype(d16)> du16;
      hn::StoreU(hn::ShiftLeft<kFixedFractionBits>(hn::BitCast(d16, hn::PromoteTo(du16, v))), d16,
                 planes + c * ps + x);
    } else {
      hn::StoreU(v, d16, planes + c * ps + x);
    }
  };
  int32_t x = 0;
  for (; x + n <= width; x += n) {
    const T* p = src + static_cast<size_t>(x) * ch;
    hn::VFromD<decltype(d8)> v0, v1, v2, v3;
    switch (ch) {
      case 1:
        put(0, x, hn::LoadU(d8, p));
        break;
      case 2:
        hn::LoadInterleaved2(d8, p, v0, v1);
        put(0, x, v0);
        put(1, x, v1);
        break;
      case 3:
        hn::LoadInterleaved3(d8, p, v0, v1, v2);
        put(0, x, v0);
        put(1, x, v1);
        put(2, x, v2);
        break;
      default:
        hn::LoadInterleaved4(d8, p, v0, v1, v2, v3);
        put(0, x, v0);
        put(1, x, v1);
        put(2, x, v2);
        put(3, x, v3);
    }
  }
  LoadScalar(ch, src, x, width, planes, ps);
}

void LoadRowFixedImpl(uint32_t ch, const uint8_t* src, int32_t width, int16_t* planes, size_t ps) {
  DeinterleaveToPlanes(ch, src, width, planes, ps);
}

void DeinterleaveFixedImpl(uint32_t ch, const int16_t* src, int32_t width, int16_t* planes,
                           size_t ps) {
  DeinterleaveToPlanes(ch, src, width, planes, ps);
}

// Rounds Q6 to integers, saturates to 0..255 and interleaves.
void StoreRowFixedImpl(uint32_t ch, const int16_t* planes, size_t ps, int32_t width, uint8_t* dst) {
  const hn::ScalableTag<int16_t> d16;
  const hn::Rebind<uint8_t, decltype(d16)> d8;
  const int32_t n = static_cast<int32_t>(hn::Lanes(d16));
  const auto half = hn::Set(d16, kHalf);
  const auto get = [&](uint32_t c, int32_t x) {
    const auto v = hn::LoadU(d16, planes + c * ps + x);
    return hn::DemoteTo(d8, hn::ShiftRight<kFixedFractionBits>(hn::SaturatedAdd(v, half)));
  };
  int32_t x = 0;
  for (; x + n <= width; x += n) {
    uint8_t* p = dst + static_cast<size_t>(x) * ch;
    switch (ch) {
      case 1:
        hn::StoreU(get(0, x), d8, p);
        break;
      case 2:
        hn::StoreInterleaved2(get(0, x), get(1, x), d8, p);
        break;
      case 3:
        hn::StoreInterleaved3(get(0, x), get(1, x), get(2, x), d8, p);
        break;
      default:
        hn::StoreInterleaved4(get(0, x), get(1, x), get(2, x), get(3, x), d8, p);
    }
  }
  StoreScalar(ch, planes, ps, x, width, dst);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace tk
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tk {

HWY_EXPORT(LoadRowFixedImpl);
HWY_EXPORT(StoreRowFixedImpl);
HWY_EXPORT(DeinterleaveFixedImpl);

void LoadRow(uint32_t channels, const int16_t* src, int32_t width, int16_t* planes,
             size_t plane_stride) {
  HWY_DYNAMIC_DISPATCH(DeinterleaveFixedImpl)(channels, src, width, planes, plane_stride);
}

void LoadRow(uint32_t channels, const uint8_t* src, int32_t width, int16_t* planes,
             size_t plane_stride) {
  HWY_DYNAMIC_DISPATCH(LoadRowFixedImpl)(channels, src, width, planes, plane_stride);
}

void StoreRow(uint32_t channels, const int16_t* planes, size_t plane_stride, int32_t width,
              uint8_t* dst) {
  HWY_DYNAMIC_DISPATCH(StoreRowFixedImpl)(channels, planes, plane_stride, width, dst);
}

}  // namespace tk
#endif  // HWY_ONCE
