// Separable resize: coefficient tables per axis (cached), then a horizontal and a vertical pass
// through planar rows (Q6 int16 or float), in whichever order costs fewer multiply-adds; an
// optional integer box pre-shrink first for large factors.
#include "resample/resample.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>

#include "resample/box_shrink.h"
#include "resample/coefficients.h"
#include "resample/kernels.h"
#include "resample/passes.h"
#include "resample/plan_cache.h"

namespace tk {
namespace {

// Zero-filled malloc'd samples: the zeros are the readable padding the horizontal pass relies on.
template <typename T>
class SampleBuffer {
 public:
  Status Allocate(size_t count, const char* what) {
    if (count > std::numeric_limits<size_t>::max() / sizeof(T)) count = 0;  // overflow
    data_.reset(count == 0 ? nullptr : static_cast<T*>(std::calloc(count, sizeof(T))));
    if (data_ == nullptr) {
      return Status(TK_ERR_OUT_OF_MEMORY,
                    std::string("cannot allocate the resampler's ") + what + " buffer");
    }
    return OkStatus();
  }
  T* get() { return data_.get(); }

 private:
  std::unique_ptr<T, FreeDeleter> data_;
};

// Rows are kept in a ring indexed by row number modulo its size: output windows only move
// forward, so `taps` slots hold every row one output needs and each row is made once.
template <typename T>
class RowRing {
 public:
  Status Allocate(int32_t slots, size_t row_samples) {
    slots_ = slots;
    row_samples_ = row_samples;
    if (row_samples != 0 &&
        static_cast<size_t>(slots) > std::numeric_limits<size_t>::max() / row_samples) {
      return Status(TK_ERR_OUT_OF_MEMORY, "resampler row buffer too large");
    }
    TK_RETURN_IF_ERROR(rows_.Allocate(static_cast<size_t>(slots) * row_samples, "row"));
    // One spare pointer: the integer vertical pass reads taps in pairs.
    pointers_.reset(static_cast<const T**>(std::malloc(sizeof(T*) * (slots + 1))));
    if (pointers_ == nullptr) return Status(TK_ERR_OUT_OF_MEMORY, "resampler row pointers");
    return OkStatus();
  }
  T* Slot(int32_t row) { return rows_.get() + static_cast<size_t>(row % slots_) * row_samples_; }
  // Pointers to rows first .. first + slots - 1, in order.
  const T* const* Window(int32_t first) {
    for (int32_t t = 0; t < slots_; ++t) pointers_.get()[t] = Slot(first + t);
    pointers_.get()[slots_] = pointers_.get()[slots_ - 1];
    return pointers_.get();
  }

 private:
  int32_t slots_ = 0;
  size_t row_samples_ = 0;
  SampleBuffer<T> rows_;
  std::unique_ptr<const T*, FreeDeleter> pointers_;
};

// The two sample representations the drivers below run on (see passes.h).
struct FloatPath {
  using Sample = float;
  static const float* Weights(const AxisCoefficients& a, int32_t i) {
    return &a.weights[static_cast<size_t>(i) * a.stride];
  }
  static void Load(const SampleFormat& f, const uint8_t* src, int32_t w, float* planes, size_t ps) {
    LoadRow(f, src, w, planes, ps);
  }
  static void Store(const SampleFormat& f, const float* planes, size_t ps, int32_t w,
                    uint8_t* dst) {
    StoreRow(f, planes, ps, w, dst);
  }
};

struct FixedPath {
  using Sample = int16_t;
  static const int16_t* Weights(const AxisCoefficients& a, int32_t i) {
    return &a.fixed_weights[static_cast<size_t>(i) * a.fixed_stride];
  }
  static void Load(const SampleFormat& f, const uint8_t* src, int32_t w, int16_t* planes,
                   size_t ps) {
    LoadRow(f.channels, src, w, planes, ps);
  }
  static void Store(const SampleFormat& f, const int16_t* planes, size_t ps, int32_t w,
                    uint8_t* dst) {
    StoreRow(f.channels, planes, ps, w, dst);
  }
};

size_t RoundUpToRow(size_t n) {
  return (n + kRowAlign - 1) / kRowAlign * kRowAlign;
}

constexpr double kMaxSide = std::numeric_limits<int32_t>::max() / 2;

Status Invalid(const std::string& message) {
  return Status(TK_ERR_INVALID_ARGUMENT, "resize: " + message);
}

Status CheckImage(const Image& image, const char* name) {
  const std::string n(name);
  if (image.empty() || image.width() == 0 || image.height() == 0) return Invalid(n + " is empty");
  if (image.width() > kMaxSide || image.height() > kMaxSide) return Invalid(n + " is too large");
  if (image.channels() < 1 || image.channels() > 4) {
    return Invalid(n + " has " + std::to_string(image.channels()) + " channels, not 1..4");
  }
  if (image.bytes_per_sample() != 1 && image.bytes_per_sample() != 2) {
    return Invalid(n + " has " + std::to_string(image.bytes_per_sample()) +
                   " bytes per sample, not 1 or 2");
  }
  if (image.stride() < image.width() * image.pixel_bytes()) {
    return Invalid(n + " stride is shorter than a row");
  }
  if (image.bytes_per_sample() == 2 &&
      (reinterpret_cast<uintptr_t>(image.data()) % 2 != 0 || image.stride() % 2 != 0)) {
    return Invalid(n + " has 16-bit samples that are not 2-byte aligned");
  }
  return OkStatus();
}

Status CheckBoxAxis(double origin, double size, uint32_t extent, const char* axis) {
  const std::string a(axis);
  if (!std::isfinite(origin) || !std::isfinite(size) || !(size > 0)) {
    return Invalid("crop box " + a + " size must be positive and finite");
  }
  // A little slack for boxes computed in floating point, e.g. x + (width - x).
  const double slack = 1e-9 * std::max(1.0, static_cast<double>(extent));
  if (origin < -slack || origin + size > extent + slack) {
    return Invalid("crop box " + a + " range [" + std::to_string(origin) + ", " +
                   std::to_string(origin + size) + ") is outside the image (0.." +
                   std::to_string(extent) + ")");
  }
  return OkStatus();
}

Status Validate(const Image& src, const CropBox& box, const ResizeOptions& options,
                const Image& dst) {
  TK_RETURN_IF_ERROR(CheckImage(src, "source"));
  TK_RETURN_IF_ERROR(CheckImage(dst, "destination"));
  if (src.channels() != dst.channels() || src.bytes_per_sample() != dst.bytes_per_sample()) {
    return Invalid("source and destination differ in channels or sample size");
  }
  if (!IsKnownKernel(options.kernel)) {
    return Invalid("unknown kernel " + std::to_string(static_cast<int>(options.kernel)));
  }
  TK_RETURN_IF_ERROR(CheckBoxAxis(box.x, box.width, src.width(), "x"));
  TK_RETURN_IF_ERROR(CheckBoxAxis(box.y, box.height, src.height(), "y"));
  if (!std::isfinite(options.reducing_gap) || options.reducing_gap < 0) {
    return Invalid("reducing_gap must be 0 (off) or a finite positive number");
  }
  return OkStatus();
}

struct Plan {
  const Image& src;
  Image& dst;
  SampleFormat format;
  const AxisCoefficients& x;
  const AxisCoefficients& y;
};

const uint8_t* SourceSpan(const Plan& p, int32_t row) {
  return p.src.row(static_cast<uint32_t>(row)) +
         static_cast<size_t>(p.x.span_begin) * p.src.pixel_bytes();
}

// A source-span plane: the span, then zeros the horizontal pass may read past it.
size_t SpanPlane(const AxisCoefficients& x) {
  return RoundUpToRow(static_cast<size_t>(x.span_end - x.span_begin) +
                      AxisCoefficients::kFixedTapAlign);
}

// Horizontal pass on each needed source row into a ring of dst-width rows, then vertical.
template <class Path>
Status HorizontalFirst(const Plan& p) {
  using T = typename Path::Sample;
  const uint32_t channels = p.format.channels;
  const size_t in_plane = SpanPlane(p.x);
  const size_t mid_plane = RoundUpToRow(static_cast<size_t>(p.x.dst_size));
  SampleBuffer<T> in, acc;
  RowRing<T> ring;
  TK_RETURN_IF_ERROR(in.Allocate(channels * in_plane, "source row"));
  TK_RETURN_IF_ERROR(acc.Allocate(channels * mid_plane, "output row"));
  TK_RETURN_IF_ERROR(ring.Allocate(p.y.taps, channels * mid_plane));

  int32_t next_row = 0;
  for (int32_t oy = 0; oy < p.y.dst_size; ++oy) {
    const int32_t first = p.y.first[static_cast<size_t>(oy)];
    for (int32_t r = std::max(next_row, first); r < first + p.y.taps; ++r) {
      Path::Load(p.format, SourceSpan(p, r), p.x.span_end - p.x.span_begin, in.get(), in_plane);
      HorizontalPass(p.x, channels, in.get(), in_plane, ring.Slot(r), mid_plane);
    }
    next_row = std::max(next_row, first + p.y.taps);
    VerticalPass(ring.Window(first), Path::Weights(p.y, oy), p.y.taps, channels * mid_plane,
                 acc.get());
    Path::Store(p.format, acc.get(), mid_plane, p.x.dst_size, p.dst.row(static_cast<uint32_t>(oy)));
  }
  return OkStatus();
}

// Vertical pass over a ring of converted source rows, then horizontal on the single result.
template <class Path>
Status VerticalFirst(const Plan& p) {
  using T = typename Path::Sample;
  const uint32_t channels = p.format.channels;
  const size_t in_plane = SpanPlane(p.x);
  const size_t out_plane = RoundUpToRow(static_cast<size_t>(p.x.dst_size));
  SampleBuffer<T> mid, out;
  RowRing<T> ring;
  TK_RETURN_IF_ERROR(ring.Allocate(p.y.taps, channels * in_plane));
  TK_RETURN_IF_ERROR(mid.Allocate(channels * in_plane, "intermediate row"));
  TK_RETURN_IF_ERROR(out.Allocate(channels * out_plane, "output row"));

  int32_t next_row = 0;
  for (int32_t oy = 0; oy < p.y.dst_size; ++oy) {
    const int32_t first = p.y.first[static_cast<size_t>(oy)];
    for (int32_t r = std::max(next_row, first); r < first + p.y.taps; ++r) {
      Path::Load(p.format, SourceSpan(p, r), p.x.span_end - p.x.span_begin, ring.Slot(r), in_plane);
    }
    next_row = std::max(next_row, first + p.y.taps);
    // Runs over the zero padding too, which keeps it zero for the horizontal pass.
    VerticalPass(ring.Window(first), Path::Weights(p.y, oy), p.y.taps, channels * in_plane,
                 mid.get());
    HorizontalPass(p.x, channels, mid.get(), in_plane, out.get(), out_plane);
    Path::Store(p.format, out.get(), out_plane, p.x.dst_size, p.dst.row(static_cast<uint32_t>(oy)));
  }
  return OkStatus();
}

// The integer vertical pass reads 8-bit source rows in place, interleaved (it does not care
// about layout): no ring and no conversion of every source row. Neighbouring output rows whose
// windows overlap enough go through it together over the union of their windows
// (widening and interleaving a source row once for both). Only the output rows are
// deinterleaved for the horizontal pass.
Status VerticalFirstFixed(const Plan& p) {
  const uint32_t channels = p.format.channels;
  const int32_t span = p.x.span_end - p.x.span_begin;
  const size_t count = static_cast<size_t>(span) * channels;
  const int32_t taps = p.y.taps;
  // Together, a pair of rows costs its shuffles once and its multiply-adds twice over the union;
  // apart, both twice over `taps` rows: with the two about equal, together wins below ~taps / 3
  // (measured: 8x linear, 17 taps 8 apart, is 10% slower together).
  const int32_t max_gap = taps / 3;
  const size_t max_union = static_cast<size_t>(taps + max_gap) + 2;
  const size_t in_plane = SpanPlane(p.x);
  const size_t out_plane = RoundUpToRow(static_cast<size_t>(p.x.dst_size));
  SampleBuffer<int16_t> mid, mid2, planes, out, union_weights;
  SampleBuffer<const uint8_t*> rows;
  TK_RETURN_IF_ERROR(mid.Allocate(count, "intermediate row"));
  TK_RETURN_IF_ERROR(mid2.Allocate(count, "intermediate row"));
  TK_RETURN_IF_ERROR(planes.Allocate(channels * in_plane, "intermediate planes"));
  TK_RETURN_IF_ERROR(out.Allocate(channels * out_plane, "output row"));
  TK_RETURN_IF_ERROR(rows.Allocate(max_union, "row pointer"));
  TK_RETURN_IF_ERROR(union_weights.Allocate(2 * max_union, "union weights"));
  const auto finish_row = [&](const int16_t* vertical, int32_t oy) {
    LoadRow(channels, vertical, span, planes.get(), in_plane);
    HorizontalPass(p.x, channels, planes.get(), in_plane, out.get(), out_plane);
    StoreRow(channels, out.get(), out_plane, p.x.dst_size, p.dst.row(static_cast<uint32_t>(oy)));
  };
  const auto window = [&](int32_t first, int32_t rows_in_window) {
    for (int32_t t = 0; t < rows_in_window; ++t) rows.get()[t] = SourceSpan(p, first + t);
    rows.get()[rows_in_window] = rows.get()[rows_in_window - 1];
  };
  for (int32_t oy = 0; oy < p.y.dst_size; ++oy) {
    const int32_t first = p.y.first[static_cast<size_t>(oy)];
    const int32_t gap =
        oy + 1 < p.y.dst_size ? p.y.first[static_cast<size_t>(oy) + 1] - first : max_gap + 1;
    if (gap > max_gap) {
      window(first, taps);
      VerticalPass(rows.get(), FixedPath::Weights(p.y, oy), taps, count, mid.get());
      finish_row(mid.get(), oy);
      continue;
    }
    // Rows first .. first + gap + taps - 1; output oy's weights end at taps, oy + 1's start at
    // gap (both padded with zeros to an even count).
    const int32_t union_taps = gap + taps;
    int16_t* wa = union_weights.get();
    int16_t* wb = wa + max_union;
    std::fill(wa, wa + 2 * max_union, 0);
    std::copy_n(FixedPath::Weights(p.y, oy), taps, wa);
    std::copy_n(FixedPath::Weights(p.y, oy + 1), taps, wb + gap);
    window(first, union_taps);
    VerticalPass2(rows.get(), wa, wb, union_taps, count, mid.get(), mid2.get());
    finish_row(mid.get(), oy);
    finish_row(mid2.get(), oy + 1);
    ++oy;
  }
  return OkStatus();
}

// Vector work of each order: a vertical output sample costs about taps / 8 vector operations,
// a horizontal one that plus a fixed ~8 for reducing its dot product across lanes. Unless the
// vertical pass's window of source-width rows would not stay in cache (tall windows of wide
// rows, e.g. 280 Mpx to a thumbnail): then it streams from memory once per output row, and the
// horizontal-first ring of output-width rows wins (measured 574 -> 168 ms on 20000x14000 grey to
// 256 wide, whose window is 37 MB).
bool HorizontalFirstIsBetter(const Plan& p, bool fixed_point) {
  const AxisCoefficients& x = p.x;
  const AxisCoefficients& y = p.y;
  const double src_rows = y.span_end - y.span_begin;
  const double src_cols = x.span_end - x.span_begin;
  const double h_output = 8.0 + x.taps / 8.0;
  const double v_sample = y.taps / 8.0;
  const double h_first = h_output * x.dst_size * src_rows + v_sample * x.dst_size * y.dst_size;
  const double v_first = v_sample * src_cols * y.dst_size + h_output * x.dst_size * y.dst_size;
  constexpr double kCachedWindow = 4.0 * (1 << 20);
  // The fixed-point vertical pass reads 8-bit source rows in place; the float one a ring of
  // float rows.
  const double sample_bytes = fixed_point ? 1.0 : 4.0;
  const double v_window = static_cast<double>(y.taps) * src_cols * p.format.channels * sample_bytes;
  if (v_window > kCachedWindow && x.dst_size < src_cols) return true;
  return h_first <= v_first;
}

// Integer arithmetic is exact enough for 8-bit samples unless alpha is premultiplied, the
// samples are sRGB-decoded or a window is so wide that Q14 rounding adds up.
bool UseFixedPoint(const Plan& p) {
  constexpr int32_t kMaxFixedTaps = 64;
  return p.format.bytes_per_sample == 1 && !p.format.premultiply && !p.format.linear &&
         p.x.taps <= kMaxFixedTaps && p.y.taps <= kMaxFixedTaps;
}

Status Run(const Plan& p) {
  const bool fixed_point = UseFixedPoint(p);
  const bool h_first = HorizontalFirstIsBetter(p, fixed_point);
  if (fixed_point) return h_first ? HorizontalFirst<FixedPath>(p) : VerticalFirstFixed(p);
  return h_first ? HorizontalFirst<FloatPath>(p) : VerticalFirst<FloatPath>(p);
}

// Box pre-shrink factor of one axis: leaves at least `gap` times the target size for the kernel.
uint32_t PreShrinkFactor(double box_size, uint32_t dst_size, double gap) {
  if (!(gap >= 1.0)) return 1;
  const double f = std::floor(box_size / dst_size / gap);
  return f >= 2 ? static_cast<uint32_t>(std::min(f, 65536.0)) : 1;
}

// Box-shrinks the pixels under `box` by integer factors, then resamples the rest exactly.
Status PreShrinkThenResize(const Image& src, const CropBox& box, const ResizeOptions& options,
                           uint32_t fx, uint32_t fy, Image& dst) {
  const auto lo = [](double v) { return static_cast<uint32_t>(std::max(0.0, std::floor(v))); };
  const uint32_t x0 = std::min(lo(box.x), src.width() - 1);
  const uint32_t y0 = std::min(lo(box.y), src.height() - 1);
  const uint32_t x1 =
      std::clamp(static_cast<uint32_t>(std::ceil(box.x + box.width)), x0 + 1, src.width());
  const uint32_t y1 =
      std::clamp(static_cast<uint32_t>(std::ceil(box.y + box.height)), y0 + 1, src.height());
  Image shrunk;
  TK_RETURN_IF_ERROR(
      BoxShrink(src, x0, y0, x1 - x0, y1 - y0, fx, fy, options.premultiply_alpha, shrunk));
  CropBox inner{(box.x - x0) / fx, (box.y - y0) / fy, box.width / fx, box.height / fy};
  inner.x = std::max(0.0, inner.x);
  inner.y = std::max(0.0, inner.y);
  inner.width = std::min(inner.width, shrunk.width() - inner.x);
  inner.height = std::min(inner.height, shrunk.height() - inner.y);
  ResizeOptions rest = options;
  rest.reducing_gap = 0;
  return Resize(shrunk, inner, rest, dst);
}

}  // namespace

Status Resize(const Image& src, const CropBox& box, const ResizeOptions& options, Image& dst) {
  TK_RETURN_IF_ERROR(Validate(src, box, options, dst));
  // Averaging sRGB-encoded samples would undo linear light, so the pre-shrink skips it.
  if (options.reducing_gap > 0 && !options.linear_light) {
    const uint32_t fx = PreShrinkFactor(box.width, dst.width(), options.reducing_gap);
    const uint32_t fy = PreShrinkFactor(box.height, dst.height(), options.reducing_gap);
    if (fx > 1 || fy > 1) return PreShrinkThenResize(src, box, options, fx, fy, dst);
  }
  std::shared_ptr<const AxisCoefficients> x, y;
  TK_RETURN_IF_ERROR(CachedAxisCoefficients({options.kernel, static_cast<int32_t>(src.width()),
                                             box.x, box.width, static_cast<int32_t>(dst.width())},
                                            x));
  TK_RETURN_IF_ERROR(CachedAxisCoefficients({options.kernel, static_cast<int32_t>(src.height()),
                                             box.y, box.height, static_cast<int32_t>(dst.height())},
                                            y));
  SampleFormat format;
  format.channels = src.channels();
  format.bytes_per_sample = src.bytes_per_sample();
  format.premultiply = options.premultiply_alpha && src.has_alpha();
  format.linear = options.linear_light;
  return Run(Plan{src, dst, format, *x, *y});
}

}  // namespace tk
