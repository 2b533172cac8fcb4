"""Exceptions, one class per tk_status family."""

from __future__ import annotations

from ._ffi import ffi, lib


class Error(Exception):
    """A thumbkit call failed.

    Attributes:
        status: the tk_status name, e.g. ``"TK_ERR_CORRUPT"``.
        code: the tk_status value.
        http_status: what an HTTP adapter should answer (tk_status_http): 400, 413, 415, 422, 500...
        message: the library's message (tk_last_error), naming what failed and where.
    """

    def __init__(self, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.code = int(code)
        self.status = ffi.string(lib.tk_status_name(self.code)).decode("ascii")
        self.http_status = int(lib.tk_status_http(self.code))

    def __str__(self) -> str:
        return f"{self.status}: {self.message}" if self.message else self.status

    def __reduce__(self):
        return (type(self), (self.message, self.code))


class InvalidArgumentError(Error, ValueError):
    """TK_ERR_INVALID_ARGUMENT: a parameter or argument is out of range."""


class UnknownFormatError(Error):
    """TK_ERR_UNKNOWN_FORMAT: the bytes are not JPEG, PNG or WebP."""


class UnsupportedError(Error):
    """TK_ERR_UNSUPPORTED: valid, but a feature thumbkit does not decode (e.g. 12-bit JPEG)."""


class CorruptError(Error):
    """TK_ERR_CORRUPT: malformed data."""


class TruncatedError(CorruptError):
    """TK_ERR_TRUNCATED: the data ends early (a kind of corrupt data)."""


class LimitError(Error):
    """TK_ERR_LIMIT_*: a security limit (pixels, bytes, dimension, scans, metadata) was exceeded.

    ``status`` names which one; ``http_status`` is 413.
    """


class OutOfMemoryError(Error, MemoryError):
    """TK_ERR_OUT_OF_MEMORY."""


class EncodeError(Error):
    """TK_ERR_ENCODE: the encoder refused the image."""


class InternalError(Error):
    """TK_ERR_INTERNAL: a bug in thumbkit; please report it."""


_BY_CODE = {
    lib.TK_ERR_INVALID_ARGUMENT: InvalidArgumentError,
    lib.TK_ERR_UNKNOWN_FORMAT: UnknownFormatError,
    lib.TK_ERR_UNSUPPORTED: UnsupportedError,
    lib.TK_ERR_CORRUPT: CorruptError,
    lib.TK_ERR_TRUNCATED: TruncatedError,
    lib.TK_ERR_LIMIT_PIXELS: LimitError,
    lib.TK_ERR_LIMIT_INPUT_BYTES: LimitError,
    lib.TK_ERR_LIMIT_DIMENSION: LimitError,
    lib.TK_ERR_LIMIT_SCANS: LimitError,
    lib.TK_ERR_LIMIT_METADATA: LimitError,
    lib.TK_ERR_OUT_OF_MEMORY: OutOfMemoryError,
    lib.TK_ERR_ENCODE: EncodeError,
    lib.TK_ERR_INTERNAL: InternalError,
}


def error_for(code: int, message: str) -> Error:
    """The exception for a non-OK status (Error itself for a status this package does not know)."""
    return _BY_CODE.get(int(code), Error)(message, code)


def invalid_argument(message: str) -> InvalidArgumentError:
    """An InvalidArgumentError raised by the Python layer before calling the library."""
    return InvalidArgumentError(message, lib.TK_ERR_INVALID_ARGUMENT)
