// Separable resize: coefficient tables per axis, then a horizontal and a vertical pass through
// float rows, in whichever order costs fewer multiply-adds.
#include "resample/resample.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>

#include "resample/coefficients.h"
#include "resample/kernels.h"
#include "resample/passes.h"

namespace tk {
namespace {

// Zero-filled malloc'd floats: the zeros are the readable padding the horizontal pass relies on.
class FloatBuffer {
 public:
  Status Allocate(size_t count, const char* what) {
    if (count > std::numeric_limits<size_t>::max() / sizeof(float)) count = 0;  // overflow
    data_.reset(count == 0 ? nullptr : static_cast<float*>(std::calloc(count, sizeof(float))));
    if (data_ == nullptr) {
      return Status(TK_ERR_OUT_OF_MEMORY,
                    std::string("cannot allocate the resampler's ") + what + " buffer");
    }
    return OkStatus();
  }
  float* get() { return data_.get(); }

 private:
  std::unique_ptr<float, FreeDeleter> data_;
};

// Rows are kept in a ring indexed by row number modulo its size: output windows only move
// forward, so `taps` slots hold every row one output needs and each row is made once.
class RowRing {
 public:
  Status Allocate(int32_t slots, size_t row_floats) {
    slots_ = slots;
    row_floats_ = row_floats;
    if (row_floats != 0 &&
        static_cast<size_t>(slots) > std::numeric_limits<size_t>::max() / row_floats) {
      return Status(TK_ERR_OUT_OF_MEMORY, "resampler row buffer too large");
    }
    TK_RETURN_IF_ERROR(rows_.Allocate(static_cast<size_t>(slots) * row_floats, "row"));
    pointers_.reset(static_cast<const float**>(std::malloc(sizeof(float*) * slots)));
    if (pointers_ == nullptr) return Status(TK_ERR_OUT_OF_MEMORY, "resampler row pointers");
    return OkStatus();
  }
  float* Slot(int32_t row) { return rows_.get() + static_cast<size_t>(row % slots_) * row_floats_; }
  // Pointers to rows first .. first + slots - 1, in order.
  const float* const* Window(int32_t first) {
    for (int32_t t = 0; t < slots_; ++t) pointers_.get()[t] = Slot(first + t);
    return pointers_.get();
  }

 private:
  int32_t slots_ = 0;
  size_t row_floats_ = 0;
  FloatBuffer rows_;
  std::unique_ptr<const float*, FreeDeleter> pointers_;
};

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

// Horizontal pass on each needed source row into a ring of dst-width rows, then vertical.
Status HorizontalFirst(const Plan& p) {
  const uint32_t channels = p.format.channels;
  const size_t in_plane =
      static_cast<size_t>(p.x.span_end - p.x.span_begin) + AxisCoefficients::kTapAlign;
  const size_t mid_plane = static_cast<size_t>(p.x.dst_size);
  FloatBuffer in, acc;
  RowRing ring;
  TK_RETURN_IF_ERROR(in.Allocate(channels * in_plane, "source row"));
  TK_RETURN_IF_ERROR(acc.Allocate(channels * mid_plane, "output row"));
  TK_RETURN_IF_ERROR(ring.Allocate(p.y.taps, channels * mid_plane));

  int32_t next_row = 0;
  for (int32_t oy = 0; oy < p.y.dst_size; ++oy) {
    const int32_t first = p.y.first[static_cast<size_t>(oy)];
    for (int32_t r = std::max(next_row, first); r < first + p.y.taps; ++r) {
      LoadRow(p.format, SourceSpan(p, r), p.x.span_end - p.x.span_begin, in.get(), in_plane);
      HorizontalPass(p.x, channels, in.get(), in_plane, ring.Slot(r), mid_plane);
    }
    next_row = std::max(next_row, first + p.y.taps);
    VerticalPass(ring.Window(first), &p.y.weights[static_cast<size_t>(oy) * p.y.stride], p.y.taps,
                 channels * mid_plane, acc.get());
    StoreRow(p.format, acc.get(), mid_plane, p.x.dst_size, p.dst.row(static_cast<uint32_t>(oy)));
  }
  return OkStatus();
}

// Vertical pass over a ring of converted source rows, then horizontal on the single result.
Status VerticalFirst(const Plan& p) {
  const uint32_t channels = p.format.channels;
  const size_t in_plane =
      static_cast<size_t>(p.x.span_end - p.x.span_begin) + AxisCoefficients::kTapAlign;
  const size_t out_plane = static_cast<size_t>(p.x.dst_size);
  FloatBuffer mid, out;
  RowRing ring;
  TK_RETURN_IF_ERROR(ring.Allocate(p.y.taps, channels * in_plane));
  TK_RETURN_IF_ERROR(mid.Allocate(channels * in_plane, "intermediate row"));
  TK_RETURN_IF_ERROR(out.Allocate(channels * out_plane, "output row"));

  int32_t next_row = 0;
  for (int32_t oy = 0; oy < p.y.dst_size; ++oy) {
    const int32_t first = p.y.first[static_cast<size_t>(oy)];
    for (int32_t r = std::max(next_row, first); r < first + p.y.taps; ++r) {
      LoadRow(p.format, SourceSpan(p, r), p.x.span_end - p.x.span_begin, ring.Slot(r), in_plane);
    }
    next_row = std::max(next_row, first + p.y.taps);
    // Runs over the zero padding too, which keeps it zero for the horizontal pass.
    VerticalPass(ring.Window(first), &p.y.weights[static_cast<size_t>(oy) * p.y.stride], p.y.taps,
                 channels * in_plane, mid.get());
    HorizontalPass(p.x, channels, mid.get(), in_plane, out.get(), out_plane);
    StoreRow(p.format, out.get(), out_plane, p.x.dst_size, p.dst.row(static_cast<uint32_t>(oy)));
  }
  return OkStatus();
}

// Multiply-adds per channel of each order (as stb_image_resize2 weighs them).
bool HorizontalFirstIsCheaper(const AxisCoefficients& x, const AxisCoefficients& y) {
  const double src_rows = y.span_end - y.span_begin;
  const double src_cols = x.span_end - x.span_begin;
  const double out_pixels = static_cast<double>(x.dst_size) * y.dst_size;
  const double h_first = static_cast<double>(x.stride) * x.dst_size * src_rows +
                         static_cast<double>(y.taps) * out_pixels;
  const double v_first = static_cast<double>(y.taps) * src_cols * y.dst_size +
                         static_cast<double>(x.stride) * out_pixels;
  return h_first <= v_first;
}

}  // namespace

Status Resize(const Image& src, const CropBox& box, const ResizeOptions& options, Image& dst) {
  TK_RETURN_IF_ERROR(Validate(src, box, options, dst));
  AxisCoefficients x, y;
  TK_RETURN_IF_ERROR(ComputeAxisCoefficients(options.kernel, static_cast<int32_t>(src.width()),
                                             box.x, box.width, static_cast<int32_t>(dst.width()),
                                             x));
  TK_RETURN_IF_ERROR(ComputeAxisCoefficients(options.kernel, static_cast<int32_t>(src.height()),
                                             box.y, box.height, static_cast<int32_t>(dst.height()),
                                             y));
  SampleFormat format;
  format.channels = src.channels();
  format.bytes_per_sample = src.bytes_per_sample();
  format.premultiply = options.premultiply_alpha && src.has_alpha();
  const Plan plan{src, dst, format, x, y};
  return HorizontalFirstIsCheaper(x, y) ? HorizontalFirst(plan) : VerticalFirst(plan);
}

}  // namespace tk
