// PNG encode with libpng's low-level API, written straight into a ByteBuffer (the default
// settings take png_deflate_encode.h instead).
// libpng runs under the setjmp shim (png_shim.h): WriteImage keeps only plain data on its stack.
#include <png.h>

#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "codec/codec.h"
#include "codec/png/png_deflate_encode.h"
#include "codec/png/png_shim.h"

namespace tk {
namespace {

constexpr png_uint_32 kNoDimensionLimit = 0x7fffffff;

struct WriteState {
  png_shim::ErrorState error;
  png_structp png;
  png_infop info;
  const uint8_t* pixels;
  size_t stride;
  png_uint_32 width;
  png_uint_32 height;
  int color_type;
  int level;
  int filters;
  const uint8_t* icc;
  size_t icc_size;
  const uint8_t* exif;
  size_t exif_size;
  ByteBuffer* out;  // lives in EncodePng's frame, outside the shim
};
static_assert(std::is_trivially_destructible_v<WriteState>, "a longjmp must skip no destructor");

class Writer {
 public:
  Writer() : state_{} { png_shim::Reset(state_.error); }
  ~Writer() {
    if (state_.png != nullptr) png_destroy_write_struct(&state_.png, &state_.info);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  WriteState& state() { return state_; }

 private:
  WriteState state_;
};

void WriteToBuffer(png_structp png, png_bytep bytes, size_t n) {
  auto* s = static_cast<WriteState*>(png_get_io_ptr(png));
  if (!s->out->Append(bytes, n)) {
    s->error.out_of_memory = true;
    png_error(png, "out of memory for the encoded PNG");
  }
}

void FlushNothing(png_structp) {}

bool WriteImage(void* arg) {
  auto* s = static_cast<WriteState*>(arg);
  s->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &s->error, png_shim::OnError,
                                   png_shim::OnWarning);
  if (s->png == nullptr) {
    s->error.out_of_memory = true;
    std::snprintf(s->error.message, sizeof(s->error.message), "cannot create a libpng writer");
    return false;
  }
  s->info = png_create_info_struct(s->png);
  if (s->info == nullptr) png_error(s->png, "out of memory for the libpng info struct");

  png_set_write_fn(s->png, s, WriteToBuffer, FlushNothing);
  png_set_user_limits(s->png, kNoDimensionLimit, kNoDimensionLimit);
  png_set_IHDR(s->png, s->info, s->width, s->height, 8, s->color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(s->png, s->level);
  png_set_filter(s->png, PNG_FILTER_TYPE_BASE, s->filters);
  if (s->icc_size > 0) {
    // libpng validates the profile against the colour type; a mismatch is an encode error.
    png_set_iCCP(s->png, s->info, "icc", PNG_COMPRESSION_TYPE_BASE, s->icc,
                 static_cast<png_uint_32>(s->icc_size));
  }
  if (s->exif_size > 0) {
    // png_set_eXIf_1 copies the bytes; it only lacks the const.
    png_set_eXIf_1(s->png, s->info, static_cast<png_uint_32>(s->exif_size),
                   const_cast<png_bytep>(s->exif));
  }
  png_write_info(s->png, s->info);
  for (png_uint_32 y = 0; y < s->height; ++y) {
    png_write_row(s->png, s->pixels + y * s->stride);
  }
  png_write_end(s->png, nullptr);
  return true;
}

int ColorTypeFor(uint32_t channels) {
  switch (channels) {
    case 1:
      return PNG_COLOR_TYPE_GRAY;
    case 2:
      return PNG_COLOR_TYPE_GRAY_ALPHA;
    case 3:
      return PNG_COLOR_TYPE_RGB;
    default:
      return PNG_COLOR_TYPE_RGB_ALPHA;
  }
}

// -1 for a value outside the enum.
int FiltersFor(tk_png_filter filter) {
  switch (filter) {
    case TK_PNG_FILTER_NONE:
      return PNG_FILTER_NONE;
    case TK_PNG_FILTER_SUB:
      return PNG_FILTER_SUB;
    case TK_PNG_FILTER_UP:
      return PNG_FILTER_UP;
    case TK_PNG_FILTER_AVG:
      return PNG_FILTER_AVG;
    case TK_PNG_FILTER_PAETH:
      return PNG_FILTER_PAETH;
    case TK_PNG_FILTER_ADAPTIVE:
      return PNG_ALL_FILTERS;
    default:
      return -1;
  }
}

// Chunk payloads are limited to 2^31 - 1 bytes.
constexpr size_t kMaxChunkPayload = 0x7fffffff;

size_t SizeOf(const std::vector<uint8_t>* bytes) {
  return bytes != nullptr ? bytes->size() : 0;
}
const uint8_t* DataOf(const std::vector<uint8_t>* bytes) {
  return bytes != nullptr ? bytes->data() : nullptr;
}

}  // namespace

Status EncodePng(const Image& image, const EncodeOptions& options, ByteBuffer& out) {
  if (image.empty() || image.bytes_per_sample() != 1 || image.channels() < 1 ||
      image.channels() > 4) {
    return Status(TK_ERR_INVALID_ARGUMENT, "the PNG encoder takes 8-bit images of 1 to 4 channels");
  }
  if (options.png_level < 0 || options.png_level > 9) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  "PNG zlib level " + std::to_string(options.png_level) + " is not in 0..9");
  }
  const int filters = FiltersFor(options.png_filter);
  if (filters < 0) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  "unknown PNG filter " + std::to_string(static_cast<int>(options.png_filter)));
  }
  if (SizeOf(options.icc) > kMaxChunkPayload || SizeOf(options.exif) > kMaxChunkPayload) {
    return Status(TK_ERR_INVALID_ARGUMENT, "ICC profile or EXIF too large for a PNG chunk");
  }

  // The default settings take the faster deflate; filters and ICC validation need libpng.
  if (options.png_filter == TK_PNG_FILTER_NONE && SizeOf(options.icc) == 0) {
    return EncodePngWithLibdeflate(image, options.png_level, options.exif, out);
  }

  ByteBuffer encoded;
  Writer writer;
  WriteState& s = writer.state();
  s.pixels = image.data();
  s.stride = image.stride();
  s.width = image.width();
  s.height = image.height();
  s.color_type = ColorTypeFor(image.channels());
  s.level = options.png_level;
  s.filters = filters;
  s.icc = DataOf(options.icc);
  s.icc_size = SizeOf(options.icc);
  s.exif = DataOf(options.exif);
  s.exif_size = SizeOf(options.exif);
  s.out = &encoded;
  if (!png_shim::Run(s.error, WriteImage, &s)) {
    return png_shim::ToStatus(s.error, "PNG encoder", TK_ERR_ENCODE);
  }
  out = std::move(encoded);
  return OkStatus();
}

}  // namespace tk
