"""The C ABI of libthumbkit, declared for cffi's ABI mode, and the loaded library.

The declarations mirror include/thumbkit/thumbkit.h (without comments and export macros);
tests/test_header.py checks every constant, struct field and function against that header, so
the two cannot drift apart silently.
"""

from __future__ import annotations

import os

from cffi import FFI

CDEF = """
typedef enum tk_status {
  TK_OK = 0,
  TK_ERR_INVALID_ARGUMENT = 1,
  TK_ERR_UNKNOWN_FORMAT = 2,
  TK_ERR_UNSUPPORTED = 3,
  TK_ERR_CORRUPT = 4,
  TK_ERR_TRUNCATED = 5,
  TK_ERR_LIMIT_PIXELS = 6,
  TK_ERR_LIMIT_INPUT_BYTES = 7,
  TK_ERR_LIMIT_DIMENSION = 8,
  TK_ERR_LIMIT_SCANS = 9,
  TK_ERR_LIMIT_METADATA = 10,
  TK_ERR_OUT_OF_MEMORY = 11,
  TK_ERR_ENCODE = 12,
  TK_ERR_INTERNAL = 13,
  TK_STATUS_FORCE_INT32_ = 0x7FFFFFFF
} tk_status;

typedef enum tk_format {
  TK_FORMAT_SAME = 0,
  TK_FORMAT_JPEG = 1,
  TK_FORMAT_PNG = 2,
  TK_FORMAT_WEBP = 3,
  TK_FORMAT_UNKNOWN = 255,
  TK_FORMAT_FORCE_INT32_ = 0x7FFFFFFF
} tk_format;

typedef enum tk_fit {
  TK_FIT_COVER = 0,
  TK_FIT_CONTAIN = 1,
  TK_FIT_FILL = 2,
  TK_FIT_INSIDE = 3,
  TK_FIT_OUTSIDE = 4,
  TK_FIT_FORCE_INT32_ = 0x7FFFFFFF
} tk_fit;

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
  TK_POSITION_FORCE_INT32_ = 0x7FFFFFFF
} tk_position;

typedef enum tk_kernel {
  TK_KERNEL_NEAREST = 0,
  TK_KERNEL_BOX = 1,
  TK_KERNEL_LINEAR = 2,
  TK_KERNEL_CUBIC = 3,
  TK_KERNEL_MITCHELL = 4,
  TK_KERNEL_LANCZOS2 = 5,
  TK_KERNEL_LANCZOS3 = 6,
  TK_KERNEL_FORCE_INT32_ = 0x7FFFFFFF
} tk_kernel;

typedef enum tk_shrink_on_load {
  TK_SHRINK_ON_LOAD_OFF = 0,
  TK_SHRINK_ON_LOAD_FAST = 1,
  TK_SHRINK_ON_LOAD_ACCURATE = 2,
  TK_SHRINK_ON_LOAD_FORCE_INT32_ = 0x7FFFFFFF
} tk_shrink_on_load;

typedef enum tk_subsampling {
  TK_SUBSAMPLING_420 = 0,
  TK_SUBSAMPLING_444 = 1,
  TK_SUBSAMPLING_FORCE_INT32_ = 0x7FFFFFFF
} tk_subsampling;

typedef enum tk_png_filter {
  TK_PNG_FILTER_NONE = 0,
  TK_PNG_FILTER_SUB = 1,
  TK_PNG_FILTER_UP = 2,
  TK_PNG_FILTER_AVG = 3,
  TK_PNG_FILTER_PAETH = 4,
  TK_PNG_FILTER_ADAPTIVE = 5,
  TK_PNG_FILTER_FORCE_INT32_ = 0x7FFFFFFF
} tk_png_filter;

typedef enum tk_param {
  TK_PARAM_WIDTH = 1,
  TK_PARAM_HEIGHT = 2,
  TK_PARAM_FIT = 3,
  TK_PARAM_POSITION = 4,
  TK_PARAM_WITHOUT_ENLARGEMENT = 5,
  TK_PARAM_KERNEL = 6,
  TK_PARAM_BACKGROUND = 7,
  TK_PARAM_AUTO_ORIENT = 8,
  TK_PARAM_SHRINK_ON_LOAD = 9,
  TK_PARAM_LINEAR_LIGHT = 10,
  TK_PARAM_REDUCING_GAP = 11,
  TK_PARAM_FORMAT = 20,
  TK_PARAM_QUALITY = 21,
  TK_PARAM_JPEG_SUBSAMPLING = 22,
  TK_PARAM_JPEG_PROGRESSIVE = 23,
  TK_PARAM_JPEG_OPTIMIZE_CODING = 24,
  TK_PARAM_PNG_LEVEL = 25,
  TK_PARAM_PNG_FILTER = 26,
  TK_PARAM_WEBP_LOSSLESS = 27,
  TK_PARAM_WEBP_EFFORT = 28,
  TK_PARAM_WEBP_ALPHA_QUALITY = 29,
  TK_PARAM_KEEP_ICC = 30,
  TK_PARAM_KEEP_EXIF = 31,
  TK_PARAM_MAX_INPUT_PIXELS = 40,
  TK_PARAM_MAX_INPUT_BYTES = 41,
  TK_PARAM_MAX_DIMENSION = 42,
  TK_PARAM_MAX_OUTPUT_DIMENSION = 43,
  TK_PARAM_MAX_SCANS = 44,
  TK_PARAM_MAX_METADATA_BYTES = 45,
  TK_PARAM_ALLOW_CORRUPT = 46,
  TK_PARAM_FORCE_INT32_ = 0x7FFFFFFF
} tk_param;

typedef struct tk_ctx tk_ctx;

tk_ctx* tk_ctx_new(void);
void tk_ctx_free(tk_ctx* ctx);
void tk_ctx_reset(tk_ctx* ctx);

tk_status tk_set_int(tk_ctx* ctx, tk_param param, int64_t value);
tk_status tk_get_int(const tk_ctx* ctx, tk_param param, int64_t* value);
tk_status tk_param_bounds(tk_param param, int64_t* min, int64_t* max, int64_t* default_value);

const char* tk_last_error(const tk_ctx* ctx);
const char* tk_status_name(tk_status status);
int tk_status_http(tk_status status);
const char* tk_format_name(tk_format format);

void tk_free(void* ptr);

unsigned tk_version(void);
const char* tk_version_string(void);

typedef struct tk_info {
  size_t struct_size;
  tk_format format;
  uint32_t width;
  uint32_t height;
  uint32_t oriented_width;
  uint32_t oriented_height;
  uint32_t orientation;
  uint32_t channels;
  uint32_t has_alpha;
  uint32_t has_icc;
  uint32_t has_exif;
  uint32_t progressive;
  uint32_t frames;
  uint32_t bit_depth;
  uint32_t is_cmyk;
} tk_info;

tk_status tk_probe(tk_ctx* ctx, const void* data, size_t size, tk_info* info);

typedef struct tk_output {
  size_t struct_size;
  void* data;
  size_t size;
  tk_format format;
  uint32_t width;
  uint32_t height;
} tk_output;

tk_status tk_thumbnail(tk_ctx* ctx, const void* data, size_t size, tk_output* out);
tk_status tk_plan_json(tk_ctx* ctx, const void* data, size_t size, char** json);

typedef enum tk_pixel_format {
  TK_PIXEL_GRAY8 = 1,
  TK_PIXEL_GRAYA8 = 2,
  TK_PIXEL_RGB8 = 3,
  TK_PIXEL_RGBA8 = 4,
  TK_PIXEL_GRAY16 = 5,
  TK_PIXEL_GRAYA16 = 6,
  TK_PIXEL_RGB16 = 7,
  TK_PIXEL_RGBA16 = 8,
  TK_PIXEL_FORMAT_FORCE_INT32_ = 0x7FFFFFFF
} tk_pixel_format;

typedef struct tk_pixels {
  size_t struct_size;
  void* data;
  uint32_t width;
  uint32_t height;
  size_t stride;
  tk_pixel_format format;
} tk_pixels;

tk_status tk_decode(tk_ctx* ctx, const void* data, size_t size, tk_pixels* out);
tk_status tk_resize(tk_ctx* ctx, const tk_pixels* src, tk_pixels* dst);
tk_status tk_encode(tk_ctx* ctx, const tk_pixels* src, tk_output* out);
"""

#: The SONAME of the library this package is written against (SOVERSION major.minor).
SONAME = "libthumbkit.so.0.1"

ffi = FFI()
ffi.cdef(CDEF)


def _load():
    path = os.environ.get("THUMBKIT_LIBRARY") or SONAME
    try:
        return ffi.dlopen(path), path
    except OSError as exc:
        hint = (
            "set THUMBKIT_LIBRARY to the path of libthumbkit.so"
            if path == SONAME
            else "THUMBKIT_LIBRARY points at a file that cannot be loaded"
        )
        raise ImportError(f"thumbkit: cannot load {path!r} ({hint}): {exc}") from exc


lib, library_path = _load()
