#include "pipeline/compose.h"

#include <cstring>

namespace tk {
namespace {

struct Rgba {
  uint8_t r, g, b, a;
};

Rgba Unpack(uint32_t c) {
  return {static_cast<uint8_t>(c >> 24), static_cast<uint8_t>(c >> 16),
          static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c)};
}

uint8_t Gray(const Rgba& c) {  // Rec. 601 luma, as libjpeg's RGB→grey
  return static_cast<uint8_t>((c.r * 299 + c.g * 587 + c.b * 114 + 500) / 1000);
}

// Writes `background` as one pixel of `channels` channels.
void BackgroundPixel(const Rgba& bg, uint32_t channels, uint8_t* px) {
  switch (channels) {
    case 1:
      px[0] = Gray(bg);
      break;
    case 2:
      px[0] = Gray(bg);
      px[1] = bg.a;
      break;
    case 3:
      px[0] = bg.r;
      px[1] = bg.g;
      px[2] = bg.b;
      break;
    default:
      px[0] = bg.r;
      px[1] = bg.g;
      px[2] = bg.b;
      px[3] = bg.a;
      break;
  }
}

// Copies one pixel from `from` channels to `to` channels (to >= from, adding opaque alpha).
void WidenPixel(const uint8_t* src, uint32_t from, uint8_t* dst, uint32_t to) {
  std::memcpy(dst, src, from);
  if (to > from) dst[to - 1] = 255;
}

}  // namespace

Status FlattenAlpha(const Image& image, uint32_t background, Image& out) {
  const uint32_t channels = image.channels();
  if (channels != 2 && channels != 4) return Status(TK_ERR_INTERNAL, "flatten needs alpha");
  Image flat;
  TK_RETURN_IF_ERROR(Image::Allocate(image.width(), image.height(), channels - 1, 1, flat));
  const Rgba bg = Unpack(background);
  const uint8_t bg_colour[3] = {channels == 2 ? Gray(bg) : bg.r, bg.g, bg.b};
  const uint32_t colours = channels - 1;
  for (uint32_t y = 0; y < image.height(); ++y) {
    const uint8_t* src = image.row(y);
    uint8_t* dst = flat.row(y);
    for (uint32_t x = 0; x < image.width(); ++x, src += channels, dst += colours) {
      const uint32_t a = src[colours];
      for (uint32_t c = 0; c < colours; ++c) {
        dst[c] = static_cast<uint8_t>((src[c] * a + bg_colour[c] * (255 - a) + 127) / 255);
      }
    }
  }
  out = std::move(flat);
  return OkStatus();
}

Status PadToCanvas(const Image& content, uint32_t canvas_width, uint32_t canvas_height, uint32_t x,
                   uint32_t y, uint32_t background, bool with_alpha, Image& out) {
  const uint32_t from = content.channels();
  const uint32_t to = (with_alpha && !content.has_alpha()) ? from + 1 : from;
  if (x > canvas_width || y > canvas_height || content.width() > canvas_width - x ||
      content.height() > canvas_height - y) {
    return Status(TK_ERR_INTERNAL, "content does not fit on the canvas");
  }
  Image canvas;
  TK_RETURN_IF_ERROR(Image::Allocate(canvas_width, canvas_height, to, 1, canvas));
  const Rgba bg = Unpack(background);
  uint8_t bg_px[4];
  BackgroundPixel(bg, to, bg_px);
  for (uint32_t row = 0; row < canvas_height; ++row) {
    uint8_t* dst = canvas.row(row);
    for (uint32_t col = 0; col < canvas_width; ++col) std::memcpy(dst + col * to, bg_px, to);
  }
  for (uint32_t row = 0; row < content.height(); ++row) {
    const uint8_t* src = content.row(row);
    uint8_t* dst = canvas.row(y + row) + size_t{x} * to;
    if (to == from) {
      std::memcpy(dst, src, size_t{content.width()} * from);
    } else {
      for (uint32_t col = 0; col < content.width(); ++col) {
        WidenPixel(src + col * from, from, dst + col * to, to);
      }
    }
  }
  out = std::move(canvas);
  return OkStatus();
}

}  // namespace tk
