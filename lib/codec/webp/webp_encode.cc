// WebP encode over libwebp's encode API; ICC/EXIF go in through the mux API (VP8X container).
#include <webp/encode.h>
#include <webp/mux.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "codec/codec.h"

namespace tk {
namespace {

const char* EncodingErrorName(WebPEncodingError error) {
  switch (error) {
    case VP8_ENC_OK:
      return "VP8_ENC_OK";
    case VP8_ENC_ERROR_OUT_OF_MEMORY:
      return "VP8_ENC_ERROR_OUT_OF_MEMORY";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY:
      return "VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY";
    case VP8_ENC_ERROR_NULL_PARAMETER:
      return "VP8_ENC_ERROR_NULL_PARAMETER";
    case VP8_ENC_ERROR_INVALID_CONFIGURATION:
      return "VP8_ENC_ERROR_INVALID_CONFIGURATION";
    case VP8_ENC_ERROR_BAD_DIMENSION:
      return "VP8_ENC_ERROR_BAD_DIMENSION";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW:
      return "VP8_ENC_ERROR_PARTITION0_OVERFLOW";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW:
      return "VP8_ENC_ERROR_PARTITION_OVERFLOW";
    case VP8_ENC_ERROR_BAD_WRITE:
      return "VP8_ENC_ERROR_BAD_WRITE";
    case VP8_ENC_ERROR_FILE_TOO_BIG:
      return "VP8_ENC_ERROR_FILE_TOO_BIG";
    case VP8_ENC_ERROR_USER_ABORT:
      return "VP8_ENC_ERROR_USER_ABORT";
    case VP8_ENC_ERROR_LAST:
      break;
  }
  return "unknown WebPEncodingError";
}

const char* MuxErrorName(WebPMuxError error) {
  switch (error) {
    case WEBP_MUX_OK:
      return "WEBP_MUX_OK";
    case WEBP_MUX_NOT_FOUND:
      return "WEBP_MUX_NOT_FOUND";
    case WEBP_MUX_INVALID_ARGUMENT:
      return "WEBP_MUX_INVALID_ARGUMENT";
    case WEBP_MUX_BAD_DATA:
      return "WEBP_MUX_BAD_DATA";
    case WEBP_MUX_MEMORY_ERROR:
      return "WEBP_MUX_MEMORY_ERROR";
    case WEBP_MUX_NOT_ENOUGH_DATA:
      return "WEBP_MUX_NOT_ENOUGH_DATA";
  }
  return "unknown WebPMuxError";
}

// Owns a WebPPicture and the memory writer it fills, so every return path releases both.
class Encoding {
 public:
  Encoding() {
    ok_ = WebPPictureInit(&picture_) != 0;
    WebPMemoryWriterInit(&writer_);
  }
  ~Encoding() {
    WebPPictureFree(&picture_);
    WebPMemoryWriterClear(&writer_);
  }
  Encoding(const Encoding&) = delete;
  Encoding& operator=(const Encoding&) = delete;

  bool initialised() const { return ok_; }
  WebPPicture& picture() { return picture_; }
  WebPMemoryWriter& writer() { return writer_; }
  // Hands the writer's malloc'd buffer over; the writer is left empty.
  uint8_t* ReleaseOutput(size_t& size) {
    uint8_t* mem = writer_.mem;
    size = writer_.size;
    WebPMemoryWriterInit(&writer_);
    return mem;
  }

 private:
  bool ok_ = false;
  WebPPicture picture_;
  WebPMemoryWriter writer_;
};

struct MuxDeleter {
  void operator()(WebPMux* mux) const { WebPMuxDelete(mux); }
};
using MuxPtr = std::unique_ptr<WebPMux, MuxDeleter>;

Status MuxFailed(WebPMuxError error, const char* during) {
  const tk_status code = error == WEBP_MUX_MEMORY_ERROR ? TK_ERR_OUT_OF_MEMORY : TK_ERR_ENCODE;
  return Status(code, std::string("WebP metadata embedding failed while ") + during + " (" +
                          MuxErrorName(error) + ")");
}

// Wraps a bare VP8/VP8L bitstream in a VP8X container with ICCP/EXIF chunks.
Status AddMetadata(const uint8_t* bitstream, size_t size, const EncodeOptions& options,
                   ByteBuffer& out) {
  MuxPtr mux(WebPMuxNew());
  if (mux == nullptr) return Status(TK_ERR_OUT_OF_MEMORY, "cannot create a WebP muxer");
  const WebPData image = {bitstream, size};
  WebPMuxError err = WebPMuxSetImage(mux.get(), &image, /*copy_data=*/0);
  if (err != WEBP_MUX_OK) return MuxFailed(err, "adding the image");
  struct Chunk {
    const char* fourcc;
    const std::vector<uint8_t>* payload;
  };
  for (const Chunk& chunk : {Chunk{"ICCP", options.icc}, Chunk{"EXIF", options.exif}}) {
    if (chunk.payload == nullptr || chunk.payload->empty()) continue;
    // A RIFF chunk size is 32 bits and the whole file must fit in one RIFF.
    if (chunk.payload->size() > (std::numeric_limits<uint32_t>::max() >> 1)) {
      return Status(TK_ERR_ENCODE, std::string("WebP ") + chunk.fourcc + " payload of " +
                                       std::to_string(chunk.payload->size()) +
                                       " bytes does not fit in a RIFF chunk");
    }
    const WebPData data = {chunk.payload->data(), chunk.payload->size()};
    err = WebPMuxSetChunk(mux.get(), chunk.fourcc, &data, /*copy_data=*/0);
    if (err != WEBP_MUX_OK) return MuxFailed(err, "adding a metadata chunk");
  }
  WebPData assembled = {nullptr, 0};
  err = WebPMuxAssemble(mux.get(), &assembled);
  if (err != WEBP_MUX_OK) {
    WebPDataClear(&assembled);
    return MuxFailed(err, "assembling the file");
  }
  // WebPMalloc is malloc, so ByteBuffer may free it.
  out.Adopt(const_cast<uint8_t*>(assembled.bytes), assembled.size);
  return OkStatus();
}

bool InRange(int value, int lo, int hi) {
  return value >= lo && value <= hi;
}

}  // namespace

Status EncodeWebp(const Image& image, const EncodeOptions& options, ByteBuffer& out) {
  if (image.empty() || image.bytes_per_sample() != 1 || image.channels() < 1 ||
      image.channels() > 4) {
    return Status(TK_ERR_INVALID_ARGUMENT, "WebP encodes 8-bit images of 1 to 4 channels");
  }
  if (image.width() > WEBP_MAX_DIMENSION || image.height() > WEBP_MAX_DIMENSION) {
    return Status(TK_ERR_LIMIT_DIMENSION,
                  "image is " + std::to_string(image.width()) + "x" +
                      std::to_string(image.height()) + ", WebP stores at most " +
                      std::to_string(WEBP_MAX_DIMENSION) + " pixels a side");
  }
  if (!InRange(options.quality, 0, 100) || !InRange(options.webp_effort, 0, 6) ||
      !InRange(options.webp_alpha_quality, 0, 100)) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  "WebP options out of range: quality=" + std::to_string(options.quality) +
                      " (0..100), effort=" + std::to_string(options.webp_effort) +
                      " (0..6), alpha_quality=" + std::to_string(options.webp_alpha_quality) +
                      " (0..100)");
  }

  WebPConfig config;
  if (!WebPConfigInit(&config)) {
    return Status(TK_ERR_INTERNAL, "libwebp encoder ABI version mismatch");
  }
  config.quality = static_cast<float>(options.quality);
  config.lossless = options.webp_lossless ? 1 : 0;
  config.method = options.webp_effort;
  config.alpha_quality = options.webp_alpha_quality;
  config.thread_level = 0;
  if (!WebPValidateConfig(&config)) {
    return Status(TK_ERR_INVALID_ARGUMENT, "libwebp rejects the encoder configuration");
  }

  Encoding enc;
  if (!enc.initialised()) return Status(TK_ERR_INTERNAL, "libwebp encoder ABI version mismatch");
  WebPPicture& pic = enc.picture();
  pic.width = static_cast<int>(image.width());
  pic.height = static_cast<int>(image.height());
  pic.use_argb = config.lossless;  // lossless works on ARGB; lossy on YUV
  pic.writer = WebPMemoryWrite;
  pic.custom_ptr = &enc.writer();

  const bool alpha = image.has_alpha();
  const uint8_t* pixels = image.data();
  size_t stride = image.stride();
  std::vector<uint8_t> expanded;  // gray (+alpha) widened to RGB(A): libwebp has no gray import
  if (image.channels() <= 2) {
    const uint32_t out_channels = alpha ? 4 : 3;
    stride = size_t{image.width()} * out_channels;
    expanded.resize(stride * image.height());
    for (uint32_t y = 0; y < image.height(); ++y) {
      const uint8_t* src = image.row(y);
      uint8_t* dst = expanded.data() + y * stride;
      for (uint32_t x = 0; x < image.width(); ++x) {
        dst[0] = dst[1] = dst[2] = src[0];
        if (alpha) dst[3] = src[1];
        src += image.channels();
        dst += out_channels;
      }
    }
    pixels = expanded.data();
  }
  if (stride > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return Status(TK_ERR_LIMIT_DIMENSION, "image rows are too long for libwebp");
  }
  const int ok = alpha ? WebPPictureImportRGBA(&pic, pixels, static_cast<int>(stride))
                       : WebPPictureImportRGB(&pic, pixels, static_cast<int>(stride));
  if (!ok) {
    return Status(TK_ERR_OUT_OF_MEMORY, std::string("WebP picture import failed (") +
                                            EncodingErrorName(pic.error_code) + ")");
  }
  expanded = std::vector<uint8_t>();  // the picture holds its own copy now

  if (!WebPEncode(&config, &pic)) {
    const WebPEncodingError error = pic.error_code;
    const tk_status code =
        (error == VP8_ENC_ERROR_OUT_OF_MEMORY || error == VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY)
            ? TK_ERR_OUT_OF_MEMORY
            : TK_ERR_ENCODE;
    return Status(code, std::string("WebP encoder failed (") + EncodingErrorName(error) +
                            ") on a " + std::to_string(image.width()) + "x" +
                            std::to_string(image.height()) + " image");
  }
  WebPPictureFree(&pic);  // early: the mux step below may need the memory

  const bool has_metadata = (options.icc != nullptr && !options.icc->empty()) ||
                            (options.exif != nullptr && !options.exif->empty());
  if (!has_metadata) {
    size_t size = 0;
    uint8_t* mem = enc.ReleaseOutput(size);
    out.Adopt(mem, size);  // WebPMemoryWriter allocates with malloc: no copy
    return OkStatus();
  }
  return AddMetadata(enc.writer().mem, enc.writer().size, options, out);
}

}  // namespace tk
