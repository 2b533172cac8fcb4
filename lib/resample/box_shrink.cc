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
    } else {
      Shrink<uint8_t>(src, x0, y0, width, height, fx, fy, alpha_weighted, out);
    }
  } catch (const std::bad_alloc&) {
    return Status(TK_ERR_OUT_OF_MEMORY, "cannot allocate the box shrink's row sums");
  }
  return OkStatus();
}

}  // namespace tk
