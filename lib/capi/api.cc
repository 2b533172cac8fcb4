// The exported entry points: argument checks and translation between C structs and the
// pipeline. No image logic lives here.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "capi/context.h"
#include "codec/codec.h"
#include "pipeline/plan.h"
#include "pipeline/thumbnail.h"
#include "resample/resample.h"

namespace tk {
namespace {

Status CheckInput(const void* data, size_t size, const char* fn) {
  if (data == nullptr && size != 0) {
    return Status(TK_ERR_INVALID_ARGUMENT, std::string(fn) + ": data is NULL");
  }
  return OkStatus();
}

Bytes AsBytes(const void* data, size_t size) {
  return Bytes(static_cast<const uint8_t*>(data), data == nullptr ? 0 : size);
}

// Copies `full` into a caller struct that may be older (smaller) than ours.
template <typename T>
Status FillVersioned(const T& full, T* out, const char* what) {
  if (out == nullptr || out->struct_size < sizeof(size_t)) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  std::string(what) + " is NULL or its struct_size is not set");
  }
  const size_t n = std::min(out->struct_size, sizeof(T));
  const size_t caller_size = out->struct_size;
  std::memcpy(out, &full, n);
  out->struct_size = caller_size;
  return OkStatus();
}

Status CheckVersioned(size_t struct_size, size_t needed, const char* what) {
  if (struct_size < needed) {
    return Status(TK_ERR_INVALID_ARGUMENT, std::string(what) + ".struct_size is " +
                                               std::to_string(struct_size) + "; set it to sizeof(" +
                                               what + ")");
  }
  return OkStatus();
}

uint32_t ChannelsOf(tk_pixel_format f) {
  return (static_cast<uint32_t>(f) - 1) % 4 + 1;
}
uint32_t SampleBytesOf(tk_pixel_format f) {
  return f >= TK_PIXEL_GRAY16 ? 2 : 1;
}
bool ValidPixelFormat(tk_pixel_format f) {
  return f >= TK_PIXEL_GRAY8 && f <= TK_PIXEL_RGBA16;
}
tk_pixel_format PixelFormatOf(uint32_t channels, uint32_t sample_bytes) {
  return static_cast<tk_pixel_format>(channels + (sample_bytes == 2 ? 4 : 0));
}

// A non-owning Image over caller pixels, after checking the description is coherent.
Status ViewPixels(const tk_pixels* p, const char* what, Image& view) {
  if (p == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, std::string(what) + " is NULL");
  TK_RETURN_IF_ERROR(CheckVersioned(p->struct_size, sizeof(tk_pixels), what));
  if (!ValidPixelFormat(p->format) || p->width == 0 || p->height == 0) {
    return Status(TK_ERR_INVALID_ARGUMENT,
                  std::string(what) + " has a zero size or an unknown pixel format");
  }
  const size_t row = size_t{p->width} * ChannelsOf(p->format) * SampleBytesOf(p->format);
  const size_t stride = p->stride == 0 ? row : p->stride;
  if (stride < row) {
    return Status(TK_ERR_INVALID_ARGUMENT, std::string(what) + ".stride is shorter than a row");
  }
  view = Image::View(static_cast<uint8_t*>(p->data), p->width, p->height, ChannelsOf(p->format),
                     SampleBytesOf(p->format), stride);
  return OkStatus();
}

void FillInfo(const ImageInfo& in, tk_info& info) {
  info = tk_info TK_INFO_INIT;
  info.format = in.format;
  info.width = in.width;
  info.height = in.height;
  const bool swap = in.orientation >= 5 && in.orientation <= 8;
  info.oriented_width = swap ? in.height : in.width;
  info.oriented_height = swap ? in.width : in.height;
  info.orientation = in.orientation;
  info.channels = in.color == ColorModel::kCmyk ? 3 : in.channels;  // CMYK decodes to RGB
  info.has_alpha = in.has_alpha;
  info.has_icc = in.has_icc;
  info.has_exif = in.has_exif;
  info.progressive = in.progressive;
  info.frames = in.frames;
  info.bit_depth = in.bit_depth;
  info.is_cmyk = in.color == ColorModel::kCmyk;
}

Status CheckCtx(const tk_ctx* ctx, const char* fn) {
  if (ctx == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, std::string(fn) + ": ctx is NULL");
  return OkStatus();
}

}  // namespace
}  // namespace tk

using tk::Status;

extern "C" {

tk_ctx* tk_ctx_new(void) {
  tk_ctx* ctx = new (std::nothrow) tk_ctx();
  if (ctx == nullptr)
    tk::Report(nullptr, Status(TK_ERR_OUT_OF_MEMORY, "tk_ctx_new: out of memory"));
  return ctx;
}

void tk_ctx_free(tk_ctx* ctx) {
  delete ctx;
}

void tk_ctx_reset(tk_ctx* ctx) {
  if (ctx == nullptr) return;
  ctx->options = tk::ThumbnailOptions{};
  ctx->last_error.clear();
}

void tk_free(void* ptr) {
  std::free(ptr);
}

unsigned tk_version(void) {
  return TK_VERSION_NUMBER;
}
const char* tk_version_string(void) {
  return TK_VERSION_STRING;
}

tk_status tk_probe(tk_ctx* ctx, const void* data, size_t size, tk_info* info) {
  return tk::Guarded(ctx, [&]() -> Status {
    TK_RETURN_IF_ERROR(tk::CheckCtx(ctx, "tk_probe"));
    TK_RETURN_IF_ERROR(tk::CheckInput(data, size, "tk_probe"));
    if (info == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "tk_probe: info is NULL");
    tk::ImageInfo probed;
    TK_RETURN_IF_ERROR(tk::Probe(tk::AsBytes(data, size), ctx->options.limits, probed));
    tk_info full;
    tk::FillInfo(probed, full);
    return tk::FillVersioned(full, info, "tk_info");
  });
}

tk_status tk_thumbnail(tk_ctx* ctx, const void* data, size_t size, tk_output* out) {
  return tk::Guarded(ctx, [&]() -> Status {
    TK_RETURN_IF_ERROR(tk::CheckCtx(ctx, "tk_thumbnail"));
    TK_RETURN_IF_ERROR(tk::CheckInput(data, size, "tk_thumbnail"));
    if (out == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "tk_thumbnail: out is NULL");
    TK_RETURN_IF_ERROR(tk::CheckVersioned(out->struct_size, sizeof(tk_output), "tk_output"));
    out->data = nullptr;
    out->size = 0;
    tk::ByteBuffer encoded;
    tk::OutputInfo info;
    TK_RETURN_IF_ERROR(tk::MakeThumbnail(tk::AsBytes(data, size), ctx->options, encoded, info));
    out->size = encoded.size();
    out->data = encoded.Release();
    out->format = info.format;
    out->width = info.width;
    out->height = info.height;
    return tk::OkStatus();
  });
}

tk_status tk_plan_json(tk_ctx* ctx, const void* data, size_t size, char** json) {
  return tk::Guarded(ctx, [&]() -> Status {
    TK_RETURN_IF_ERROR(tk::CheckCtx(ctx, "tk_plan_json"));
    TK_RETURN_IF_ERROR(tk::CheckInput(data, size, "tk_plan_json"));
    if (json == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "tk_plan_json: json is NULL");
    *json = nullptr;
    tk::ImageInfo probed;
    TK_RETURN_IF_ERROR(tk::Probe(tk::AsBytes(data, size), ctx->options.limits, probed));
    tk::Plan plan;
    TK_RETURN_IF_ERROR(tk::MakePlan(probed, ctx->options, plan));
    const std::string text = plan.ToJson();
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) return Status(TK_ERR_OUT_OF_MEMORY, "tk_plan_json: out of memory");
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *json = copy;
    return tk::OkStatus();
  });
}

tk_status tk_decode(tk_ctx* ctx, const void* data, size_t size, tk_pixels* out) {
  return tk::Guarded(ctx, [&]() -> Status {
    TK_RETURN_IF_ERROR(tk::CheckCtx(ctx, "tk_decode"));
    TK_RETURN_IF_ERROR(tk::CheckInput(data, size, "tk_decode"));
    if (out == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "tk_decode: out is NULL");
    TK_RETURN_IF_ERROR(tk::CheckVersioned(out->struct_size, sizeof(tk_pixels), "tk_pixels"));
    out->data = nullptr;
    tk::Image image;
    TK_RETURN_IF_ERROR(tk::DecodeForDisplay(tk::AsBytes(data, size), ctx->options, image));
    out->width = image.width();
    out->height = image.height();
    out->stride = image.stride();
    out->format = tk::PixelFormatOf(image.channels(), image.bytes_per_sample());
    out->data = image.Release();
    return tk::OkStatus();
  });
}

tk_status tk_resize(tk_ctx* ctx, const tk_pixels* src, tk_pixels* dst) {
  return tk::Guarded(ctx, [&]() -> Status {
    TK_RETURN_IF_ERROR(tk::CheckCtx(ctx, "tk_resize"));
    tk::Image source;
    TK_RETURN_IF_ERROR(tk::ViewPixels(src, "src", source));
    if (source.data() == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "src.data is NULL");
    if (dst == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "tk_resize: dst is NULL");
    TK_RETURN_IF_ERROR(tk::CheckVersioned(dst->struct_size, sizeof(tk_pixels), "tk_pixels"));
    if (dst->format != src->format) {
      return Status(TK_ERR_INVALID_ARGUMENT, "dst.format must equal src.format");
    }
    const uint32_t max_side = ctx->options.limits.max_output_dimension;
    if (max_side != 0 && (dst->width > max_side || dst->height > max_side)) {
      return Status(TK_ERR_LIMIT_DIMENSION,
                    "dst is larger than max_output_dimension=" + std::to_string(max_side));
    }
    tk::Image owned;
    tk::Image target;
    if (dst->data == nullptr) {
      TK_RETURN_IF_ERROR(tk::Image::Allocate(dst->width, dst->height, source.channels(),
                                             source.bytes_per_sample(), owned));
      target = tk::Image::View(owned.data(), owned.width(), owned.height(), owned.channels(),
                               owned.bytes_per_sample(), owned.stride());
    } else {
      TK_RETURN_IF_ERROR(tk::ViewPixels(dst, "dst", target));
    }
    tk::ResizeOptions options;
    options.kernel = ctx->options.kernel;
    options.linear_light = ctx->options.linear_light;
    options.reducing_gap = ctx->options.reducing_gap_tenths / 10.0;
    const tk::CropBox whole{0, 0, static_cast<double>(source.width()),
                            static_cast<double>(source.height())};
    TK_RETURN_IF_ERROR(tk::Resize(source, whole, options, target));
    if (dst->data == nullptr) {
      dst->stride = owned.stride();
      dst->data = owned.Release();
    }
    return tk::OkStatus();
  });
}

tk_status tk_encode(tk_ctx* ctx, const tk_pixels* src, tk_output* out) {
  return tk::Guarded(ctx, [&]() -> Status {
    TK_RETURN_IF_ERROR(tk::CheckCtx(ctx, "tk_encode"));
    tk::Image source;
    TK_RETURN_IF_ERROR(tk::ViewPixels(src, "src", source));
    if (source.data() == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "src.data is NULL");
    if (source.bytes_per_sample() != 1) {
      return Status(TK_ERR_INVALID_ARGUMENT, "tk_encode takes 8-bit pixels");
    }
    if (out == nullptr) return Status(TK_ERR_INVALID_ARGUMENT, "tk_encode: out is NULL");
    TK_RETURN_IF_ERROR(tk::CheckVersioned(out->struct_size, sizeof(tk_output), "tk_output"));
    out->data = nullptr;
    out->size = 0;
    const tk_format format =
        ctx->options.format == TK_FORMAT_SAME ? TK_FORMAT_JPEG : ctx->options.format;
    tk::ByteBuffer encoded;
    tk::EncodeOptions settings = ctx->options.encoder;
    settings.format = format;
    TK_RETURN_IF_ERROR(tk::Encode(source, settings, encoded));
    out->size = encoded.size();
    out->data = encoded.Release();
    out->format = format;
    out->width = source.width();
    out->height = source.height();
    return tk::OkStatus();
  });
}

}  // extern "C"
