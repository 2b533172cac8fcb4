// PNG probe and decode with libpng's low-level API.
//
// Two libpng phases, each run under the setjmp shim (png_shim.h): ReadHeader (signature up to the
// first IDAT header) and ReadPixels (transforms, rows, chunks after IDAT). Between them plain C++
// checks the limits and allocates the image, so an image we refuse never gets pixel memory.
//
// The transforms reproduce what libpng's simplified API (png_image_finish_read) does for 8-bit
// non-linear output in the file's own channel layout: expand palette / low-bit gray / tRNS,
// gamma-correct from the file's gAMA or sRGB to sRGB, scale 16 to 8 bits. Two deliberate
// differences, both for files the simplified API would misrender:
// - untagged 16-bit files are taken as sRGB, as browsers and libvips do (the simplified API
//   assumes linear light; PNG_IMAGE_FLAG_16BIT_sRGB is its switch for our behaviour);
// - with an iCCP profile the samples are left as stored: the profile describes them and the
//   colour stage applies it, so applying gAMA as well would convert twice.
#include <png.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "codec/codec.h"
#include "codec/exif.h"
#include "codec/png/png_shim.h"

namespace tk {
namespace {

// We check dimensions ourselves (CheckInputDimensions) so the caller gets our statuses.
constexpr png_uint_32 kNoDimensionLimit = 0x7fffffff;
// At most this many sPLT/text/unknown chunks are cached; we keep none of them anyway.
constexpr png_uint_32 kChunkCacheMax = 128;
// png_set_chunk_malloc_max also bounds PLTE (768 bytes) and other small chunks, so a tiny
// max_metadata_bytes must not go to libpng as is; the exact limit is enforced by CheckChunkSizes
// and CheckMetadata instead.
constexpr uint64_t kMinChunkMallocMax = 64 * 1024;
constexpr uint32_t kMaxChunkLength = 0x7fffffff;  // PNG's own bound on a chunk length

// Ancillary chunks that change pixels or what we report; libpng skips every other one unparsed
// (still checking its CRC), so text chunks are never decompressed.
constexpr png_byte kChunksToKeep[] = {
    'c', 'H', 'R', 'M', '\0',  // only checked for consistency, as the simplified API does
    'g', 'A', 'M', 'A', '\0',  //
    'i', 'C', 'C', 'P', '\0',  //
    's', 'R', 'G', 'B', '\0',  //
    'e', 'X', 'I', 'f', '\0',  //
};
constexpr int kChunksToKeepCount = static_cast<int>(sizeof(kChunksToKeep) / 5);

// Everything libpng's callbacks and the phase bodies touch: trivially destructible on purpose.
struct ReadState {
  png_shim::ErrorState error;
  const uint8_t* data;
  size_t size;
  size_t pos;
  bool allow_corrupt;
  png_alloc_size_t chunk_malloc_max;
  png_structp png;
  png_infop info;
  // From the header.
  png_uint_32 width;
  png_uint_32 height;
  int bit_depth;
  int color_type;
  int interlace;
  bool has_trns;
  // Metadata seen so far; pointers into libpng's info struct, valid until it is destroyed.
  const png_byte* icc;
  png_uint_32 icc_size;
  const png_byte* exif;
  png_uint_32 exif_size;
  // The destination, allocated between the phases.
  uint8_t* pixels;
  size_t stride;
  png_uint_32 channels;
  bool rows_done;  // every row was read; only chunks after IDAT remained
};
static_assert(std::is_trivially_destructible_v<ReadState>, "a longjmp must skip no destructor");

// Owns the libpng structs of one read.
class Reader {
 public:
  Reader(Bytes data, const Limits& limits) : state_{} {
    png_shim::Reset(state_.error);
    state_.error.strict = !limits.allow_corrupt;
    state_.data = data.data();
    state_.size = data.size();
    state_.allow_corrupt = limits.allow_corrupt;
    uint64_t chunk_max = limits.max_metadata_bytes;
    if (chunk_max != 0 && chunk_max < kMinChunkMallocMax) chunk_max = kMinChunkMallocMax;
    state_.chunk_malloc_max = static_cast<png_alloc_size_t>(chunk_max);
  }
  ~Reader() {
    if (state_.png != nullptr) png_destroy_read_struct(&state_.png, &state_.info, nullptr);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  ReadState& state() { return state_; }

 private:
  ReadState state_;
};

uint32_t LoadBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool IsChunkName(const uint8_t* type) {
  for (int i = 0; i < 4; ++i) {
    if (std::isalpha(type[i]) == 0) return false;
  }
  return true;
}

// Walks the chunk headers (lengths and names only, no CRC or zlib) so that an ancillary chunk
// above max_metadata_bytes is refused by name before libpng reads or allocates anything for it.
// Anything malformed stops the walk and is left for libpng to report.
Status CheckChunkSizes(Bytes data, const Limits& limits) {
  if (limits.max_metadata_bytes == 0 || data.size() < 8) return OkStatus();
  size_t pos = 8;  // after the signature
  while (data.size() - pos >= 8) {
    const uint32_t length = LoadBigEndian32(data.data() + pos);
    const uint8_t* type = data.data() + pos + 4;
    if (!IsChunkName(type) || std::memcmp(type, "IEND", 4) == 0) break;
    const bool ancillary = (type[0] & 0x20) != 0;
    if (ancillary && length > limits.max_metadata_bytes) {
      const std::string what = "PNG " + std::string(reinterpret_cast<const char*>(type), 4) +
                               " chunk at byte " + std::to_string(pos);
      return CheckMetadataBytes(limits, length, what.c_str());
    }
    if (length > kMaxChunkLength || uint64_t{length} + 12 > data.size() - pos) break;
    pos += size_t{length} + 12;
  }
  return OkStatus();
}

void ReadFromMemory(png_structp png, png_bytep out, size_t n) {
  auto* s = static_cast<ReadState*>(png_get_io_ptr(png));
  if (n > s->size - s->pos) {
    s->error.truncated = true;
    png_error(png, "the data ends early");
  }
  std::memcpy(out, s->data + s->pos, n);
  s->pos += n;
}

void CollectMetadata(ReadState* s) {
  png_charp name = nullptr;
  int compression = 0;
  png_bytep profile = nullptr;
  png_uint_32 profile_size = 0;
  if (png_get_iCCP(s->png, s->info, &name, &compression, &profile, &profile_size) != 0 &&
      profile_size > 0) {
    s->icc = profile;
    s->icc_size = profile_size;
  }
  png_bytep exif = nullptr;
  png_uint_32 exif_size = 0;
  if (png_get_eXIf_1(s->png, s->info, &exif_size, &exif) != 0 && exif_size > 0) {
    s->exif = exif;
    s->exif_size = exif_size;
  }
}

// Phase 1: create the structs, configure the safety settings, read up to the first IDAT.
bool ReadHeader(void* arg) {
  auto* s = static_cast<ReadState*>(arg);
  s->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s->error, png_shim::OnError,
                                  png_shim::OnWarning);
  if (s->png == nullptr) {
    s->error.out_of_memory = true;
    std::snprintf(s->error.message, sizeof(s->error.message), "cannot create a libpng reader");
    return false;
  }
  s->info = png_create_info_struct(s->png);
  if (s->info == nullptr) png_error(s->png, "out of memory for the libpng info struct");

  png_set_read_fn(s->png, s, ReadFromMemory);
  png_set_user_limits(s->png, kNoDimensionLimit, kNoDimensionLimit);
  png_set_chunk_malloc_max(s->png, s->chunk_malloc_max);
  png_set_chunk_cache_max(s->png, kChunkCacheMax);
  png_set_benign_errors(s->png, 1);  // they reach png_shim::OnWarning, which decides
  if (s->allow_corrupt) {
    png_set_crc_action(s->png, PNG_CRC_WARN_USE, PNG_CRC_WARN_DISCARD);
    png_set_option(s->png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
  } else {
    png_set_crc_action(s->png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
  }
  png_set_keep_unknown_chunks(s->png, PNG_HANDLE_CHUNK_NEVER, nullptr, -1);
  png_set_keep_unknown_chunks(s->png, PNG_HANDLE_CHUNK_AS_DEFAULT, kChunksToKeep,
                              kChunksToKeepCount);

  png_read_info(s->png, s->info);
  int compression = 0;
  int filter = 0;
  png_get_IHDR(s->png, s->info, &s->width, &s->height, &s->bit_depth, &s->color_type, &s->interlace,
               &compression, &filter);
  s->has_trns = png_get_valid(s->png, s->info, PNG_INFO_tRNS) != 0;
  CollectMetadata(s);
  return true;
}

// Phase 2: set the transforms and read every row into s->pixels, then the chunks after IDAT.
bool ReadPixels(void* arg) {
  auto* s = static_cast<ReadState*>(arg);
  png_set_expand(s->png);
  if (s->icc != nullptr) {
    // Equal file and screen gammas: libpng leaves the samples alone.
    png_set_gamma_fixed(s->png, PNG_DEFAULT_sRGB, PNG_DEFAULT_sRGB);
  } else {
    // Output sRGB; also the file gamma assumed when there is no gAMA/sRGB chunk.
    png_set_alpha_mode_fixed(s->png, PNG_ALPHA_PNG, PNG_DEFAULT_sRGB);
  }
  if (s->bit_depth == 16) png_set_scale_16(s->png);
  const int passes = png_set_interlace_handling(s->png);
  png_read_update_info(s->png, s->info);
  if (png_get_channels(s->png, s->info) != s->channels || png_get_bit_depth(s->png, s->info) != 8 ||
      png_get_rowbytes(s->png, s->info) != size_t{s->width} * s->channels) {
    png_error(s->png, "internal: unexpected pixel layout after the transforms");
  }
  // With interlace handling on, each pass fills in its own pixels of the same full rows.
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < s->height; ++y) {
      png_read_row(s->png, s->pixels + y * s->stride, nullptr);
    }
  }
  s->rows_done = true;
  // Checks the zlib stream's end (Adler-32) and the CRCs after IDAT, and picks up a late eXIf.
  png_read_end(s->png, s->info);
  CollectMetadata(s);
  return true;
}

// Metadata sizes after decompression, which CheckChunkSizes cannot see.
Status CheckMetadata(const ReadState& s, const Limits& limits) {
  TK_RETURN_IF_ERROR(CheckMetadataBytes(limits, s.icc_size, "PNG iCCP profile"));
  return CheckMetadataBytes(limits, s.exif_size, "PNG eXIf chunk");
}

uint32_t DecodedChannels(const ReadState& s) {
  uint32_t channels = (s.color_type & PNG_COLOR_MASK_COLOR) != 0 ? 3 : 1;  // palette too
  if ((s.color_type & PNG_COLOR_MASK_ALPHA) != 0 || s.has_trns) ++channels;
  return channels;
}

// libpng's error, plus how far into the input it had read.
Status ReadFailure(const ReadState& s, const Limits& limits, const char* what) {
  const Status status = png_shim::ToStatus(s.error, what, TK_ERR_CORRUPT);
  // libpng words its own refusal ("exceeds application limits"); name ours as the others do.
  const std::string limit = s.error.metadata_limit ? ", above the limit max_metadata_bytes=" +
                                                         std::to_string(limits.max_metadata_bytes)
                                                   : "";
  return Status(status.code(), status.message() + limit + " (after reading " +
                                   std::to_string(s.pos) + " of " + std::to_string(s.size) +
                                   " bytes)");
}

// Checks and reads everything up to the first IDAT.
Status ReadAndCheckHeader(Bytes data, const Limits& limits, Reader& reader) {
  TK_RETURN_IF_ERROR(CheckInputBytes(limits, data.size()));
  TK_RETURN_IF_ERROR(CheckChunkSizes(data, limits));
  ReadState& s = reader.state();
  if (!png_shim::Run(s.error, ReadHeader, &s)) {
    return ReadFailure(s, limits, "PNG header");
  }
  TK_RETURN_IF_ERROR(CheckInputDimensions(limits, s.width, s.height));
  return CheckMetadata(s, limits);
}

bool CopyBytes(const png_byte* bytes, size_t size, std::vector<uint8_t>& out) {
  try {
    out.assign(bytes, bytes + size);
  } catch (const std::bad_alloc&) {
    return false;
  }
  return true;
}

}  // namespace

Status ProbePng(Bytes data, const Limits& limits, ImageInfo& info) {
  Reader reader(data, limits);
  TK_RETURN_IF_ERROR(ReadAndCheckHeader(data, limits, reader));
  const ReadState& s = reader.state();
  ImageInfo result;
  result.format = TK_FORMAT_PNG;
  result.width = s.width;
  result.height = s.height;
  result.channels = DecodedChannels(s);
  result.color = result.channels <= 2 ? ColorModel::kGray : ColorModel::kRgb;
  result.has_alpha = result.channels == 2 || result.channels == 4;
  result.has_icc = s.icc != nullptr;
  // Only an eXIf before IDAT is seen here; a later one shows up in DecodePng's output.
  result.has_exif = s.exif != nullptr;
  if (result.has_exif) result.orientation = ExifOrientation({s.exif, s.exif_size});
  result.progressive = s.interlace != PNG_INTERLACE_NONE;
  result.frames = 1;
  result.bit_depth = static_cast<uint32_t>(s.bit_depth);
  info = result;
  return OkStatus();
}

Status DecodePng(Bytes data, const DecodeOptions& options, Decoded& out) {
  const Limits& limits = options.limits;
  Reader reader(data, limits);
  TK_RETURN_IF_ERROR(ReadAndCheckHeader(data, limits, reader));
  ReadState& s = reader.state();

  const uint32_t channels = DecodedChannels(s);
  Image image;
  TK_RETURN_IF_ERROR(Image::Allocate(s.width, s.height, channels, 1, image));
  s.pixels = image.data();
  s.stride = image.stride();
  s.channels = channels;
  if (!png_shim::Run(s.error, ReadPixels, &s)) {
    // With allow_corrupt, damage after the last row (a bad Adler-32 or trailing chunk, a missing
    // IEND) costs nothing we need.
    const bool only_trailer_damaged = limits.allow_corrupt && s.rows_done;
    if (!only_trailer_damaged || s.error.metadata_limit) {
      return ReadFailure(s, limits, "PNG image data");
    }
    CollectMetadata(&s);  // plain getters, no libpng error path: safe outside the shim
  }
  TK_RETURN_IF_ERROR(CheckMetadata(s, limits));

  Decoded result;
  if (!CopyBytes(s.icc, s.icc_size, result.icc) || !CopyBytes(s.exif, s.exif_size, result.exif)) {
    return Status(TK_ERR_OUT_OF_MEMORY, "cannot copy the PNG's ICC profile or EXIF");
  }
  result.color = channels <= 2 ? ColorModel::kGray : ColorModel::kRgb;
  result.image = std::move(image);
  out = std::move(result);
  return OkStatus();
}

}  // namespace tk
