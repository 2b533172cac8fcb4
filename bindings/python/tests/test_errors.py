"""Failures raise the exception class of their status, with name, HTTP status and message."""

import pickle

import pytest
import thumbkit

from conftest import FIXTURES, fixture


def test_truncated_jpeg():
    with pytest.raises(thumbkit.CorruptError) as info:
        thumbkit.thumbnail(fixture("bad/truncated.jpg"), width=64)
    error = info.value
    assert isinstance(error, thumbkit.TruncatedError) and isinstance(error, thumbkit.Error)
    assert error.status == "TK_ERR_TRUNCATED" and error.http_status == 422
    assert error.message and error.message in str(error) and "TK_ERR_TRUNCATED" in str(error)


def test_truncated_png_in_decode():
    with pytest.raises(thumbkit.CorruptError):
        thumbkit.decode(fixture("bad/truncated.png"))


def test_corrupt_header():
    with pytest.raises(thumbkit.CorruptError) as info:
        thumbkit.probe(fixture("bad/corrupt-header.jpg"))
    assert info.value.http_status == 422


def test_pixel_limit():
    data = fixture("bad/65536-uint32-limit.png")
    with pytest.raises(thumbkit.LimitError) as info:
        thumbkit.thumbnail(data)
    assert info.value.status == "TK_ERR_LIMIT_PIXELS" and info.value.http_status == 413
    assert "pixels" in info.value.message
    # max_pixels=0 lifts the pixel limit; the per-side limit (65535) still holds.
    with pytest.raises(thumbkit.LimitError) as info:
        thumbkit.probe(data, max_pixels=0)
    assert info.value.status == "TK_ERR_LIMIT_DIMENSION"


def test_limits_from_options():
    data = fixture("misc/320x240.jpg")
    with pytest.raises(thumbkit.LimitError) as info:
        thumbkit.thumbnail(data, max_bytes=100)
    assert info.value.status == "TK_ERR_LIMIT_INPUT_BYTES"
    with pytest.raises(thumbkit.LimitError) as info:
        thumbkit.decode(data, max_pixels=320 * 240 - 1)
    assert info.value.status == "TK_ERR_LIMIT_PIXELS"
    with pytest.raises(thumbkit.LimitError) as info:
        thumbkit.thumbnail(data, max_dimension=200)
    assert info.value.status == "TK_ERR_LIMIT_DIMENSION"
    assert thumbkit.thumbnail(data, width=10, max_pixels=320 * 240).width == 10


def test_unknown_format():
    with pytest.raises(thumbkit.UnknownFormatError) as info:
        thumbkit.probe(b"hello, world")
    assert info.value.status == "TK_ERR_UNKNOWN_FORMAT" and info.value.http_status == 415
    with pytest.raises(thumbkit.UnknownFormatError):
        thumbkit.thumbnail(b"")


@pytest.mark.parametrize("name", ["unsupported/monkey12.jpg", "unsupported/testimgl.jpg"])
def test_unsupported(name):
    with pytest.raises(thumbkit.UnsupportedError) as info:
        thumbkit.thumbnail(fixture(name), width=32)
    assert info.value.status == "TK_ERR_UNSUPPORTED"


@pytest.mark.parametrize("path", sorted((FIXTURES / "bad" / "png-crashers").glob("*.png")),
                         ids=lambda p: p.name)
def test_hostile_pngs_give_an_image_or_an_error(path):
    try:
        out = thumbkit.thumbnail(path.read_bytes(), width=32)
    except thumbkit.Error as error:
        assert error.status.startswith("TK_ERR_") and error.http_status in (400, 413, 415, 422)
    else:
        assert out.width <= 32


def test_errors_pickle():
    try:
        thumbkit.thumbnail(fixture("bad/truncated.jpg"))
    except thumbkit.Error as error:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert (copy.status, copy.http_status, copy.message) == (
            error.status, error.http_status, error.message)


def test_hierarchy():
    assert issubclass(thumbkit.InvalidArgumentError, ValueError)
    assert issubclass(thumbkit.OutOfMemoryError, MemoryError)
    for cls in (thumbkit.LimitError, thumbkit.CorruptError, thumbkit.UnsupportedError,
                thumbkit.UnknownFormatError, thumbkit.EncodeError, thumbkit.InternalError):
        assert issubclass(cls, thumbkit.Error)
