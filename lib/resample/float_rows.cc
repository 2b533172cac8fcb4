// 8-bit interleaved pixels <-> planar float rows (premultiplied or not), per Highway target. Each
// lane does the same IEEE operations as the portable code (convert, multiply, divide, truncate),
// so every target gives the same floats and bytes.
#include "resample/passes.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "resample/float_rows.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// Must come after foreach_target.h.
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tk {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<float>;
using DI = hn::RebindToSigned<DF>;
using DU = hn::RebindToUnsigned<DF>;
using D8 = hn::Rebind<uint8_t, DF>;
using VF = hn::VFromD<DF>;
using V8 = hn::VFromD<D8>;

constexpr float kInv255 = 1.0f / 255.0f;

HWY_INLINE VF ToFloat(V8 v) {
  return hn::ConvertTo(DF(), hn::BitCast(DI(), hn::PromoteTo(DU(), v)));
}

// Clamps to [0, 255] and rounds half up by truncating v + 0.5, as the scalar Quantize.
HWY_INLINE V8 ToByte(VF v) {
  const DF df;
  v = hn::Min(hn::Max(v, hn::Zero(df)), hn::Set(df, 255.0f));
  return hn::DemoteTo(D8(), hn::ConvertTo(DI(), hn::Add(v, hn::Set(df, 0.5f))));
}

// Colour times alpha / 255, the scalar rows' expression c * (a * (1 / 255)).
HWY_INLINE VF Premultiply(VF c, VF a) {
  return hn::Mul(c, hn::Mul(a, hn::Set(DF(), kInv255)));
}

template <int C>
void LoadT(const uint8_t* src, int32_t width, bool premultiply, float* planes, size_t ps,
           int32_t x) {
  for (; x < width; ++x) {
    const uint8_t* px = src + static_cast<size_t>(x) * C;
    const float a = static_cast<float>(px[C - 1]);
    for (int c = 0; c < C; ++c) {
      const float v = static_cast<float>(px[c]);
      planes[c * ps + x] = premultiply && c < C - 1 ? v * (a * kInv255) : v;
    }
  }
}

void LoadRowU8Impl(uint32_t channels, bool premultiply, const uint8_t* src, int32_t width,
                   float* planes, size_t ps) {
  const DF df;
  const D8 d8;
  const int32_t n = static_cast<int32_t>(hn::Lanes(df));
  int32_t x = 0;
  V8 v0, v1, v2, v3;
  switch (channels) {
    case 1:
      for (; x + n <= width; x += n) hn::StoreU(ToFloat(hn::LoadU(d8, src + x)), df, planes + x);
      return LoadT<1>(src, width, false, planes, ps, x);
    case 2:
      for (; x + n <= width; x += n) {
        hn::LoadInterleaved2(d8, src + 2 * x, v0, v1);
        const VF a = ToFloat(v1);
        const VF g = ToFloat(v0);
        hn::StoreU(premultiply ? Premultiply(g, a) : g, df, planes + x);
        hn::StoreU(a, df, planes + ps + x);
      }
      return LoadT<2>(src, width, premultiply, planes, ps, x);
    case 3:
      for (; x + n <= width; x += n) {
        hn::LoadInterleaved3(d8, src + 3 * x, v0, v1, v2);
        hn::StoreU(ToFloat(v0), df, planes + x);
        hn::StoreU(ToFloat(v1), df, planes + ps + x);
        hn::StoreU(ToFloat(v2), df, planes + 2 * ps + x);
      }
      return LoadT<3>(src, width, false, planes, ps, x);
    default:
      for (; x + n <= width; x += n) {
        hn::LoadInterleaved4(d8, src + 4 * x, v0, v1, v2, v3);
        const VF a = ToFloat(v3);
        VF r = ToFloat(v0), g = ToFloat(v1), b = ToFloat(v2);
        if (premultiply) {
          r = Premultiply(r, a);
          g = Premultiply(g, a);
          b = Premultiply(b, a);
        }
        hn::StoreU(r, df, planes + x);
        hn::StoreU(g, df, planes + ps + x);
        hn::StoreU(b, df, planes + 2 * ps + x);
        hn::StoreU(a, df, planes + 3 * ps + x);
      }
      return LoadT<4>(src, width, premultiply, planes, ps, x);
  }
}

// Scalar tail of StoreRowU8Impl, with the same operations.
uint8_t Quantize(float v) {
  v = v < 0.0f ? 0.0f : v;
  v = v > 255.0f ? 255.0f : v;
  return static_cast<uint8_t>(static_cast<int32_t>(v + 0.5f));
}

template <int C>
void StoreT(const float* planes, size_t ps, int32_t width, bool premultiply, uint8_t* dst,
            int32_t x) {
  for (; x < width; ++x) {
    uint8_t* px = dst + static_cast<size_t>(x) * C;
    float k = 1.0f;
    if (premultiply) {
      float alpha = planes[(C - 1) * ps + x];
      alpha = alpha < 0.0f ? 0.0f : (alpha > 255.0f ? 255.0f : alpha);
      k = Quantize(alpha) == 0 ? 0.0f : 255.0f / alpha;
    }
    for (int c = 0; c < C; ++c) {
      const float v = planes[c * ps + x];
      px[c] = Quantize(premultiply && c < C - 1 ? v * k : v);
    }
  }
}

void StoreRowU8Impl(uint32_t channels, bool premultiply, const float* planes, size_t ps,
                    int32_t width, uint8_t* dst) {
  const DF df;
  const D8 d8;
  const int32_t n = static_cast<int32_t>(hn::Lanes(df));
  const auto plane = [&](uint32_t c, int32_t x) { return hn::LoadU(df, planes + c * ps + x); };
  // 255 / alpha, or 0 where alpha quantises to 0 (colour there is meaningless).
  const auto unpremultiply = [&](VF alpha) {
    alpha = hn::Min(hn::Max(alpha, hn::Zero(df)), hn::Set(df, 255.0f));
    const DI di;
    const auto alpha_q = hn::ConvertTo(di, hn::Add(alpha, hn::Set(df, 0.5f)));
    const auto transparent = hn::RebindMask(df, hn::Eq(alpha_q, hn::Zero(di)));
    return hn::IfThenZeroElse(transparent, hn::Div(hn::Set(df, 255.0f), alpha));
  };
  int32_t x = 0;
  switch (channels) {
    case 1:
      for (; x + n <= width; x += n) hn::StoreU(ToByte(plane(0, x)), d8, dst + x);
      return StoreT<1>(planes, ps, width, false, dst, x);
    case 2:
      for (; x + n <= width; x += n) {
        const VF a = plane(1, x);
        const VF g = premultiply ? hn::Mul(plane(0, x), unpremultiply(a)) : plane(0, x);
        hn::StoreInterleaved2(ToByte(g), ToByte(a), d8, dst + 2 * x);
      }
      return StoreT<2>(planes, ps, width, premultiply, dst, x);
    case 3:
      for (; x + n <= width; x += n) {
        hn::StoreInterleaved3(ToByte(plane(0, x)), ToByte(plane(1, x)), ToByte(plane(2, x)), d8,
                              dst + 3 * x);
      }
      return StoreT<3>(planes, ps, width, false, dst, x);
    default:
      for (; x + n <= width; x += n) {
        const VF a = plane(3, x);
        VF r = plane(0, x), g = plane(1, x), b = plane(2, x);
        if (premultiply) {
          const VF k = unpremultiply(a);
          r = hn::Mul(r, k);
          g = hn::Mul(g, k);
          b = hn::Mul(b, k);
        }
        hn::StoreInterleaved4(ToByte(r), ToByte(g), ToByte(b), ToByte(a), d8, dst + 4 * x);
      }
      return StoreT<4>(planes, ps, width, premultiply, dst, x);
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace tk
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tk {

HWY_EXPORT(LoadRowU8Impl);
HWY_EXPORT(StoreRowU8Impl);

void LoadRowU8(uint32_t channels, bool premultiply, const uint8_t* src, int32_t width,
               float* planes, size_t plane_stride) {
  HWY_DYNAMIC_DISPATCH(LoadRowU8Impl)(channels, premultiply, src, width, planes, plane_stride);
}

void StoreRowU8(uint32_t channels, bool premultiply, const float* planes, size_t plane_stride,
                int32_t width, uint8_t* dst) {
  HWY_DYNAMIC_DISPATCH(StoreRowU8Impl)(channels, premultiply, planes, plane_stride, width, dst);
}

}  // namespace tk
#endif  // HWY_ONCE
