// Filter kernels of the separable resampler, evaluated at scale 1 (the caller stretches them).
#include "resample/kernels.h"

#include <cmath>

#include "resample/resample.h"

namespace tk {
namespace {

constexpr double kPi = 3.14159265358979323846;

double Sinc(double x) {
  if (x == 0.0) return 1.0;
  const double px = kPi * x;
  return std::sin(px) / px;
}

// Mitchell-Netravali family: B = 0, C = 0.5 is Catmull-Rom; B = C = 1/3 is Mitchell.
double BcCubic(double x, double b, double c) {
  x = std::fabs(x);
  if (x < 1.0) {
    return ((12 - 9 * b - 6 * c) * x * x * x + (-18 + 12 * b + 6 * c) * x * x + (6 - 2 * b)) / 6;
  }
  if (x < 2.0) {
    return ((-b - 6 * c) * x * x * x + (6 * b + 30 * c) * x * x + (-12 * b - 48 * c) * x +
            (8 * b + 24 * c)) /
           6;
  }
  return 0.0;
}

double Lanczos(double x, double lobes) {
  x = std::fabs(x);
  if (x >= lobes) return 0.0;
  return Sinc(x) * Sinc(x / lobes);
}

}  // namespace

bool IsKnownKernel(tk_kernel kernel) {
  switch (kernel) {
    case TK_KERNEL_NEAREST:
    case TK_KERNEL_BOX:
    case TK_KERNEL_LINEAR:
    case TK_KERNEL_CUBIC:
    case TK_KERNEL_MITCHELL:
    case TK_KERNEL_LANCZOS2:
    case TK_KERNEL_LANCZOS3:
      return true;
    default:
      break;
  }
  return false;
}

double KernelSupport(tk_kernel kernel) {
  switch (kernel) {
    case TK_KERNEL_NEAREST:
    case TK_KERNEL_BOX:
      return 0.5;
    case TK_KERNEL_LINEAR:
      return 1.0;
    case TK_KERNEL_CUBIC:
    case TK_KERNEL_MITCHELL:
    case TK_KERNEL_LANCZOS2:
      return 2.0;
    case TK_KERNEL_LANCZOS3:
      return 3.0;
    default:
      break;
  }
  return 0.0;
}

double KernelValue(tk_kernel kernel, double x) {
  switch (kernel) {
    case TK_KERNEL_NEAREST:
    case TK_KERNEL_BOX:
      // Half-open so that a point exactly between two pixels belongs to exactly one of them,
      // matching "pixel j covers [j, j + 1)".
      return (x >= -0.5 && x < 0.5) ? 1.0 : 0.0;
    case TK_KERNEL_LINEAR:
      return std::fabs(x) < 1.0 ? 1.0 - std::fabs(x) : 0.0;
    case TK_KERNEL_CUBIC:
      return BcCubic(x, 0.0, 0.5);
    case TK_KERNEL_MITCHELL:
      return BcCubic(x, 1.0 / 3.0, 1.0 / 3.0);
    case TK_KERNEL_LANCZOS2:
      return Lanczos(x, 2.0);
    case TK_KERNEL_LANCZOS3:
      return Lanczos(x, 3.0);
    default:
      break;
  }
  return 0.0;
}

}  // namespace tk
