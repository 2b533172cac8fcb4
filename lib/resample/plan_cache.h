// Coefficient tables shared across calls and threads: batches of same-sized images (avatars)
// compute each table once.
#pragma once

#include <cstdint>
#include <memory>

#include "core/status.h"
#include "resample/coefficients.h"
#include "thumbkit/thumbkit.h"

namespace tk {

struct AxisKey {
  tk_kernel kernel = TK_KERNEL_LANCZOS3;
  int32_t src_size = 0;
  double box_origin = 0;
  double box_size = 0;
  int32_t dst_size = 0;
};

// The table for `key` (see ComputeAxisCoefficients), from a small bounded LRU cache guarded by a
// mutex, or computed and added to it. Tables are immutable once shared.
Status CachedAxisCoefficients(const AxisKey& key, std::shared_ptr<const AxisCoefficients>& out);

}  // namespace tk
