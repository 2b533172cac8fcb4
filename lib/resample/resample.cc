// PLACEHOLDER until the resampler lands.
#include "resample/resample.h"
namespace tk {
Status Resize(const Image&, const CropBox&, const ResizeOptions&, Image&) { return Status(TK_ERR_INTERNAL, "resampler not built yet"); }
}  // namespace tk
