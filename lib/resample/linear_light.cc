#include "resample/linear_light.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace tk {
namespace {

// IEC 61966-2-1, on [0, 1].
double Decode(double e) {
  return e <= 0.04045 ? e / 12.92 : std::pow((e + 0.055) / 1.055, 2.4);
}

double Encode(double l) {
  return l <= 0.0031308 ? l * 12.92 : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
}

std::vector<float> MakeDecodeTable(uint32_t levels) {
  std::vector<float> table(levels);
  const double max = levels - 1;
  for (uint32_t i = 0; i < levels; ++i) table[i] = static_cast<float>(Decode(i / max) * max);
  return table;
}

// Linear values halfway between consecutive 8-bit codes: the code of v is the number of
// boundaries below it, which makes 8-bit encoding exact without pow() per sample.
std::array<float, 255> MakeBoundaries8() {
  std::array<float, 255> b;
  for (int i = 0; i < 255; ++i) b[i] = static_cast<float>(Decode((i + 0.5) / 255.0) * 255.0);
  return b;
}

}  // namespace

const float* SrgbToLinearTable(uint32_t bytes_per_sample) {
  static const std::vector<float> table8 = MakeDecodeTable(256);
  if (bytes_per_sample == 1) return table8.data();
  static const std::vector<float> table16 = MakeDecodeTable(65536);
  return table16.data();
}

uint32_t LinearToSrgb(float v, uint32_t bytes_per_sample) {
  if (bytes_per_sample == 1) {
    static const std::array<float, 255> boundaries = MakeBoundaries8();
    return static_cast<uint32_t>(std::upper_bound(boundaries.begin(), boundaries.end(), v) -
                                 boundaries.begin());
  }
  const double e = Encode(std::clamp(v / 65535.0, 0.0, 1.0)) * 65535.0;
  return static_cast<uint32_t>(std::lround(e));
}

}  // namespace tk
