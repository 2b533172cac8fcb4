"""thumbkit — safe, fast thumbnails of untrusted images (Python binding of libthumbkit).

    import thumbkit
    jpeg = thumbkit.thumbnail(data, width=512, height=512, format="jpeg")

The binding loads the shared library by its SONAME (libthumbkit.so.0.1) through cffi's ABI
mode; set THUMBKIT_LIBRARY to a path to load another build. The GIL is released during every
library call.
"""

from ._core import (
    FITS,
    FORMATS,
    KERNELS,
    OPTIONS,
    POSITIONS,
    Info,
    Thumbnail,
    Thumbnailer,
    decode,
    encode,
    param_bounds,
    plan,
    probe,
    resize,
    thumbnail,
)
from ._errors import (
    CorruptError,
    EncodeError,
    Error,
    InternalError,
    InvalidArgumentError,
    LimitError,
    OutOfMemoryError,
    TruncatedError,
    UnknownFormatError,
    UnsupportedError,
)
from ._ffi import SONAME, ffi as _ffi, lib as _lib, library_path

#: The version of the loaded libthumbkit (tk_version_string()); the package's own version in
#: pyproject.toml is kept equal to it (tests/test_version.py).
__version__ = _ffi.string(_lib.tk_version_string()).decode("ascii")

# Public classes show (and pickle) as thumbkit.X rather than thumbkit._core.X.
for _cls in (Info, Thumbnail, Thumbnailer, Error, InvalidArgumentError, UnknownFormatError,
             UnsupportedError, CorruptError, TruncatedError, LimitError, OutOfMemoryError,
             EncodeError, InternalError):
    _cls.__module__ = __name__
del _cls

__all__ = [
    "CorruptError",
    "EncodeError",
    "Error",
    "FITS",
    "FORMATS",
    "Info",
    "InternalError",
    "InvalidArgumentError",
    "KERNELS",
    "LimitError",
    "OPTIONS",
    "OutOfMemoryError",
    "POSITIONS",
    "SONAME",
    "Thumbnail",
    "Thumbnailer",
    "TruncatedError",
    "UnknownFormatError",
    "UnsupportedError",
    "decode",
    "encode",
    "library_path",
    "param_bounds",
    "plan",
    "probe",
    "resize",
    "thumbnail",
]
