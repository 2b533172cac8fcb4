// Separable resampling of a pixel buffer (or a sub-pixel box of it) to any size.
#pragma once

#include "core/image.h"
#include "core/status.h"
#include "thumbkit/thumbkit.h"

namespace tk {

// A rectangle in source pixel coordinates; may be fractional. The whole image is
// {0, 0, width, height}.
struct CropBox {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

struct ResizeOptions {
  tk_kernel kernel = TK_KERNEL_LANCZOS3;
  // Images with alpha (2 or 4 channels) are resampled premultiplied, then unpremultiplied,
  // so transparent pixels leave no dark fringes. False: treat every channel alike.
  bool premultiply_alpha = true;
  // Decode sRGB to linear light before resampling and encode after (colour channels; alpha is
  // linear already). Better for high-contrast detail, costs a float path.
  bool linear_light = false;
  // When > 0 (and >= 1), first box-shrink by the integer factor floor(scale / reducing_gap) per
  // axis, leaving at least reducing_gap times the target size for the exact kernel (Pillow's
  // reducing_gap): faster for large factors and bounds memory, at a small fidelity cost (3.0 is
  // hard to tell from exact). 0: exact kernel only. Ignored with linear_light.
  double reducing_gap = 0;
};

// Resamples `box` of `src` into `dst`, which the caller allocated with the target size and the
// same channels and sample size as `src`. Shrinking widens the kernel (area-correct, no aliasing);
// weights are normalised so flat colour stays flat. Samples outside the image clamp to the edge.
Status Resize(const Image& src, const CropBox& box, const ResizeOptions& options, Image& dst);

// The kernel's support radius at scale 1 (e.g. 3 for Lanczos3) and its value at x.
double KernelSupport(tk_kernel kernel);
double KernelValue(tk_kernel kernel, double x);

}  // namespace tk
