"""Handles, options, and the calls: probe, thumbnail, plan, decode, resize, encode."""

from __future__ import annotations

import json
import operator
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, Optional, Tuple, Union

from ._errors import error_for, invalid_argument
from ._ffi import ffi, lib

BytesLike = Union[bytes, bytearray, memoryview]

# ---- option values -----------------------------------------------------------------------------

FITS = {
    "cover": lib.TK_FIT_COVER,
    "contain": lib.TK_FIT_CONTAIN,
    "fill": lib.TK_FIT_FILL,
    "inside": lib.TK_FIT_INSIDE,
    "outside": lib.TK_FIT_OUTSIDE,
}
POSITIONS = {
    "centre": lib.TK_POSITION_CENTRE,
    "center": lib.TK_POSITION_CENTRE,
    "north": lib.TK_POSITION_NORTH,
    "northeast": lib.TK_POSITION_NORTHEAST,
    "east": lib.TK_POSITION_EAST,
    "southeast": lib.TK_POSITION_SOUTHEAST,
    "south": lib.TK_POSITION_SOUTH,
    "southwest": lib.TK_POSITION_SOUTHWEST,
    "west": lib.TK_POSITION_WEST,
    "northwest": lib.TK_POSITION_NORTHWEST,
}
KERNELS = {
    "nearest": lib.TK_KERNEL_NEAREST,
    "box": lib.TK_KERNEL_BOX,
    "linear": lib.TK_KERNEL_LINEAR,
    "cubic": lib.TK_KERNEL_CUBIC,
    "mitchell": lib.TK_KERNEL_MITCHELL,
    "lanczos2": lib.TK_KERNEL_LANCZOS2,
    "lanczos3": lib.TK_KERNEL_LANCZOS3,
}
FORMATS = {
    "same": lib.TK_FORMAT_SAME,
    "jpeg": lib.TK_FORMAT_JPEG,
    "jpg": lib.TK_FORMAT_JPEG,
    "png": lib.TK_FORMAT_PNG,
    "webp": lib.TK_FORMAT_WEBP,
}
SHRINK_ON_LOAD = {
    "off": lib.TK_SHRINK_ON_LOAD_OFF,
    "fast": lib.TK_SHRINK_ON_LOAD_FAST,
    "accurate": lib.TK_SHRINK_ON_LOAD_ACCURATE,
}
SUBSAMPLINGS = {
    "4:2:0": lib.TK_SUBSAMPLING_420,
    "420": lib.TK_SUBSAMPLING_420,
    "4:4:4": lib.TK_SUBSAMPLING_444,
    "444": lib.TK_SUBSAMPLING_444,
}
PNG_FILTERS = {
    "none": lib.TK_PNG_FILTER_NONE,
    "sub": lib.TK_PNG_FILTER_SUB,
    "up": lib.TK_PNG_FILTER_UP,
    "avg": lib.TK_PNG_FILTER_AVG,
    "paeth": lib.TK_PNG_FILTER_PAETH,
    "adaptive": lib.TK_PNG_FILTER_ADAPTIVE,
}


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"thumbkit: option {name!r} takes an integer, not {type(value).__name__}")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(
            f"thumbkit: option {name!r} takes an integer, not {type(value).__name__}"
        ) from None


def _flag(name: str, value: Any) -> int:
    if isinstance(value, (bool, int)) and value in (0, 1):
        return int(value)
    raise TypeError(f"thumbkit: option {name!r} takes True or False, not {value!r}")


def _choice(table: Dict[str, int]) -> Callable[[str, Any], int]:
    def convert(name: str, value: Any) -> int:
        if isinstance(value, str):
            try:
                return table[value.lower()]
            except KeyError:
                choices = ", ".join(sorted(table))
                raise invalid_argument(
                    f"option {name!r}: unknown value {value!r} (one of {choices})"
                ) from None
        return _integer(name, value)  # a raw enum value; the library range-checks it

    return convert


def _background(name: str, value: Any) -> int:
    """0xRRGGBBAA, (r, g, b[, a]) or '#rrggbb[aa]'."""
    if isinstance(value, str):
        text = value[1:] if value.startswith("#") else value
        if len(text) not in (6, 8):
            raise invalid_argument(f"option {name!r}: expected '#rrggbb' or '#rrggbbaa'")
        try:
            number = int(text, 16)
        except ValueError:
            raise invalid_argument(f"option {name!r}: {value!r} is not hexadecimal") from None
        return number << 8 | 0xFF if len(text) == 6 else number
    if isinstance(value, (tuple, list)):
        if len(value) not in (3, 4) or not all(0 <= _integer(name, v) <= 255 for v in value):
            raise invalid_argument(f"option {name!r}: expected (r, g, b[, a]) in 0..255")
        r, g, b, a = (list(value) + [255])[:4]
        return r << 24 | g << 16 | b << 8 | a
    return _integer(name, value)


def _reducing_gap(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError(f"thumbkit: option {name!r} takes a number such as 2.0 or 3.0")
    return int(round(float(value) * 10))


def _shrink_on_load(name: str, value: Any) -> int:
    if isinstance(value, bool):
        return lib.TK_SHRINK_ON_LOAD_FAST if value else lib.TK_SHRINK_ON_LOAD_OFF
    return _choice(SHRINK_ON_LOAD)(name, value)


def _enlarge(name: str, value: Any) -> int:
    return 1 - _flag(name, value)  # enlarge=True is TK_PARAM_WITHOUT_ENLARGEMENT = 0


#: keyword option -> (tk_param, converter to the parameter's int64 value)
OPTIONS: Dict[str, Tuple[int, Callable[[str, Any], int]]] = {
    # geometry
    "width": (lib.TK_PARAM_WIDTH, _integer),
    "height": (lib.TK_PARAM_HEIGHT, _integer),
    "fit": (lib.TK_PARAM_FIT, _choice(FITS)),
    "position": (lib.TK_PARAM_POSITION, _choice(POSITIONS)),
    "without_enlargement": (lib.TK_PARAM_WITHOUT_ENLARGEMENT, _flag),
    "enlarge": (lib.TK_PARAM_WITHOUT_ENLARGEMENT, _enlarge),
    "kernel": (lib.TK_PARAM_KERNEL, _choice(KERNELS)),
    "background": (lib.TK_PARAM_BACKGROUND, _background),
    "auto_orient": (lib.TK_PARAM_AUTO_ORIENT, _flag),
    "shrink_on_load": (lib.TK_PARAM_SHRINK_ON_LOAD, _shrink_on_load),
    "linear_light": (lib.TK_PARAM_LINEAR_LIGHT, _flag),
    "reducing_gap": (lib.TK_PARAM_REDUCING_GAP, _reducing_gap),
    # output
    "format": (lib.TK_PARAM_FORMAT, _choice(FORMATS)),
    "quality": (lib.TK_PARAM_QUALITY, _integer),
    "subsampling": (lib.TK_PARAM_JPEG_SUBSAMPLING, _choice(SUBSAMPLINGS)),
    "progressive": (lib.TK_PARAM_JPEG_PROGRESSIVE, _flag),
    "optimize_coding": (lib.TK_PARAM_JPEG_OPTIMIZE_CODING, _flag),
    "png_level": (lib.TK_PARAM_PNG_LEVEL, _integer),
    "png_filter": (lib.TK_PARAM_PNG_FILTER, _choice(PNG_FILTERS)),
    "lossless": (lib.TK_PARAM_WEBP_LOSSLESS, _flag),
    "effort": (lib.TK_PARAM_WEBP_EFFORT, _integer),
    "alpha_quality": (lib.TK_PARAM_WEBP_ALPHA_QUALITY, _integer),
    "keep_icc": (lib.TK_PARAM_KEEP_ICC, _flag),
    "keep_exif": (lib.TK_PARAM_KEEP_EXIF, _flag),
    # limits (0 = unlimited)
    "max_pixels": (lib.TK_PARAM_MAX_INPUT_PIXELS, _integer),
    "max_bytes": (lib.TK_PARAM_MAX_INPUT_BYTES, _integer),
    "max_dimension": (lib.TK_PARAM_MAX_DIMENSION, _integer),
    "max_output_dimension": (lib.TK_PARAM_MAX_OUTPUT_DIMENSION, _integer),
    "max_scans": (lib.TK_PARAM_MAX_SCANS, _integer),
    "max_metadata_bytes": (lib.TK_PARAM_MAX_METADATA_BYTES, _integer),
    "allow_corrupt": (lib.TK_PARAM_ALLOW_CORRUPT, _flag),
}


def _option(name: str) -> Tuple[int, Callable[[str, Any], int]]:
    try:
        return OPTIONS[name]
    except KeyError:
        raise TypeError(
            f"thumbkit: unknown option {name!r} (known: {', '.join(OPTIONS)})"
        ) from None


def param_bounds(option: str) -> Tuple[int, int, int]:
    """(min, max, default) of the C parameter behind a keyword option, as the library reports
    them (raw values: enum numbers, 0/1 flags; ``enlarge`` reports TK_PARAM_WITHOUT_ENLARGEMENT)."""
    param, _ = _option(option)
    values = ffi.new("int64_t[3]")
    status = lib.tk_param_bounds(param, values + 0, values + 1, values + 2)
    if status:
        raise error_for(status, f"tk_param_bounds({option})")
    return int(values[0]), int(values[1]), int(values[2])


# ---- results -----------------------------------------------------------------------------------


def _string(ptr) -> str:
    return ffi.string(ptr).decode("utf-8", "replace")


def _format_name(value: int) -> str:
    return _string(lib.tk_format_name(value))


class Thumbnail(bytes):
    """Encoded image bytes, plus ``width``, ``height`` and ``format`` ('jpeg', 'png', 'webp')
    of what was actually written. Compares and behaves as ``bytes``."""

    width: int
    height: int
    format: str

    def __repr__(self) -> str:
        return f"<thumbkit.Thumbnail {self.format} {self.width}x{self.height}, {len(self)} bytes>"


@dataclass(frozen=True)
class Info:
    """Header facts from probe(); no pixels decoded. Mirrors struct tk_info."""

    format: str  # 'jpeg', 'png', 'webp'
    width: int  # as stored
    height: int
    oriented_width: int  # after EXIF orientation
    oriented_height: int
    orientation: int  # EXIF 1..8; 1 when absent
    channels: int  # of the decoded image: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
    has_alpha: bool
    has_icc: bool
    has_exif: bool
    progressive: bool  # progressive JPEG or interlaced PNG
    frames: int  # 1, or the frame count of an animation
    bit_depth: int  # bits per sample as stored
    is_cmyk: bool  # CMYK/YCCK JPEG


_INFO_BOOLS = ("has_alpha", "has_icc", "has_exif", "progressive", "is_cmyk")


def _new(ctype: str):
    value = ffi.new(ctype + "*")
    value.struct_size = ffi.sizeof(ctype)
    return value


def _input(data: BytesLike):
    """A zero-copy view of any contiguous bytes-like object (read-only ones too)."""
    if isinstance(data, str):
        raise TypeError("thumbkit: expected the image as bytes, bytearray or memoryview, not str")
    try:
        return ffi.from_buffer("char[]", data)
    except TypeError:
        raise TypeError(
            f"thumbkit: expected a bytes-like object, not {type(data).__name__}"
        ) from None


def _take_output(out) -> Thumbnail:
    """Copies a tk_output into a Thumbnail and releases the library's buffer."""
    try:
        result = Thumbnail(ffi.buffer(out.data, out.size))
    finally:
        lib.tk_free(out.data)
    result.width = int(out.width)
    result.height = int(out.height)
    result.format = _format_name(out.format)
    return result


# ---- numpy interop -----------------------------------------------------------------------------


def _numpy():
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - numpy is installed where the tests run
        raise ImportError("thumbkit: decode/resize/encode need numpy") from exc
    return numpy


class _LibraryPixels:
    """Owns pixels allocated by libthumbkit and exposes them to numpy without a copy.

    numpy.asarray(owner) makes an array whose ``base`` is this object; the buffer is released
    with tk_free() once the last array viewing it is gone.
    """

    __slots__ = ("_pointer", "__array_interface__", "__weakref__")

    def __init__(self, pointer, shape: Tuple[int, ...], strides: Tuple[int, ...], typestr: str):
        self._pointer = ffi.gc(pointer, lib.tk_free)  # frees even if the next lines raise
        self.__array_interface__ = {
            "version": 3,
            "shape": shape,
            "strides": strides,
            "typestr": typestr,
            "data": (int(ffi.cast("uintptr_t", pointer)), False),
        }


_PIXEL_FORMATS_8 = {
    1: lib.TK_PIXEL_GRAY8,
    2: lib.TK_PIXEL_GRAYA8,
    3: lib.TK_PIXEL_RGB8,
    4: lib.TK_PIXEL_RGBA8,
}
_PIXEL_FORMATS_16 = {
    1: lib.TK_PIXEL_GRAY16,
    2: lib.TK_PIXEL_GRAYA16,
    3: lib.TK_PIXEL_RGB16,
    4: lib.TK_PIXEL_RGBA16,
}
_CHANNELS = {v: c for c, v in _PIXEL_FORMATS_8.items()}
_CHANNELS.update({v: c for c, v in _PIXEL_FORMATS_16.items()})


def _as_pixels(array, *, allow_16bit: bool):
    """(pixel-compatible ndarray of H x W x C, tk_pixels* pointing into it, was_2d).

    uint8 (and uint16 when allowed) arrays of H x W or H x W x C (C = 1..4) are used in place
    when each row's pixels are packed (any row stride, e.g. a crop of a larger array); anything
    else (negative or odd strides, non-native byte order) is copied into a packed array first.
    """
    np = _numpy()
    a = np.asarray(array)
    allowed = (np.uint8, np.uint16) if allow_16bit else (np.uint8,)
    if a.dtype.type not in allowed:
        names = " or ".join(t.__name__ for t in allowed)
        raise TypeError(f"thumbkit: expected a {names} array, not {a.dtype}")
    if not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder("="))
    was_2d = a.ndim == 2
    if was_2d:
        a = a[:, :, np.newaxis]
    if a.ndim != 3 or not 1 <= a.shape[2] <= 4:
        raise ValueError(
            f"thumbkit: expected an H x W or H x W x C array with C = 1..4, not shape {a.shape}"
        )
    h, w, c = a.shape
    size = a.itemsize
    row = w * c * size
    s0, s1, s2 = a.strides
    packed = (
        (c == 1 or s2 == size)
        and (w == 1 or s1 == c * size)
        and (h == 1 or (s0 >= row and s0 % size == 0))
        and a.__array_interface__["data"][0] % size == 0
    )
    if not packed:
        a = np.ascontiguousarray(a)
        s0 = a.strides[0]
    pixels = _new("tk_pixels")
    pixels.data = ffi.cast("void *", a.__array_interface__["data"][0])
    pixels.width = w
    pixels.height = h
    pixels.stride = s0 if h > 1 else row
    pixels.format = (_PIXEL_FORMATS_16 if size == 2 else _PIXEL_FORMATS_8)[c]
    return a, pixels, was_2d


def _size(size) -> Tuple[int, int]:
    try:
        width, height = size
        width, height = operator.index(width), operator.index(height)
    except (TypeError, ValueError):
        raise TypeError("thumbkit: size must be (width, height), two integers") from None
    if width <= 0 or height <= 0 or width > 0xFFFFFFFF or height > 0xFFFFFFFF:
        raise invalid_argument(f"size must be positive, not {width}x{height}")
    return width, height


# ---- the handle --------------------------------------------------------------------------------


class Thumbnailer:
    """A reusable thumbkit handle (tk_ctx) holding options.

    Options given to the constructor or set() persist; options given to a method apply to that
    call only. Use one Thumbnailer per thread: calls on one instance are serialised by a lock
    (the GIL is released while the library works, so different instances run in parallel).
    """

    def __init__(self, **options: Any) -> None:
        ctx = lib.tk_ctx_new()
        if ctx == ffi.NULL:
            raise MemoryError("thumbkit: tk_ctx_new failed")
        self._ctx = ffi.gc(ctx, lib.tk_ctx_free)
        self._lock = threading.Lock()
        self.set(**options)

    # -- lifetime
    def close(self) -> None:
        """Frees the handle now (otherwise when garbage-collected). Idempotent."""
        with self._lock:
            if self._ctx is not None:
                ffi.release(self._ctx)
                self._ctx = None

    def __enter__(self) -> "Thumbnailer":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    # -- options
    def set(self, **options: Any) -> "Thumbnailer":
        """Sets options (see OPTIONS) on the handle; None leaves one unchanged. Returns self."""
        with self._lock:
            self._apply(self._handle(), options)
        return self

    def get(self, option: str) -> int:
        """The raw int64 value of the C parameter behind an option."""
        param, _ = _option(option)
        with self._lock:
            return self._get(self._handle(), param)

    def reset(self) -> None:
        """Back to the library's default options."""
        with self._lock:
            lib.tk_ctx_reset(self._handle())

    # -- calls
    def probe(self, data: BytesLike, **options: Any) -> Info:
        """Reads headers only (format, size, orientation, ...); limits apply."""
        buf = _input(data)
        info = _new("tk_info")
        info.format = lib.TK_FORMAT_UNKNOWN
        info.orientation = 1
        info.frames = 1
        with self._call(options) as ctx:
            self._check(ctx, lib.tk_probe(ctx, buf, len(buf), info))
        fields = {name: getattr(info, name) for name in Info.__dataclass_fields__}
        fields["format"] = _format_name(info.format)
        for name in _INFO_BOOLS:
            fields[name] = bool(fields[name])
        return Info(**fields)

    def thumbnail(self, data: BytesLike, **options: Any) -> Thumbnail:
        """Decode, orient, convert to sRGB, resize, encode: bytes in, bytes out."""
        buf = _input(data)
        out = _new("tk_output")
        with self._call(options) as ctx:
            self._check(ctx, lib.tk_thumbnail(ctx, buf, len(buf), out))
        return _take_output(out)

    def plan(self, data: BytesLike, **options: Any) -> dict:
        """What thumbnail() would do for this input (tk_plan_json), as a dict. Headers only."""
        buf = _input(data)
        text = ffi.new("char **")
        with self._call(options) as ctx:
            self._check(ctx, lib.tk_plan_json(ctx, buf, len(buf), text))
        try:
            return json.loads(ffi.string(text[0]).decode("utf-8"))
        finally:
            lib.tk_free(text[0])

    def decode(self, data: BytesLike, **options: Any):
        """Decodes to an H x W x C uint8 numpy array (C = 1..4), upright and in sRGB.

        No copy: the array views the library's buffer, freed with tk_free() when the array
        (its ``base`` is the owner) is garbage-collected.
        """
        np = _numpy()
        buf = _input(data)
        pixels = _new("tk_pixels")
        with self._call(options) as ctx:
            self._check(ctx, lib.tk_decode(ctx, buf, len(buf), pixels))
        channels = _CHANNELS[int(pixels.format)]
        size = 2 if channels != int(pixels.format) else 1
        h, w = int(pixels.height), int(pixels.width)
        stride = int(pixels.stride) or w * channels * size
        owner = _LibraryPixels(
            pixels.data, (h, w, channels), (stride, channels * size, size), "=u%d" % size
        )
        return np.asarray(owner)

    def resize(self, array, size: Tuple[int, int], kernel: Optional[str] = None, **options: Any):
        """Resamples an H x W[ x C] uint8/uint16 array (C = 1..4, straight alpha) to
        size = (width, height) with the kernel (default lanczos3). The input is read in place
        (any row stride); the output is a new packed array of the same dtype and rank."""
        np = _numpy()
        width, height = _size(size)
        src_array, src, was_2d = _as_pixels(array, allow_16bit=True)
        shape = (height, width) if was_2d else (height, width, src_array.shape[2])
        result = np.empty(shape, dtype=src_array.dtype)
        dst = _new("tk_pixels")
        dst.data = ffi.cast("void *", result.__array_interface__["data"][0])
        dst.width = width
        dst.height = height
        dst.stride = result.strides[0]
        dst.format = src.format
        if kernel is not None:
            options["kernel"] = kernel
        with self._call(options) as ctx:
            self._check(ctx, lib.tk_resize(ctx, src, dst))
        del src_array  # kept alive through the call above
        return result

    def encode(self, array, format: Optional[str] = None, **options: Any) -> Thumbnail:
        """Encodes an H x W[ x C] uint8 array (C = 1..4) to format ('jpeg', 'png', 'webp';
        default the handle's, i.e. JPEG) with the encoder options (quality, lossless, ...)."""
        src_array, src, _ = _as_pixels(array, allow_16bit=False)
        if format is not None:
            options["format"] = format
        out = _new("tk_output")
        with self._call(options) as ctx:
            self._check(ctx, lib.tk_encode(ctx, src, out))
        del src_array
        return _take_output(out)

    # -- internals
    def _handle(self):
        if self._ctx is None:
            raise ValueError("thumbkit: the Thumbnailer is closed")
        return self._ctx

    @staticmethod
    def _check(ctx, status: int) -> None:
        if status != lib.TK_OK:
            raise error_for(status, _string(lib.tk_last_error(ctx)))

    @staticmethod
    def _get(ctx, param: int) -> int:
        value = ffi.new("int64_t *")
        Thumbnailer._check(ctx, lib.tk_get_int(ctx, param, value))
        return int(value[0])

    @staticmethod
    def _apply(ctx, options: Dict[str, Any]) -> None:
        if options.get("enlarge") is not None and options.get("without_enlargement") is not None:
            raise TypeError("thumbkit: give enlarge or without_enlargement, not both")
        for name, value in options.items():
            param, convert = _option(name)
            if value is None:
                continue
            status = lib.tk_set_int(ctx, param, convert(name, value))
            if status != lib.TK_OK:
                raise error_for(status, f"option {name}={value!r}: {_string(lib.tk_last_error(ctx))}")

    @contextmanager
    def _call(self, options: Dict[str, Any]) -> Iterator[Any]:
        """Holds the lock; applies per-call options and restores the previous values after."""
        with self._lock:
            ctx = self._handle()
            saved = {}
            try:
                for name, value in options.items():
                    param, _ = _option(name)
                    if value is not None and param not in saved:
                        saved[param] = self._get(ctx, param)
                self._apply(ctx, options)
                yield ctx
            finally:
                for param, value in saved.items():
                    lib.tk_set_int(ctx, param, value)


# ---- module functions: one handle per call -----------------------------------------------------


def probe(data: BytesLike, **options: Any) -> Info:
    """Header facts of an image (Info); no pixels decoded."""
    with Thumbnailer(**options) as t:
        return t.probe(data)


def thumbnail(data: BytesLike, **options: Any) -> Thumbnail:
    """A thumbnail of an encoded image, encoded; see OPTIONS for the keyword options."""
    with Thumbnailer(**options) as t:
        return t.thumbnail(data)


def plan(data: BytesLike, **options: Any) -> dict:
    """What thumbnail(data, **options) would do, as a dict; reads headers only."""
    with Thumbnailer(**options) as t:
        return t.plan(data)


def decode(data: BytesLike, **options: Any):
    """An H x W x C uint8 numpy array of the image, upright and in sRGB (zero-copy)."""
    with Thumbnailer(**options) as t:
        return t.decode(data)


def resize(array, size: Tuple[int, int], kernel: Optional[str] = None, **options: Any):
    """A resampled copy of a uint8/uint16 H x W[ x C] array at size = (width, height)."""
    with Thumbnailer(**options) as t:
        return t.resize(array, size, kernel=kernel)


def encode(array, format: str = "jpeg", **options: Any) -> Thumbnail:
    """Encodes a uint8 H x W[ x C] array to 'jpeg', 'png' or 'webp'."""
    with Thumbnailer(**options) as t:
        return t.encode(array, format=format)
