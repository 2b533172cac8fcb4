// PLACEHOLDER until the png codec lands; replaced by the real implementation.
#include "codec/codec.h"

namespace tk {
Status ProbePng(Bytes, const Limits&, ImageInfo&) { return Status(TK_ERR_UNSUPPORTED, "png not built yet"); }
Status DecodePng(Bytes, const DecodeOptions&, Decoded&) { return Status(TK_ERR_UNSUPPORTED, "png not built yet"); }
Status EncodePng(const Image&, const EncodeOptions&, ByteBuffer&) { return Status(TK_ERR_UNSUPPORTED, "png not built yet"); }
}  // namespace tk
