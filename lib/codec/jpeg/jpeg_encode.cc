// JPEG encode on libjpeg-turbo: gray or RGB(A/X) rows straight from the image, or YCbCr planes
// as raw data; 4:2:0 or 4:4:4, progressive, optimised Huffman tables, optional ICC and EXIF.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "codec/codec.h"
#include "codec/jpeg/jpeg_error.h"
#include "codec/jpeg/libjpeg.h"

namespace tk {
namespace {

constexpr int kExifMarker = JPEG_APP0 + 1;
constexpr uint8_t kExifSignature[6] = {'E', 'x', 'i', 'f', 0, 0};
constexpr size_t kMaxMarkerData = 65533;  // marker length field (16 bits) counts itself
// jpeg_write_icc_profile splits into 65519-byte chunks numbered with one byte.
constexpr size_t kMaxIccBytes = size_t{255} * 65519;
constexpr JDIMENSION kRowsPerCall = 16;

// A destination growing a malloc'd block we own, so error paths can free it. (jpeg_mem_dest
// frees and replaces its buffer as it grows and does not say which one is live after an error.)
struct GrowingDestination {
  jpeg_destination_mgr pub;  // first, so cinfo->dest casts back
  uint8_t* buffer;
  size_t capacity;
  size_t initial_capacity;
  size_t size;  // set by term_destination
};

GrowingDestination* Dest(j_compress_ptr cinfo) {
  return reinterpret_cast<GrowingDestination*>(cinfo->dest);
}

void InitDestination(j_compress_ptr cinfo) {
  GrowingDestination* dest = Dest(cinfo);
  if (dest->buffer == nullptr) {
    dest->buffer = static_cast<uint8_t*>(std::malloc(dest->initial_capacity));
    if (dest->buffer == nullptr) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 0);
    dest->capacity = dest->initial_capacity;
  }
  dest->pub.next_output_byte = dest->buffer;
  dest->pub.free_in_buffer = dest->capacity;
}

// Called when the whole buffer is full.
boolean EmptyOutputBuffer(j_compress_ptr cinfo) {
  GrowingDestination* dest = Dest(cinfo);
  if (dest->capacity > SIZE_MAX / 2) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
  const size_t grown_capacity = dest->capacity * 2;
  void* grown = std::realloc(dest->buffer, grown_capacity);
  if (grown == nullptr) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
  dest->buffer = static_cast<uint8_t*>(grown);
  dest->pub.next_output_byte = dest->buffer + dest->capacity;
  dest->pub.free_in_buffer = grown_capacity - dest->capacity;
  dest->capacity = grown_capacity;
  return TRUE;
}

void TermDestination(j_compress_ptr cinfo) {
  GrowingDestination* dest = Dest(cinfo);
  dest->size = dest->capacity - dest->pub.free_in_buffer;
}

// Everything libjpeg touches during one encode; trivially destructible (see jpeg_error.h).
struct EncodeJob {
  jpeg_compress_struct cinfo;
  jpeg::ErrorManager err;
  GrowingDestination dest;
  // Input rows.
  const uint8_t* pixels;
  size_t stride;
  uint32_t width;
  uint32_t height;
  uint32_t channels;
  uint8_t* gray_row;  // scratch for gray+alpha input, `width` bytes
  // Raw YCbCr input (EncodeJpegYcc): planes, and one iMCU row of each padded to whole blocks.
  bool raw_ycc;
  const uint8_t* planes[3];
  size_t plane_stride[3];
  uint32_t plane_width[3];
  uint32_t plane_height[3];
  uint8_t* block_rows[3];
  size_t block_row_stride;
  // Settings.
  int quality;
  bool sampling_444;
  bool progressive;
  bool optimize_coding;
  const uint8_t* icc;
  size_t icc_size;
  const uint8_t* exif_marker;  // "Exif\0\0" + TIFF payload
  size_t exif_marker_size;
};
static_assert(std::is_trivially_destructible_v<EncodeJob>);

J_COLOR_SPACE InputColorSpace(uint32_t channels) {
  switch (channels) {
    case 1:
    case 2:
      return JCS_GRAYSCALE;  // gray+alpha rows are stripped to gray first
    case 3:
      return JCS_RGB;
    default:
      return JCS_EXT_RGBX;  // libjpeg-turbo skips the fourth byte: no copy for RGBA
  }
}

// Under the guard: plain code, trivially destructible locals only.
void WriteRows(EncodeJob* job) {
  j_compress_ptr cinfo = &job->cinfo;
  JSAMPROW rows[kRowsPerCall];
  while (cinfo->next_scanline < cinfo->image_height) {
    const JDIMENSION first = cinfo->next_scanline;
    if (job->gray_row != nullptr) {
      const uint8_t* src = job->pixels + first * job->stride;
      for (uint32_t x = 0; x < job->width; ++x) job->gray_row[x] = src[2 * x];
      rows[0] = job->gray_row;
      jpeg_write_scanlines(cinfo, rows, 1);
      continue;
    }
    const JDIMENSION n = std::min(kRowsPerCall, cinfo->image_height - first);
    for (JDIMENSION i = 0; i < n; ++i) {
      // libjpeg's row type is non-const but it only reads input rows.
      rows[i] = const_cast<JSAMPROW>(job->pixels + (first + i) * job->stride);
    }
    jpeg_write_scanlines(cinfo, rows, n);
  }
}

// One iMCU row per call. libjpeg reads whole blocks, so each plane row is copied into a row
// padded by repeating its last sample, and rows past the bottom repeat the last row (the edge
// extension libjpeg does itself for interleaved input).
void WriteRawRows(EncodeJob* job) {
  j_compress_ptr cinfo = &job->cinfo;
  JSAMPROW rows[3][kRowsPerCall];
  JSAMPARRAY planes[3] = {rows[0], rows[1], rows[2]};
  const auto lines = static_cast<JDIMENSION>(cinfo->max_v_samp_factor * DCTSIZE);
  for (size_t imcu = 0; cinfo->next_scanline < cinfo->image_height; ++imcu) {
    for (int c = 0; c < 3; ++c) {
      const jpeg_component_info& comp = cinfo->comp_info[c];
      const size_t n = static_cast<size_t>(comp.v_samp_factor) * DCTSIZE;
      const size_t padded = size_t{comp.width_in_blocks} * DCTSIZE;
      const uint32_t width = job->plane_width[c];
      for (size_t i = 0; i < n; ++i) {
        const size_t y = std::min<size_t>(imcu * n + i, job->plane_height[c] - 1);
        uint8_t* row = job->block_rows[c] + i * job->block_row_stride;
        std::memcpy(row, job->planes[c] + y * job->plane_stride[c], width);
        std::memset(row + width, row[width - 1], padded - width);
        rows[c][i] = row;
      }
    }
    jpeg_write_raw_data(cinfo, planes, lines);
  }
}

void EncodeStep(void* arg) {
  auto* job = static_cast<EncodeJob*>(arg);
  j_compress_ptr cinfo = &job->cinfo;
  jpeg_create_compress(cinfo);
  cinfo->dest = &job->dest.pub;
  cinfo->image_width = job->width;
  cinfo->image_height = job->height;
  if (job->raw_ycc) {
    cinfo->in_color_space = JCS_YCbCr;
    cinfo->input_components = 3;
  } else {
    cinfo->in_color_space = InputColorSpace(job->channels);
    cinfo->input_components = job->channels == 2 ? 1 : static_cast<int>(job->channels);
  }
  jpeg_set_defaults(cinfo);
  cinfo->raw_data_in = job->raw_ycc ? TRUE : FALSE;
  jpeg_set_quality(cinfo, job->quality, TRUE);
  if (cinfo->num_components == 3) {
    const int luma = job->sampling_444 ? 1 : 2;
    cinfo->comp_info[0].h_samp_factor = luma;
    cinfo->comp_info[0].v_samp_factor = luma;
    for (int c = 1; c < 3; ++c) {
      cinfo->comp_info[c].h_samp_factor = 1;
      cinfo->comp_info[c].v_samp_factor = 1;
    }
  }
  cinfo->optimize_coding = job->optimize_coding ? TRUE : FALSE;
  if (job->progressive) jpeg_simple_progression(cinfo);
  jpeg_start_compress(cinfo, TRUE);
  if (job->exif_marker != nullptr) {
    jpeg_write_marker(cinfo, kExifMarker, job->exif_marker,
                      static_cast<unsigned int>(job->exif_marker_size));
  }
  if (job->icc != nullptr) {
    jpeg_write_icc_profile(cinfo, job->icc, static_cast<unsigned int>(job->icc_size));
  }
  if (job->raw_ycc) {
    WriteRawRows(job);
  } else {
    WriteRows(job);
  }
  jpeg_finish_compress(cinfo);
}

Status CheckEncodeInput(const Image& image, const EncodeOptions& options) {
  if (image.empty() || image.bytes_per_sample() != 1 || image.channels() < 1 ||
      image.channels() > 4) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  "JPEG encoder takes non-empty 8-bit images of 1-4 "
                  "channels");
  }
  if (image.width() > JPEG_MAX_DIMENSION || image.height() > JPEG_MAX_DIMENSION) {
    return Status(TK_ERR_ENCODE, "image is " + std::to_string(image.width()) + "x" +
                                     std::to_string(image.height()) + ", JPEG allows at most " +
                                     std::to_string(JPEG_MAX_DIMENSION) + " pixels a side");
  }
  if (options.quality < 1 || options.quality > 100) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  "JPEG quality must be 1..100, not " + std::to_string(options.quality));
  }
  if (options.icc != nullptr && options.icc->size() > kMaxIccBytes) {
    return Status(TK_ERR_ENCODE, "ICC profile of " + std::to_string(options.icc->size()) +
                                     " bytes does not fit in JPEG APP2 markers");
  }
  return OkStatus();
}

}  // namespace

namespace {

// The EXIF block as a JPEG APP1 payload; empty when absent or too large for one marker.
std::vector<uint8_t> ExifMarker(const EncodeOptions& options) {
  std::vector<uint8_t> marker;
  if (options.exif != nullptr && !options.exif->empty() &&
      options.exif->size() <= kMaxMarkerData - sizeof(kExifSignature)) {
    marker.reserve(sizeof(kExifSignature) + options.exif->size());
    marker.assign(kExifSignature, kExifSignature + sizeof(kExifSignature));
    marker.insert(marker.end(), options.exif->begin(), options.exif->end());
  }
  return marker;
}

// Settings and destination shared by both encoders; `samples` sizes the first output buffer.
void InitJob(const EncodeOptions& options, const std::vector<uint8_t>& exif_marker,
             uint64_t samples, EncodeJob& job) {
  std::memset(&job, 0, sizeof(job));
  jpeg::InitErrorManager(job.err, /*allow_corrupt=*/false, /*is_encoder=*/true);
  job.cinfo.err = &job.err.pub;
  job.dest.pub.init_destination = InitDestination;
  job.dest.pub.empty_output_buffer = EmptyOutputBuffer;
  job.dest.pub.term_destination = TermDestination;
  // A quarter byte per sample is a generous first guess for q80; the buffer doubles as needed.
  job.dest.initial_capacity =
      static_cast<size_t>(std::clamp<uint64_t>(samples / 4, 4096, 16 << 20));
  job.quality = options.quality;
  job.sampling_444 = options.jpeg_444;
  job.progressive = options.jpeg_progressive;
  job.optimize_coding = options.jpeg_optimize_coding;
  if (options.icc != nullptr && !options.icc->empty()) {
    job.icc = options.icc->data();
    job.icc_size = options.icc->size();
  }
  if (!exif_marker.empty()) {
    job.exif_marker = exif_marker.data();
    job.exif_marker_size = exif_marker.size();
  }
}

Status RunEncode(EncodeJob& job, ByteBuffer& out) {
  const bool ok = jpeg::CallGuarded(job.err, EncodeStep, &job);
  jpeg_destroy_compress(&job.cinfo);
  if (!ok) {
    std::free(job.dest.buffer);
    return jpeg::ErrorStatus(job.err);
  }
  out.Adopt(job.dest.buffer, job.dest.size);
  return OkStatus();
}

}  // namespace

Status EncodeJpeg(const Image& image, const EncodeOptions& options, ByteBuffer& out) {
  TK_RETURN_IF_ERROR(CheckEncodeInput(image, options));
  // Buffers the guarded code uses, made before it runs.
  const std::vector<uint8_t> exif_marker = ExifMarker(options);
  std::vector<uint8_t> gray_row(image.channels() == 2 ? image.width() : 0);

  EncodeJob job;
  InitJob(options, exif_marker, uint64_t{image.width()} * image.height() * image.channels(), job);
  job.pixels = image.data();
  job.stride = image.stride();
  job.width = image.width();
  job.height = image.height();
  job.channels = image.channels();
  job.gray_row = gray_row.empty() ? nullptr : gray_row.data();
  return RunEncode(job, out);
}

Status EncodeJpegYcc(const Image (&planes)[3], const EncodeOptions& options, ByteBuffer& out) {
  const Image& luma = planes[0];
  TK_RETURN_IF_ERROR(CheckEncodeInput(luma, options));
  const uint32_t chroma_width = options.jpeg_444 ? luma.width() : (luma.width() + 1) / 2;
  const uint32_t chroma_height = options.jpeg_444 ? luma.height() : (luma.height() + 1) / 2;
  for (int c = 0; c < 3; ++c) {
    const uint32_t w = c == 0 ? luma.width() : chroma_width;
    const uint32_t h = c == 0 ? luma.height() : chroma_height;
    if (planes[c].empty() || planes[c].channels() != 1 || planes[c].bytes_per_sample() != 1 ||
        planes[c].width() != w || planes[c].height() != h) {
      return Status(TK_ERR_INVALID_ARGUMENT, "YCbCr planes do not match the output sampling");
    }
  }
  // One iMCU row (<= 16 rows) per plane, each row padded to whole MCUs (<= 16 samples more).
  const size_t block_row_stride = (size_t{luma.width()} + 31) / 16 * 16;
  std::vector<uint8_t> block_rows(3 * kRowsPerCall * block_row_stride);
  const std::vector<uint8_t> exif_marker = ExifMarker(options);

  EncodeJob job;
  InitJob(options, exif_marker, uint64_t{luma.width()} * luma.height() * 3 / 2, job);
  job.width = luma.width();
  job.height = luma.height();
  job.channels = 3;
  job.raw_ycc = true;
  job.block_row_stride = block_row_stride;
  for (int c = 0; c < 3; ++c) {
    job.planes[c] = planes[c].data();
    job.plane_stride[c] = planes[c].stride();
    job.plane_width[c] = planes[c].width();
    job.plane_height[c] = planes[c].height();
    job.block_rows[c] = block_rows.data() + c * kRowsPerCall * block_row_stride;
  }
  return RunEncode(job, out);
}

}  // namespace tk
