// JPEG probe and decode on libjpeg-turbo: headers and metadata markers, DCT-scaled decode
// straight into the output image (or into YCbCr planes, raw), scan limit against
// progressive-scan bombs.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "codec/codec.h"
#include "codec/exif.h"
#include "codec/jpeg/jpeg_error.h"
#include "codec/jpeg/libjpeg.h"

namespace tk {
namespace {

constexpr int kExifMarker = JPEG_APP0 + 1;
constexpr int kIccMarker = JPEG_APP0 + 2;
constexpr uint8_t kExifSignature[6] = {'E', 'x', 'i', 'f', 0, 0};
constexpr uint8_t kIccSignature[12] = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};
constexpr size_t kIccHeaderBytes = sizeof(kIccSignature) + 2;  // + sequence number, count
// Rows per jpeg_read_scanlines call: enough to cover a 4:2:0 iMCU row even at 1/8 scale.
constexpr JDIMENSION kRowsPerCall = 16;
// Rows per component per jpeg_read_raw_data call: v_samp_factor (<= 4) x scaled block (<= 8).
constexpr int kMaxRawRows = 4 * DCTSIZE;

struct ScanLimit {
  jpeg_progress_mgr pub;  // first, so cinfo->progress casts back
  uint32_t max_scans;
};

// Everything libjpeg touches during one probe or decode. Trivially destructible, so a longjmp
// out of libjpeg never skips a destructor.
struct DecodeJob {
  jpeg_decompress_struct cinfo;
  jpeg::ErrorManager err;
  ScanLimit scan_limit;
  const uint8_t* data;
  size_t size;
  uint8_t* pixels;  // output rows, `stride` bytes apart
  size_t stride;
  bool invert_samples;  // Adobe CMYK stores 255 - ink
  uint8_t* planes[3];   // raw YCbCr output, padded to whole blocks
  size_t plane_stride[3];
  bool stalled;
};
static_assert(std::is_trivially_destructible_v<DecodeJob>);

// Owns a DecodeJob and always releases libjpeg's memory, whatever stage failed.
class Decompressor {
 public:
  Decompressor(Bytes data, bool allow_corrupt) {
    std::memset(&job_, 0, sizeof(job_));
    jpeg::InitErrorManager(job_.err, allow_corrupt, /*is_encoder=*/false);
    job_.err.input = data.data();
    job_.err.input_size = data.size();
    job_.cinfo.err = &job_.err.pub;
    job_.data = data.data();
    job_.size = data.size();
  }
  ~Decompressor() { jpeg_destroy_decompress(&job_.cinfo); }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  DecodeJob& job() { return job_; }
  jpeg_decompress_struct& cinfo() { return job_.cinfo; }

  // Runs fn on the job under the setjmp guard; libjpeg errors become the returned Status.
  Status Run(void (*fn)(DecodeJob*)) {
    struct Call {
      void (*fn)(DecodeJob*);
      DecodeJob* job;
    } call{fn, &job_};
    const auto trampoline = [](void* arg) {
      auto* c = static_cast<Call*>(arg);
      c->fn(c->job);
    };
    if (!jpeg::CallGuarded(job_.err, trampoline, &call)) return jpeg::ErrorStatus(job_.err);
    return OkStatus();
  }

 private:
  DecodeJob job_;
};

// --- Steps run under the guard: plain code, trivially destructible locals only. ---

void ReadHeaderStep(DecodeJob* job) {
  j_decompress_ptr cinfo = &job->cinfo;
  jpeg_create_decompress(cinfo);
  jpeg_mem_src(cinfo, job->data, static_cast<unsigned long>(job->size));
  jpeg_save_markers(cinfo, kExifMarker, 0xFFFF);
  jpeg_save_markers(cinfo, kIccMarker, 0xFFFF);
  jpeg_read_header(cinfo, TRUE);
}

void CalcOutputStep(DecodeJob* job) {
  jpeg_calc_output_dimensions(&job->cinfo);
}

void ScanLimitMonitor(j_common_ptr cinfo) {
  const auto* limit = reinterpret_cast<const ScanLimit*>(cinfo->progress);
  if (!cinfo->is_decompressor || limit->max_scans == 0) return;
  const int scan = reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number;
  if (scan > 0 && static_cast<uint32_t>(scan) > limit->max_scans) {
    char message[128];
    std::snprintf(message, sizeof(message),
                  "JPEG reached scan %d, above the limit max_scans=%u (progressive scan limit)",
                  scan, limit->max_scans);
    jpeg::RaiseError(cinfo, TK_ERR_LIMIT_SCANS, message);
  }
}

void DecodeStep(DecodeJob* job) {
  j_decompress_ptr cinfo = &job->cinfo;
  jpeg_start_decompress(cinfo);
  const size_t row_bytes = size_t{cinfo->output_width} * cinfo->output_components;
  JSAMPROW rows[kRowsPerCall];
  while (cinfo->output_scanline < cinfo->output_height) {
    const JDIMENSION first = cinfo->output_scanline;
    const JDIMENSION want = std::min(kRowsPerCall, cinfo->output_height - first);
    for (JDIMENSION i = 0; i < want; ++i) rows[i] = job->pixels + (first + i) * job->stride;
    const JDIMENSION got = jpeg_read_scanlines(cinfo, rows, want);
    if (got == 0) {  // only a suspending source does this; ours never suspends
      job->stalled = true;
      return;
    }
    if (job->invert_samples) {
      for (JDIMENSION i = 0; i < got; ++i) {
        for (size_t x = 0; x < row_bytes; ++x) rows[i][x] = static_cast<JSAMPLE>(255 - rows[i][x]);
      }
    }
  }
  jpeg_finish_decompress(cinfo);
}

// One iMCU row per call: each component gets v_samp_factor x DCT_scaled_size rows.
void DecodeRawStep(DecodeJob* job) {
  j_decompress_ptr cinfo = &job->cinfo;
  jpeg_start_decompress(cinfo);
  JSAMPROW rows[3][kMaxRawRows];
  JSAMPARRAY planes[3] = {rows[0], rows[1], rows[2]};
  const auto lines = static_cast<JDIMENSION>(cinfo->max_v_samp_factor * cinfo->min_DCT_scaled_size);
  for (size_t imcu = 0; cinfo->output_scanline < cinfo->output_height; ++imcu) {
    for (int c = 0; c < 3; ++c) {
      const jpeg_component_info& comp = cinfo->comp_info[c];
      const size_t n = static_cast<size_t>(comp.v_samp_factor * comp.DCT_scaled_size);
      for (size_t i = 0; i < n; ++i) {
        rows[c][i] = job->planes[c] + (imcu * n + i) * job->plane_stride[c];
      }
    }
    if (jpeg_read_raw_data(cinfo, planes, lines) == 0) {  // only a suspending source does this
      job->stalled = true;
      return;
    }
  }
  jpeg_finish_decompress(cinfo);
}

// --- Plain C++ on the parsed header. ---

bool HasSignature(const jpeg_marker_struct* m, const uint8_t* signature, size_t n) {
  return m->data_length >= n && std::memcmp(m->data, signature, n) == 0;
}

struct Metadata {
  std::vector<const jpeg_marker_struct*> icc_chunks;  // in sequence order; empty when none
  uint64_t icc_size = 0;
  const uint8_t* exif = nullptr;  // TIFF header onwards
  size_t exif_size = 0;
};

// ICC profiles are split over APP2 markers "ICC_PROFILE\0" + seq (1-based) + count. A broken
// sequence (gaps, duplicates, disagreeing counts) is ignored, as libjpeg's reader does.
void FindIcc(const jpeg_decompress_struct& cinfo, Metadata& meta) {
  std::vector<const jpeg_marker_struct*> chunks;
  int count = 0;
  for (auto* m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker != kIccMarker || m->data_length < kIccHeaderBytes ||
        !HasSignature(m, kIccSignature, sizeof(kIccSignature))) {
      continue;
    }
    const int seq = m->data[12];
    const int n = m->data[13];
    if (count == 0) {
      count = n;
      chunks.assign(n, nullptr);
    }
    if (n != count || seq < 1 || seq > count || chunks[seq - 1] != nullptr) return;
    chunks[seq - 1] = m;
  }
  uint64_t total = 0;
  for (const auto* m : chunks) {
    if (m == nullptr) return;
    total += m->data_length - kIccHeaderBytes;
  }
  if (total == 0) return;
  meta.icc_chunks = std::move(chunks);
  meta.icc_size = total;
}

Status FindMetadata(const jpeg_decompress_struct& cinfo, const Limits& limits, Metadata& meta) {
  FindIcc(cinfo, meta);
  TK_RETURN_IF_ERROR(CheckMetadataBytes(limits, meta.icc_size, "JPEG ICC profile"));
  for (auto* m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker == kExifMarker && HasSignature(m, kExifSignature, sizeof(kExifSignature))) {
      meta.exif = m->data + sizeof(kExifSignature);
      meta.exif_size = m->data_length - sizeof(kExifSignature);
      break;  // the first EXIF block is the one readers use
    }
  }
  return CheckMetadataBytes(limits, meta.exif_size, "JPEG EXIF block");
}

std::vector<uint8_t> AssembleIcc(const Metadata& meta) {
  std::vector<uint8_t> icc;
  icc.reserve(meta.icc_size);
  for (const auto* m : meta.icc_chunks) {
    icc.insert(icc.end(), m->data + kIccHeaderBytes, m->data + m->data_length);
  }
  return icc;
}

ColorModel ColorOf(const jpeg_decompress_struct& cinfo) {
  switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
      return ColorModel::kGray;
    case JCS_CMYK:
    case JCS_YCCK:
      return ColorModel::kCmyk;
    default:
      return ColorModel::kRgb;
  }
}

uint32_t ChannelsOf(ColorModel color) {
  switch (color) {
    case ColorModel::kGray:
      return 1;
    case ColorModel::kCmyk:
      return 4;
    default:
      return 3;
  }
}

Status CheckHeader(const jpeg_decompress_struct& cinfo, const Limits& limits) {
  TK_RETURN_IF_ERROR(CheckInputDimensions(limits, cinfo.image_width, cinfo.image_height));
  if (cinfo.jpeg_color_space == JCS_UNKNOWN) {
    return Status(TK_ERR_UNSUPPORTED, "JPEG with " + std::to_string(cinfo.num_components) +
                                          " colour components is not supported");
  }
  return OkStatus();
}

}  // namespace

Status ProbeJpeg(Bytes data, const Limits& limits, ImageInfo& info) {
  Decompressor dec(data, limits.allow_corrupt);
  TK_RETURN_IF_ERROR(dec.Run(ReadHeaderStep));
  const jpeg_decompress_struct& cinfo = dec.cinfo();
  TK_RETURN_IF_ERROR(CheckHeader(cinfo, limits));
  Metadata meta;
  TK_RETURN_IF_ERROR(FindMetadata(cinfo, limits, meta));

  ImageInfo result;
  result.format = TK_FORMAT_JPEG;
  result.width = cinfo.image_width;
  result.height = cinfo.image_height;
  result.color = ColorOf(cinfo);
  result.channels = ChannelsOf(result.color);
  result.has_alpha = false;
  result.has_icc = !meta.icc_chunks.empty();
  result.has_exif = meta.exif != nullptr;
  if (result.has_exif) result.orientation = ExifOrientation({meta.exif, meta.exif_size});
  result.progressive = cinfo.progressive_mode != 0;
  result.frames = 1;
  result.bit_depth = static_cast<uint32_t>(cinfo.data_precision);
  result.jpeg_ycbcr = cinfo.jpeg_color_space == JCS_YCbCr && cinfo.num_components == 3;
  info = result;
  return OkStatus();
}

namespace {

enum class Output { kInterleaved, kYccPlanes };

// Header, limits, metadata and the scaled output size: everything before the pixels.
Status SetUpDecode(Decompressor& dec, const DecodeOptions& options, Output output, Metadata& meta) {
  const uint32_t denom = options.jpeg_scale_denom;
  if (denom != 1 && denom != 2 && denom != 4 && denom != 8) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  "jpeg_scale_denom must be 1, 2, 4 or 8, not " + std::to_string(denom));
  }
  const Limits& limits = options.limits;
  TK_RETURN_IF_ERROR(dec.Run(ReadHeaderStep));
  jpeg_decompress_struct& cinfo = dec.cinfo();
  TK_RETURN_IF_ERROR(CheckHeader(cinfo, limits));
  TK_RETURN_IF_ERROR(FindMetadata(cinfo, limits, meta));

  if (output == Output::kYccPlanes) {
    if (cinfo.jpeg_color_space != JCS_YCbCr || cinfo.num_components != 3) {
      return Status(TK_ERR_INVALID_ARGUMENT, "planar decode needs a 3-component YCbCr JPEG");
    }
    cinfo.out_color_space = JCS_YCbCr;
    cinfo.raw_data_out = TRUE;
  } else {
    switch (ColorOf(cinfo)) {
      case ColorModel::kGray:
        cinfo.out_color_space = JCS_GRAYSCALE;
        break;
      case ColorModel::kCmyk:
        cinfo.out_color_space = JCS_CMYK;
        break;
      default:
        cinfo.out_color_space = JCS_RGB;
        break;
    }
  }
  cinfo.scale_num = 1;
  cinfo.scale_denom = denom;
  DecodeJob& job = dec.job();
  job.scan_limit.pub.progress_monitor = ScanLimitMonitor;
  job.scan_limit.max_scans = limits.max_scans;
  cinfo.progress = &job.scan_limit.pub;
  return dec.Run(CalcOutputStep);
}

// Saved markers live in libjpeg's image pool, which jpeg_finish_decompress frees: copy first.
void TakeMetadata(Metadata& meta, std::vector<uint8_t>& icc, std::vector<uint8_t>& exif) {
  icc = AssembleIcc(meta);
  exif.clear();
  if (meta.exif != nullptr) exif.assign(meta.exif, meta.exif + meta.exif_size);
  meta = Metadata();
}

Status Stalled(const jpeg_decompress_struct& cinfo) {
  return Status(TK_ERR_CORRUPT, "JPEG decoder stopped producing rows at row " +
                                    std::to_string(cinfo.output_scanline));
}

}  // namespace

Status DecodeJpeg(Bytes data, const DecodeOptions& options, Decoded& out) {
  Decompressor dec(data, options.limits.allow_corrupt);
  Metadata meta;
  TK_RETURN_IF_ERROR(SetUpDecode(dec, options, Output::kInterleaved, meta));
  jpeg_decompress_struct& cinfo = dec.cinfo();
  const ColorModel color = ColorOf(cinfo);

  Image image;
  TK_RETURN_IF_ERROR(Image::Allocate(cinfo.output_width, cinfo.output_height,
                                     static_cast<uint32_t>(cinfo.output_components), 1, image));
  std::vector<uint8_t> icc;
  std::vector<uint8_t> exif;
  TakeMetadata(meta, icc, exif);

  DecodeJob& job = dec.job();
  job.pixels = image.data();
  job.stride = image.stride();
  // Photoshop writes Adobe-marked CMYK inverted; callers get ink amounts (0 = no ink).
  job.invert_samples = color == ColorModel::kCmyk && cinfo.saw_Adobe_marker;
  TK_RETURN_IF_ERROR(dec.Run(DecodeStep));
  if (job.stalled) return Stalled(cinfo);

  out.image = std::move(image);
  out.color = color;
  out.icc = std::move(icc);
  out.exif = std::move(exif);
  return OkStatus();
}

Status DecodeJpegYcc(Bytes data, const DecodeOptions& options, DecodedYcc& out) {
  Decompressor dec(data, options.limits.allow_corrupt);
  Metadata meta;
  TK_RETURN_IF_ERROR(SetUpDecode(dec, options, Output::kYccPlanes, meta));
  jpeg_decompress_struct& cinfo = dec.cinfo();

  DecodedYcc result;
  DecodeJob& job = dec.job();
  for (int c = 0; c < 3; ++c) {
    const jpeg_component_info& comp = cinfo.comp_info[c];
    const int rows_per_call = comp.v_samp_factor * comp.DCT_scaled_size;
    if (rows_per_call <= 0 || rows_per_call > kMaxRawRows) {
      return Status(TK_ERR_UNSUPPORTED, "JPEG sampling factors beyond the planar decoder");
    }
    // libjpeg writes whole blocks: pad the width to whole MCUs and the height to whole iMCU rows.
    const uint64_t blocks_wide = (uint64_t{comp.width_in_blocks} + comp.h_samp_factor - 1) /
                                 comp.h_samp_factor * comp.h_samp_factor;
    const uint64_t padded_width = blocks_wide * static_cast<uint64_t>(comp.DCT_scaled_size);
    const uint64_t padded_height = uint64_t{cinfo.total_iMCU_rows} * rows_per_call;
    if (padded_width > UINT32_MAX || padded_height > UINT32_MAX) {
      return Status(TK_ERR_LIMIT_DIMENSION, "JPEG component too large for the planar decoder");
    }
    TK_RETURN_IF_ERROR(Image::Allocate(static_cast<uint32_t>(padded_width),
                                       static_cast<uint32_t>(padded_height), 1, 1,
                                       result.storage[c]));
    Image& storage = result.storage[c];
    result.planes[c] = Image::View(storage.data(), comp.downsampled_width, comp.downsampled_height,
                                   1, 1, storage.stride());
    // libjpeg scales chroma up by a larger IDCT where it can (at 1/2 scale 4:2:0 chroma comes
    // out full size), so a plane's grid follows its DCT size as well as its sampling factor.
    result.scale_x[c] = static_cast<double>(comp.h_samp_factor * comp.DCT_scaled_size) /
                        (cinfo.max_h_samp_factor * cinfo.min_DCT_scaled_size);
    result.scale_y[c] = static_cast<double>(comp.v_samp_factor * comp.DCT_scaled_size) /
                        (cinfo.max_v_samp_factor * cinfo.min_DCT_scaled_size);
    result.idct_upscale[c] =
        static_cast<uint32_t>(comp.DCT_scaled_size / cinfo.min_DCT_scaled_size);
    job.planes[c] = storage.data();
    job.plane_stride[c] = storage.stride();
  }
  TakeMetadata(meta, result.icc, result.exif);
  TK_RETURN_IF_ERROR(dec.Run(DecodeRawStep));
  if (job.stalled) return Stalled(cinfo);
  out = std::move(result);
  return OkStatus();
}

}  // namespace tk
