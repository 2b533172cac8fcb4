// WebP probe and decode over libwebp's decode and demux APIs.
#include <webp/decode.h>
#include <webp/demux.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "codec/codec.h"
#include "codec/exif.h"

namespace tk {
namespace {

struct DemuxDeleter {
  void operator()(WebPDemuxer* d) const { WebPDemuxDelete(d); }
};
using DemuxPtr = std::unique_ptr<WebPDemuxer, DemuxDeleter>;

struct AnimDecoderDeleter {
  void operator()(WebPAnimDecoder* d) const { WebPAnimDecoderDelete(d); }
};
using AnimDecoderPtr = std::unique_ptr<WebPAnimDecoder, AnimDecoderDeleter>;

// Releases a demux iterator on every path.
class FrameIter {
 public:
  FrameIter() { std::memset(&iter_, 0, sizeof(iter_)); }
  ~FrameIter() { WebPDemuxReleaseIterator(&iter_); }
  FrameIter(const FrameIter&) = delete;
  FrameIter& operator=(const FrameIter&) = delete;
  WebPIterator* get() { return &iter_; }
  const WebPIterator* operator->() const { return &iter_; }

 private:
  WebPIterator iter_;
};

const char* Vp8StatusName(VP8StatusCode status) {
  switch (status) {
    case VP8_STATUS_OK:
      return "VP8_STATUS_OK";
    case VP8_STATUS_OUT_OF_MEMORY:
      return "VP8_STATUS_OUT_OF_MEMORY";
    case VP8_STATUS_INVALID_PARAM:
      return "VP8_STATUS_INVALID_PARAM";
    case VP8_STATUS_BITSTREAM_ERROR:
      return "VP8_STATUS_BITSTREAM_ERROR";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return "VP8_STATUS_UNSUPPORTED_FEATURE";
    case VP8_STATUS_SUSPENDED:
      return "VP8_STATUS_SUSPENDED";
    case VP8_STATUS_USER_ABORT:
      return "VP8_STATUS_USER_ABORT";
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return "VP8_STATUS_NOT_ENOUGH_DATA";
  }
  return "unknown VP8StatusCode";
}

Status FromVp8Status(VP8StatusCode status, const char* during) {
  const std::string detail = std::string(" (") + Vp8StatusName(status) + " while " + during + ")";
  switch (status) {
    case VP8_STATUS_OK:
      return OkStatus();
    case VP8_STATUS_NOT_ENOUGH_DATA:
    case VP8_STATUS_SUSPENDED:  // WebPDecode's word for partitions that run past the data
      return Status(TK_ERR_TRUNCATED, "WebP data ends early" + detail);
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return Status(TK_ERR_UNSUPPORTED, "WebP uses a feature libwebp cannot decode" + detail);
    case VP8_STATUS_OUT_OF_MEMORY:
      return Status(TK_ERR_OUT_OF_MEMORY, "out of memory decoding WebP" + detail);
    case VP8_STATUS_BITSTREAM_ERROR:
    case VP8_STATUS_INVALID_PARAM:
      return Status(TK_ERR_CORRUPT, "WebP data is malformed" + detail);
    case VP8_STATUS_USER_ABORT:  // we set no hook that aborts: the alpha plane failed to decode
      return Status(TK_ERR_CORRUPT, "WebP alpha plane cannot be decoded" + detail);
    default:
      return Status(TK_ERR_INTERNAL, "unexpected libwebp status" + detail);
  }
}

uint32_t ReadLe24(const uint8_t* p) {
  return p[0] | (p[1] << 8) | (uint32_t{p[2]} << 16);
}

// Checks the limits against the VP8X canvas ourselves: libwebp rejects canvases of 2^32 pixels or
// more as a bitstream error, but those must read as limit errors, and before anything else runs.
Status CheckVp8xCanvas(Bytes data, const Limits& limits) {
  if (data.size() < 30 || std::memcmp(data.data(), "RIFF", 4) != 0 ||
      std::memcmp(data.data() + 8, "WEBP", 4) != 0 ||
      std::memcmp(data.data() + 12, "VP8X", 4) != 0) {
    return OkStatus();
  }
  return CheckInputDimensions(limits, uint64_t{ReadLe24(data.data() + 24)} + 1,
                              uint64_t{ReadLe24(data.data() + 27)} + 1);
}

// Everything the headers say, with the demuxer kept for decoding.
struct Parsed {
  ImageInfo info;
  WebPBitstreamFeatures features{};
  DemuxPtr demux;
  bool first_frame_covers_canvas = true;
  Bytes icc;
  Bytes exif;  // from the TIFF header on
};

Bytes ChunkPayload(WebPDemuxer* demux, const char* fourcc) {
  WebPChunkIterator chunk;
  if (!WebPDemuxGetChunk(demux, fourcc, 1, &chunk)) return {};
  Bytes payload(chunk.chunk.bytes, chunk.chunk.size);  // points into the caller's data
  WebPDemuxReleaseChunkIterator(&chunk);
  return payload;
}

Status Parse(Bytes data, const Limits& limits, Parsed& out) {
  TK_RETURN_IF_ERROR(CheckVp8xCanvas(data, limits));
  TK_RETURN_IF_ERROR(
      FromVp8Status(WebPGetFeatures(data.data(), data.size(), &out.features), "reading headers"));
  TK_RETURN_IF_ERROR(CheckInputDimensions(limits, out.features.width, out.features.height));

  // The demuxer validates the whole container (chunk sizes, frames inside the canvas) without
  // decoding; the partial variant tells a cut-short file from a malformed one.
  const WebPData webp_data = {data.data(), data.size()};
  WebPDemuxState state = WEBP_DEMUX_PARSE_ERROR;
  out.demux.reset(WebPDemuxPartial(&webp_data, &state));
  if (out.demux == nullptr || state == WEBP_DEMUX_PARSE_ERROR) {
    return Status(TK_ERR_CORRUPT, "WebP container is malformed (RIFF chunks or frame layout)");
  }
  if (state != WEBP_DEMUX_DONE) {
    return Status(TK_ERR_TRUNCATED,
                  "WebP data ends early: its RIFF chunks run past the end of the " +
                      std::to_string(data.size()) + " bytes given");
  }
  WebPDemuxer* demux = out.demux.get();
  const uint32_t width = WebPDemuxGetI(demux, WEBP_FF_CANVAS_WIDTH);
  const uint32_t height = WebPDemuxGetI(demux, WEBP_FF_CANVAS_HEIGHT);
  const uint32_t frames = WebPDemuxGetI(demux, WEBP_FF_FRAME_COUNT);
  const uint32_t flags = WebPDemuxGetI(demux, WEBP_FF_FORMAT_FLAGS);
  if (width != static_cast<uint32_t>(out.features.width) ||
      height != static_cast<uint32_t>(out.features.height)) {
    return Status(TK_ERR_CORRUPT, "WebP canvas size disagrees between headers");
  }
  if (frames == 0) return Status(TK_ERR_CORRUPT, "WebP file has no frames");

  bool has_alpha = out.features.has_alpha != 0;
  if (out.features.has_animation) {
    FrameIter frame;
    if (!WebPDemuxGetFrame(demux, 1, frame.get())) {
      return Status(TK_ERR_CORRUPT, "WebP animation's first frame cannot be read");
    }
    out.first_frame_covers_canvas = frame->x_offset == 0 && frame->y_offset == 0 &&
                                    static_cast<uint32_t>(frame->width) == width &&
                                    static_cast<uint32_t>(frame->height) == height;
    // The composited canvas starts transparent, so uncovered areas need an alpha channel.
    has_alpha = has_alpha || frame->has_alpha || !out.first_frame_covers_canvas;
  }

  if (flags & ICCP_FLAG) {
    out.icc = ChunkPayload(demux, "ICCP");
    TK_RETURN_IF_ERROR(CheckMetadataBytes(limits, out.icc.size(), "WebP ICCP chunk (ICC profile)"));
  }
  if (flags & EXIF_FLAG) {
    out.exif = ChunkPayload(demux, "EXIF");
    TK_RETURN_IF_ERROR(CheckMetadataBytes(limits, out.exif.size(), "WebP EXIF chunk"));
    // Some writers keep the JPEG APP1 prefix; the spec says the chunk starts at the TIFF header.
    static constexpr uint8_t kExifPrefix[6] = {'E', 'x', 'i', 'f', 0, 0};
    if (out.exif.size() >= 6 && std::memcmp(out.exif.data(), kExifPrefix, 6) == 0) {
      out.exif = out.exif.subspan(6);
    }
  }

  ImageInfo& info = out.info;
  info = ImageInfo{};
  info.format = TK_FORMAT_WEBP;
  info.width = width;
  info.height = height;
  info.orientation = out.exif.empty() ? 1 : ExifOrientation(out.exif);
  info.channels = has_alpha ? 4 : 3;
  info.color = ColorModel::kRgb;
  info.has_alpha = has_alpha;
  info.has_icc = !out.icc.empty();
  info.has_exif = !out.exif.empty();
  info.progressive = false;
  info.frames = frames;
  info.bit_depth = 8;
  return OkStatus();
}

// Output size of a scaled decode: 0 in one option keeps the aspect ratio.
void ScaledSize(uint32_t src_w, uint32_t src_h, const DecodeOptions& options, uint32_t& w,
                uint32_t& h) {
  w = options.webp_width;
  h = options.webp_height;
  if (w == 0 && h == 0) {
    w = src_w;
    h = src_h;
  } else if (w == 0) {
    w = static_cast<uint32_t>((uint64_t{src_w} * h + src_h / 2) / src_h);
  } else if (h == 0) {
    h = static_cast<uint32_t>((uint64_t{src_h} * w + src_w / 2) / src_w);
  }
  if (w == 0) w = 1;
  if (h == 0) h = 1;
}

// Decodes one still bitstream (a whole file or an animation frame's ALPH+VP8/VP8L payload)
// straight into a freshly allocated Image, scaled by libwebp when asked.
Status DecodeStill(Bytes bitstream, uint32_t channels, const DecodeOptions& options, Image& image) {
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) {
    return Status(TK_ERR_INTERNAL, "libwebp decoder ABI version mismatch");
  }
  TK_RETURN_IF_ERROR(FromVp8Status(
      WebPGetFeatures(bitstream.data(), bitstream.size(), &config.input), "reading headers"));
  const auto src_w = static_cast<uint32_t>(config.input.width);
  const auto src_h = static_cast<uint32_t>(config.input.height);
  uint32_t w = 0;
  uint32_t h = 0;
  ScaledSize(src_w, src_h, options, w, h);
  if (w != src_w || h != src_h) {
    // Caller-chosen size: keep it inside the same limits as a stored one.
    TK_RETURN_IF_ERROR(CheckInputDimensions(options.limits, w, h));
    config.options.use_scaling = 1;
    config.options.scaled_width = static_cast<int>(w);
    config.options.scaled_height = static_cast<int>(h);
  }
  TK_RETURN_IF_ERROR(Image::Allocate(w, h, channels, 1, image));

  // Straight alpha (MODE_RGBA, not MODE_rgbA): the pipeline premultiplies itself.
  config.output.colorspace = channels == 4 ? MODE_RGBA : MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = image.data();
  config.output.u.RGBA.stride = static_cast<int>(image.stride());
  config.output.u.RGBA.size = image.stride() * h;
  config.options.use_threads = 0;
  const VP8StatusCode status = WebPDecode(bitstream.data(), bitstream.size(), &config);
  WebPFreeDecBuffer(&config.output);  // frees nothing external, but keeps libwebp's contract
  if (status != VP8_STATUS_OK) {
    image = Image();
    return FromVp8Status(status, "decoding pixels");
  }
  return OkStatus();
}

// First frame of an animation that does not cover the canvas: let libwebp composite it.
// The decoder owns its canvas buffer, so this path copies once.
Status DecodeComposited(Bytes data, const ImageInfo& info, Image& image) {
  WebPAnimDecoderOptions anim_options;
  if (!WebPAnimDecoderOptionsInit(&anim_options)) {
    return Status(TK_ERR_INTERNAL, "libwebp demux ABI version mismatch");
  }
  anim_options.color_mode = MODE_RGBA;
  anim_options.use_threads = 0;
  const WebPData webp_data = {data.data(), data.size()};
  AnimDecoderPtr decoder(WebPAnimDecoderNew(&webp_data, &anim_options));
  if (decoder == nullptr) {
    return Status(TK_ERR_CORRUPT, "WebP animation cannot be opened for decoding");
  }
  uint8_t* canvas = nullptr;
  int timestamp = 0;
  if (!WebPAnimDecoderGetNext(decoder.get(), &canvas, &timestamp) || canvas == nullptr) {
    return Status(TK_ERR_CORRUPT, "WebP animation's first frame fails to decode");
  }
  TK_RETURN_IF_ERROR(Image::Allocate(info.width, info.height, info.channels, 1, image));
  const size_t src_stride = size_t{info.width} * 4;
  for (uint32_t y = 0; y < info.height; ++y) {
    const uint8_t* src = canvas + y * src_stride;
    uint8_t* dst = image.row(y);
    if (info.channels == 4) {
      std::memcpy(dst, src, src_stride);
    } else {
      for (uint32_t x = 0; x < info.width; ++x, src += 4, dst += 3) std::memcpy(dst, src, 3);
    }
  }
  return OkStatus();
}

}  // namespace

Status ProbeWebp(Bytes data, const Limits& limits, ImageInfo& info) {
  Parsed parsed;
  TK_RETURN_IF_ERROR(Parse(data, limits, parsed));
  info = parsed.info;
  return OkStatus();
}

Status DecodeWebp(Bytes data, const DecodeOptions& options, Decoded& out) {
  Parsed parsed;
  TK_RETURN_IF_ERROR(Parse(data, options.limits, parsed));
  const ImageInfo& info = parsed.info;

  Image image;
  if (!parsed.features.has_animation) {
    TK_RETURN_IF_ERROR(DecodeStill(data, info.channels, options, image));
  } else if (parsed.first_frame_covers_canvas) {
    // Over a transparent canvas a covering first frame composites to itself: decode it directly
    // (no copy, and scaled decode still works).
    FrameIter frame;
    if (!WebPDemuxGetFrame(parsed.demux.get(), 1, frame.get())) {
      return Status(TK_ERR_CORRUPT, "WebP animation's first frame cannot be read");
    }
    TK_RETURN_IF_ERROR(DecodeStill(Bytes(frame->fragment.bytes, frame->fragment.size),
                                   info.channels, options, image));
  } else {
    TK_RETURN_IF_ERROR(DecodeComposited(data, info, image));
  }

  out.image = std::move(image);
  out.color = ColorModel::kRgb;
  out.icc.assign(parsed.icc.begin(), parsed.icc.end());
  out.exif.assign(parsed.exif.begin(), parsed.exif.end());
  return OkStatus();
}

}  // namespace tk
