// PLACEHOLDER until the webp codec lands; replaced by the real implementation.
#include "codec/codec.h"

namespace tk {
Status ProbeWebp(Bytes, const Limits&, ImageInfo&) { return Status(TK_ERR_UNSUPPORTED, "webp not built yet"); }
Status DecodeWebp(Bytes, const DecodeOptions&, Decoded&) { return Status(TK_ERR_UNSUPPORTED, "webp not built yet"); }
Status EncodeWebp(const Image&, const EncodeOptions&, ByteBuffer&) { return Status(TK_ERR_UNSUPPORTED, "webp not built yet"); }
}  // namespace tk
