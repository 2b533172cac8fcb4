#include "resample/box_shrink.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <vector>

namespace tk {
namespace {

template <typename T>
T SampleAt(const uint8_t* row, size_t i) {
  T v;
  std::memcpy(&v, row + i * sizeof(T), sizeof(T));
  return v;
}

template <typename T>
void PutSample(uint8_t* row, size_t i, uint64_t v) {
  const T t = static_cast<T>(v);
  std::memcpy(row + i * sizeof(T), &t, sizeof(T));
}

// Sums in uint64: even 65535 * 65535 per pixel times a million pixels per block fits.
template <typename T>
void Shrink(const Image& src, uint32_t x0, uint32_t y0, uint32_t width, uint32_t height,
            uint32_t fx, uint32_t fy, bool alpha_weighted, Image& out) {
  const uint32_t ch = src.channels();
  const uint32_t alpha = ch - 1;
  const uint32_t ow = out.width();
  std::vector<uint64_t> sums(static_cast<size_t>(ow) * ch);
  std::vector<uint64_t> counts(ow);
  for (uint32_t oy = 0; oy < out.height(); ++oy) {
    std::fill(sums.begin(), sums.end(), 0);
    std::fill(counts.begin(), counts.end(), 0);
    const uint32_t rows = std::min(fy, height - oy * fy);
    for (uint32_t r = 0; r < rows; ++r) {
      const uint8_t* row = src.row(y0 + oy * fy + r);
      for (uint32_t ox = 0; ox < ow; ++ox) {
        const uint32_t cols = std::min(fx, width - ox * fx);
        uint64_t* s = &sums[static_cast<size_t>(ox) * ch];
        counts[ox] += cols;
        for (uint32_t k = 0; k < cols; ++k) {
          const size_t px = static_cast<size_t>(x0 + ox * fx + k) * ch;
          const uint64_t a = alpha_weighted ? SampleAt<T>(row, px + alpha) : 1;
          for (uint32_t c = 0; c < ch; ++c) {
            const uint64_t v = SampleAt<T>(row, px + c);
            s[c] += alpha_weighted && c != alpha ? v * a : v;
          }
        }
      }
    }
    uint8_t* dst = out.row(oy);
    for (uint32_t ox = 0; ox < ow; ++ox) {
      const uint64_t* s = &sums[static_cast<size_t>(ox) * ch];
      const uint64_t n = counts[ox];
      for (uint32_t c = 0; c < ch; ++c) {
        uint64_t v;
        if (alpha_weighted && c != alpha) {
          v = s[alpha] == 0 ? 0 : (s[c] + s[alpha] / 2) / s[alpha];
        } else {
          v = (s[c] + n / 2) / n;
        }
        PutSample<T>(dst, static_cast<size_t>(ox) * ch + c, v);
      }
    }
  }
}

// Rounded mean of n samples; n a power of two (2x2, 4x4 blocks) becomes a shift.
inline uint32_t Mean(uint32_t sum, uint32_t n, int shift) {
  return shift >= 0 ? (sum + (n >> 1)) >> shift : (sum + n / 2) / n;
}

int ShiftFor(uint32_t n) {
  return (n & (n - 1)) == 0 ? __builtin_ctz(n) : -1;
}

// 8-bit samples without alpha weighting (the common case, and the YCbCr path's chroma): the same
// means as Shrink. The fy rows of a block are first added column by column (flat runs the
// compiler vectorises, in uint16 while fy * 255 fits), then each output adds fx column sums once
// per block row instead of once per source row.
template <typename ColumnSum>
void ShrinkU8(const Image& src, uint32_t x0, uint32_t y0, uint32_t width, uint32_t height,
              uint32_t fx, uint32_t fy, Image& out) {
  const uint32_t ch = src.channels();
  const size_t samples = size_t{width} * ch;
  const uint32_t whole = width / fx;  // output columns whose block is fx wide
  const uint32_t last_cols = width - whole * fx;
  std::vector<ColumnSum> columns(samples);
  for (uint32_t oy = 0; oy < out.height(); ++oy) {
    const uint32_t rows = std::min(fy, height - oy * fy);
    ColumnSum* col = columns.data();
    const uint8_t* first = src.row(y0 + oy * fy) + size_t{x0} * ch;
    for (size_t j = 0; j < samples; ++j) col[j] = first[j];
    for (uint32_t r = 1; r < rows; ++r) {
      const uint8_t* row = src.row(y0 + oy * fy + r) + size_t{x0} * ch;
      for (size_t j = 0; j < samples; ++j) col[j] = static_cast<ColumnSum>(col[j] + row[j]);
    }
    uint8_t* dst = out.row(oy);
    const uint32_t n = rows * fx;
    const int shift = ShiftFor(n);
    if (ch == 1 && fx == 2) {  // the YCbCr path's chroma: a loop the compiler vectorises
      for (uint32_t i = 0; i < whole; ++i) {
        const uint32_t sum = uint32_t{col[2 * i]} + col[2 * i + 1];
        dst[i] = static_cast<uint8_t>(Mean(sum, n, shift));
      }
    } else {
      for (uint32_t i = 0; i < whole; ++i) {
        for (uint32_t c = 0; c < ch; ++c) {
          uint32_t sum = 0;
          for (uint32_t k = 0; k < fx; ++k) sum += col[(size_t{i} * fx + k) * ch + c];
          dst[size_t{i} * ch + c] = static_cast<uint8_t>(Mean(sum, n, shift));
        }
      }
    }
    if (last_cols > 0) {
      const uint32_t m = rows * last_cols;
      for (uint32_t c = 0; c < ch; ++c) {
        uint32_t sum = 0;
        for (uint32_t k = 0; k < last_cols; ++k) sum += col[(size_t{whole} * fx + k) * ch + c];
        dst[size_t{whole} * ch + c] = static_cast<uint8_t>(Mean(sum, m, ShiftFor(m)));
      }
    }
  }
}

}  // namespace

Status BoxShrink(const Image& src, uint32_t x0, uint32_t y0, uint32_t width, uint32_t height,
                 uint32_t fx, uint32_t fy, bool alpha_weighted, Image& out) {
  const uint32_t ow = (width + fx - 1) / fx;
  const uint32_t oh = (height + fy - 1) / fy;
  TK_RETURN_IF_ERROR(Image::Allocate(ow, oh, src.channels(), src.bytes_per_sample(), out));
  alpha_weighted = alpha_weighted && (src.channels() == 2 || src.channels() == 4);
  try {
    if (src.bytes_per_sample() == 2) {
      Shrink<uint16_t>(src, x0, y0, width, height, fx, fy, alpha_weighted, out);
    } else if (!alpha_weighted && fy <= 257) {  // column sums fit in uint16
      ShrinkU8<uint16_t>(src, x0, y0, width, height, fx, fy, out);
    } else if (!alpha_weighted && uint64_t{fx} * fy <= (1u << 24)) {  // block sums fit in uint32
      ShrinkU8<uint32_t>(src, x0, y0, width, height, fx, fy, out);
    } else {
      Shrink<uint8_t>(src, x0, y0, width, height, fx, fy, alpha_weighted, out);
    }
  } catch (const std::bad_alloc&) {
    return Status(TK_ERR_OUT_OF_MEMORY, "cannot allocate the box shrink's row sums");
  }
  return OkStatus();
}

}  // namespace tk
