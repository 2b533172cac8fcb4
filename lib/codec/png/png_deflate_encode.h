// PNG encode for the default settings (filter None, no ICC profile) with libdeflate: the same
// deflate stream format as zlib at the same level, several times faster to make. Rows are framed
// and the chunks (IHDR, eXIf, IDAT, IEND) written here; everything else goes through libpng.
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/status.h"

namespace tk {

// `image`: 8-bit, 1-4 channels. `level`: 0 (stored) .. 9. `exif` may be null or empty.
Status EncodePngWithLibdeflate(const Image& image, int level, const std::vector<uint8_t>* exif,
                               ByteBuffer& out);

}  // namespace tk
