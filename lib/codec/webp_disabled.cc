// The WebP entry points of codec.h for builds with THUMBKIT_WITH_WEBP=OFF.
#include "codec/codec.h"

namespace tk {
namespace {

Status NoWebp() {
  return Status(TK_ERR_UNSUPPORTED,
                "WebP is not supported by this build of libthumbkit (THUMBKIT_WITH_WEBP=OFF)");
}

}  // namespace

Status ProbeWebp(Bytes, const Limits&, ImageInfo&) {
  return NoWebp();
}
Status DecodeWebp(Bytes, const DecodeOptions&, Decoded&) {
  return NoWebp();
}
Status EncodeWebp(const Image&, const EncodeOptions&, ByteBuffer&) {
  return NoWebp();
}

}  // namespace tk
