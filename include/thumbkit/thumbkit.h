/*
 * thumbkit — safe, fast thumbnails of untrusted images.
 *
 * The one public header and the stable C ABI. Conventions:
 * - every function returns a tk_status from the pinned enum below (0 = TK_OK);
 * - a handle (tk_ctx) carries typed parameters and the last error message;
 *   use one handle per thread, any number of handles in parallel;
 * - memory the library returns is released with tk_free();
 * - structs that may grow start with `struct_size`: set it to sizeof(struct) (TK_*_INIT does).
 */
#ifndef THUMBKIT_THUMBKIT_H
#define THUMBKIT_THUMBKIT_H

#include <stddef.h>
#include <stdint.h>

#include "thumbkit/thumbkit_export.h"
#include "thumbkit/thumbkit_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status: values are pinned forever; new ones are only appended. ---- */
typedef enum tk_status {
  TK_OK = 0,
  TK_ERR_INVALID_ARGUMENT = 1,  /* a parameter or argument is out of range or NULL */
  TK_ERR_UNKNOWN_FORMAT = 2,    /* the bytes are not JPEG, PNG or WebP */
  TK_ERR_UNSUPPORTED = 3,       /* valid, but a feature we do not decode (12-bit JPEG) */
  TK_ERR_CORRUPT = 4,           /* malformed data; the message names what and where */
  TK_ERR_TRUNCATED = 5,         /* the data ends early */
  TK_ERR_LIMIT_PIXELS = 6,      /* width x height above TK_PARAM_MAX_INPUT_PIXELS */
  TK_ERR_LIMIT_INPUT_BYTES = 7, /* input larger than TK_PARAM_MAX_INPUT_BYTES */
  TK_ERR_LIMIT_DIMENSION = 8,   /* a side above TK_PARAM_MAX_(OUTPUT_)DIMENSION */
  TK_ERR_LIMIT_SCANS = 9,       /* progressive JPEG with more than TK_PARAM_MAX_SCANS scans */
  TK_ERR_LIMIT_METADATA = 10,   /* ICC/EXIF/text above TK_PARAM_MAX_METADATA_BYTES */
  TK_ERR_OUT_OF_MEMORY = 11,
  TK_ERR_ENCODE = 12, /* the encoder refused the image */
  TK_ERR_INTERNAL = 13,
  TK_STATUS_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_status;

typedef enum tk_format {
  TK_FORMAT_SAME = 0, /* as output: the input's format */
  TK_FORMAT_JPEG = 1,
  TK_FORMAT_PNG = 2,
  TK_FORMAT_WEBP = 3,
  TK_FORMAT_UNKNOWN = 255,
  TK_FORMAT_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_format;

typedef enum tk_fit {
  TK_FIT_COVER = 0,   /* fill width x height exactly, cropping the overflow (default) */
  TK_FIT_CONTAIN = 1, /* fit inside width x height, pad to exactly that with TK_PARAM_BACKGROUND */
  TK_FIT_FILL = 2,    /* stretch to exactly width x height, ignoring aspect */
  TK_FIT_INSIDE = 3,  /* as large as possible while both sides <= the target */
  TK_FIT_OUTSIDE = 4, /* as small as possible while both sides >= the target */
  TK_FIT_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_fit;

/* Where cover crops and contain places the image. */
typedef enum tk_position {
  TK_POSITION_CENTRE = 0,
  TK_POSITION_NORTH = 1,
  TK_POSITION_NORTHEAST = 2,
  TK_POSITION_EAST = 3,
  TK_POSITION_SOUTHEAST = 4,
  TK_POSITION_SOUTH = 5,
  TK_POSITION_SOUTHWEST = 6,
  TK_POSITION_WEST = 7,
  TK_POSITION_NORTHWEST = 8,
  TK_POSITION_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_position;

typedef enum tk_kernel {
  TK_KERNEL_NEAREST = 0,
  TK_KERNEL_BOX = 1,
  TK_KERNEL_LINEAR = 2,   /* triangle */
  TK_KERNEL_CUBIC = 3,    /* Catmull-Rom */
  TK_KERNEL_MITCHELL = 4, /* Mitchell-Netravali B = C = 1/3 */
  TK_KERNEL_LANCZOS2 = 5,
  TK_KERNEL_LANCZOS3 = 6,             /* default */
  TK_KERNEL_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_kernel;

typedef enum tk_shrink_on_load {
  TK_SHRINK_ON_LOAD_OFF = 0, /* always decode at full size */
  TK_SHRINK_ON_LOAD_FAST =
      1, /* decode as small as the target allows (sharp's behaviour; default) */
  TK_SHRINK_ON_LOAD_ACCURATE = 2, /* keep at least 2x the target when shrinking on load */
  TK_SHRINK_ON_LOAD_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_shrink_on_load;

typedef enum tk_subsampling {
  TK_SUBSAMPLING_420 = 0, /* default */
  TK_SUBSAMPLING_444 = 1,
  TK_SUBSAMPLING_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_subsampling;

typedef enum tk_png_filter {
  TK_PNG_FILTER_NONE = 0, /* default: fast, as sharp's adaptiveFiltering: false */
  TK_PNG_FILTER_SUB = 1,
  TK_PNG_FILTER_UP = 2,
  TK_PNG_FILTER_AVG = 3,
  TK_PNG_FILTER_PAETH = 4,
  TK_PNG_FILTER_ADAPTIVE = 5,             /* libpng picks per row among all filters */
  TK_PNG_FILTER_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_png_filter;

/* Typed parameters of a handle. Bounds and defaults: tk_param_bounds(). */
typedef enum tk_param {
  /* geometry */
  TK_PARAM_WIDTH = 1, /* 0 = derive from height keeping aspect; both 0 = keep size */
  TK_PARAM_HEIGHT = 2,
  TK_PARAM_FIT = 3,                 /* tk_fit */
  TK_PARAM_POSITION = 4,            /* tk_position */
  TK_PARAM_WITHOUT_ENLARGEMENT = 5, /* 1 (default): never scale up */
  TK_PARAM_KERNEL = 6,              /* tk_kernel */
  TK_PARAM_BACKGROUND = 7,          /* 0xRRGGBBAA for contain padding and alpha flattening */
  TK_PARAM_AUTO_ORIENT = 8,         /* 1 (default): apply EXIF orientation, then drop the tag */
  TK_PARAM_SHRINK_ON_LOAD = 9,      /* tk_shrink_on_load */
  TK_PARAM_LINEAR_LIGHT = 10,       /* 1: resample sRGB colour in linear light; default 0 */
  /* box pre-shrink by an integer factor before the kernel, leaving at least gap x the target size
   * (Pillow's reducing_gap), in tenths: 30 = 3.0 (near exact, faster on large shrinks), 20 = 2.0;
   * 0 (default) or below 10 = exact kernel only. Ignored with TK_PARAM_LINEAR_LIGHT. */
  TK_PARAM_REDUCING_GAP = 11,
  /* output */
  TK_PARAM_FORMAT = 20,               /* tk_format */
  TK_PARAM_QUALITY = 21,              /* JPEG and lossy WebP quality, 1..100 (80) */
  TK_PARAM_JPEG_SUBSAMPLING = 22,     /* tk_subsampling */
  TK_PARAM_JPEG_PROGRESSIVE = 23,     /* 0 (default) or 1 */
  TK_PARAM_JPEG_OPTIMIZE_CODING = 24, /* 1 (default): optimised Huffman tables */
  TK_PARAM_PNG_LEVEL = 25,            /* zlib level 0..9 (6) */
  TK_PARAM_PNG_FILTER = 26,           /* tk_png_filter */
  TK_PARAM_WEBP_LOSSLESS = 27,        /* 0 (default) or 1 */
  TK_PARAM_WEBP_EFFORT = 28,          /* 0..6 (4) */
  TK_PARAM_WEBP_ALPHA_QUALITY = 29,   /* 0..100 (100) */
  TK_PARAM_KEEP_ICC = 30,  /* 1: keep the input's ICC profile and skip conversion to sRGB */
  TK_PARAM_KEEP_EXIF = 31, /* 1: keep EXIF (orientation reset to 1 after auto-orient) */
  /* limits, checked from headers before any large allocation; 0 = unlimited */
  TK_PARAM_MAX_INPUT_PIXELS = 40,     /* default 268402689 (16383 x 16383), as sharp */
  TK_PARAM_MAX_INPUT_BYTES = 41,      /* default 256 MiB */
  TK_PARAM_MAX_DIMENSION = 42,        /* largest input side; default 65535 */
  TK_PARAM_MAX_OUTPUT_DIMENSION = 43, /* largest output side; default 16383 */
  TK_PARAM_MAX_SCANS = 44,            /* progressive JPEG scans; default 100 */
  TK_PARAM_MAX_METADATA_BYTES = 45,   /* largest ICC/EXIF/text chunk; default 8 MiB */
  TK_PARAM_ALLOW_CORRUPT = 46, /* 1: accept data the decoder could repair (warnings); default 0 */
  TK_PARAM_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_param;

/* ---- Handles and parameters ---- */
typedef struct tk_ctx tk_ctx;

/* NULL only when out of memory. */
THUMBKIT_EXPORT tk_ctx* tk_ctx_new(void);
THUMBKIT_EXPORT void tk_ctx_free(tk_ctx* ctx);
/* Back to default parameters; clears the last error. */
THUMBKIT_EXPORT void tk_ctx_reset(tk_ctx* ctx);

THUMBKIT_EXPORT tk_status tk_set_int(tk_ctx* ctx, tk_param param, int64_t value);
THUMBKIT_EXPORT tk_status tk_get_int(const tk_ctx* ctx, tk_param param, int64_t* value);
/* Any of min/max/default_value may be NULL. TK_ERR_INVALID_ARGUMENT for an unknown param. */
THUMBKIT_EXPORT tk_status tk_param_bounds(tk_param param, int64_t* min, int64_t* max,
                                          int64_t* default_value);

/* ---- Errors ---- */
/* The message of the last call on ctx ("" if it succeeded); with ctx == NULL, of the last call
 * on this thread. Never NULL. Valid until the next call on the same ctx/thread. */
THUMBKIT_EXPORT const char* tk_last_error(const tk_ctx* ctx);
/* "TK_OK", "TK_ERR_CORRUPT", ... ; "TK_ERR_UNKNOWN_STATUS" for values not in the enum. */
THUMBKIT_EXPORT const char* tk_status_name(tk_status status);
/* The HTTP status an adapter should answer: 200, 400, 413, 415, 422, 500, 503. */
THUMBKIT_EXPORT int tk_status_http(tk_status status);
/* "jpeg", "png", "webp", "same", "unknown". */
THUMBKIT_EXPORT const char* tk_format_name(tk_format format);

/* ---- Memory ---- */
/* Frees memory returned by the library (encoded bytes, pixels, text). NULL is a no-op. */
THUMBKIT_EXPORT void tk_free(void* ptr);

/* ---- Version ---- */
/* TK_VERSION_NUMBER of the library actually loaded: major * 10000 + minor * 100 + patch. */
THUMBKIT_EXPORT unsigned tk_version(void);
THUMBKIT_EXPORT const char* tk_version_string(void);

/* ---- Probe: header facts, no pixels decoded ---- */
typedef struct tk_info {
  size_t struct_size; /* sizeof(tk_info) */
  tk_format format;
  uint32_t width; /* as stored */
  uint32_t height;
  uint32_t oriented_width; /* after EXIF orientation */
  uint32_t oriented_height;
  uint32_t orientation; /* EXIF 1..8; 1 when absent */
  uint32_t channels;    /* of the decoded image: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA */
  uint32_t has_alpha;
  uint32_t has_icc;
  uint32_t has_exif;
  uint32_t progressive; /* progressive JPEG or interlaced PNG */
  uint32_t frames;      /* 1, or the frame count of an animation */
  uint32_t bit_depth;   /* bits per sample as stored */
  uint32_t is_cmyk;     /* CMYK/YCCK JPEG */
} tk_info;
#define TK_INFO_INIT \
  { sizeof(tk_info), TK_FORMAT_UNKNOWN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0 }

THUMBKIT_EXPORT tk_status tk_probe(tk_ctx* ctx, const void* data, size_t size, tk_info* info);

/* ---- Thumbnail: bytes in, bytes out ---- */
typedef struct tk_output {
  size_t struct_size; /* sizeof(tk_output) */
  void* data;         /* encoded bytes, release with tk_free() */
  size_t size;
  tk_format format; /* the format actually written */
  uint32_t width;
  uint32_t height;
} tk_output;
#define TK_OUTPUT_INIT \
  { sizeof(tk_output), NULL, 0, TK_FORMAT_UNKNOWN, 0, 0 }

/* Decode, orient, convert to sRGB, resize per the handle's parameters, encode. On failure
 * out->data is NULL and nothing needs freeing. */
THUMBKIT_EXPORT tk_status tk_thumbnail(tk_ctx* ctx, const void* data, size_t size, tk_output* out);

/* The plan tk_thumbnail would follow for this input (geometry, shrink-on-load, crop, colour), as
 * JSON text; release with tk_free(). Reads headers only. */
THUMBKIT_EXPORT tk_status tk_plan_json(tk_ctx* ctx, const void* data, size_t size, char** json);

/* ---- Pixels: decode, resize, encode your own buffers ---- */
typedef enum tk_pixel_format {
  TK_PIXEL_GRAY8 = 1,
  TK_PIXEL_GRAYA8 = 2,
  TK_PIXEL_RGB8 = 3,
  TK_PIXEL_RGBA8 = 4,  /* straight (not premultiplied) alpha */
  TK_PIXEL_GRAY16 = 5, /* 16-bit samples in native byte order */
  TK_PIXEL_GRAYA16 = 6,
  TK_PIXEL_RGB16 = 7,
  TK_PIXEL_RGBA16 = 8,
  TK_PIXEL_FORMAT_FORCE_INT32_ = 0x7FFFFFFF /* keeps the enum 32-bit and any int value defined */
} tk_pixel_format;

typedef struct tk_pixels {
  size_t struct_size; /* sizeof(tk_pixels) */
  void* data;
  uint32_t width;
  uint32_t height;
  size_t stride; /* bytes from one row to the next; 0 = tightly packed */
  tk_pixel_format format;
} tk_pixels;
#define TK_PIXELS_INIT \
  { sizeof(tk_pixels), NULL, 0, 0, 0, TK_PIXEL_RGBA8 }

/* Decodes to 8-bit pixels, auto-oriented and in sRGB per the handle's parameters. out->data is
 * allocated by the library (tk_free()). Limits apply. */
THUMBKIT_EXPORT tk_status tk_decode(tk_ctx* ctx, const void* data, size_t size, tk_pixels* out);

/* Resamples src to dst->width x dst->height with TK_PARAM_KERNEL (alpha premultiplied while
 * resampling). dst->format must equal src->format. If dst->data is NULL the library allocates it
 * (release with tk_free()); otherwise it must hold dst->height rows of dst->stride bytes. */
THUMBKIT_EXPORT tk_status tk_resize(tk_ctx* ctx, const tk_pixels* src, tk_pixels* dst);

/* Encodes 8-bit pixels to TK_PARAM_FORMAT (TK_FORMAT_SAME means JPEG here) with the handle's
 * encoder options. */
THUMBKIT_EXPORT tk_status tk_encode(tk_ctx* ctx, const tk_pixels* src, tk_output* out);

#ifdef TK_EXPERIMENTAL
/* Experimental API: may change between minor versions. Nothing here yet. */
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* THUMBKIT_THUMBKIT_H */
