// PLACEHOLDER until the jpeg codec lands; replaced by the real implementation.
#include "codec/codec.h"

namespace tk {
Status ProbeJpeg(Bytes, const Limits&, ImageInfo&) { return Status(TK_ERR_UNSUPPORTED, "jpeg not built yet"); }
Status DecodeJpeg(Bytes, const DecodeOptions&, Decoded&) { return Status(TK_ERR_UNSUPPORTED, "jpeg not built yet"); }
Status EncodeJpeg(const Image&, const EncodeOptions&, ByteBuffer&) { return Status(TK_ERR_UNSUPPORTED, "jpeg not built yet"); }
}  // namespace tk
