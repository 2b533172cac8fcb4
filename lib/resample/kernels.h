// Internal helpers around the filter kernels declared in resample.h.
#pragma once

#include "thumbkit/thumbkit.h"

namespace tk {

// True for the values of tk_kernel this library implements.
bool IsKnownKernel(tk_kernel kernel);

}  // namespace tk
