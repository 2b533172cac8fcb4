"""No copies at the boundary: decode views the library's buffer, resize reads arrays in place."""

import gc
import sys
import weakref

import numpy as np
import pytest
import thumbkit
from thumbkit import _core

from conftest import fixture


def test_decode_returns_a_view_of_the_library_buffer():
    pixels = thumbkit.decode(fixture("misc/320x240.jpg"))
    assert isinstance(pixels.base, _core._LibraryPixels)
    assert pixels.flags.writeable and pixels.flags.c_contiguous
    pixels[0, 0] = 7  # ours to modify
    owner = weakref.ref(pixels.base)
    view = pixels[10:20]
    del pixels
    gc.collect()
    assert owner() is not None  # a view keeps the buffer alive
    assert view.sum() >= 0
    del view
    gc.collect()
    assert owner() is None  # ... and tk_free() ran with the last one


def test_decode_does_not_leak():
    data = fixture("misc/gradients-rgb8.png")  # 3 MB of pixels per decode
    thumbkit.decode(data)
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc/self/statm")

    def rss_pages():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1])

    before = rss_pages()
    for _ in range(60):
        thumbkit.decode(data).sum()
    assert (rss_pages() - before) * 4096 < 40 * 3_000_000  # not 60 buffers kept


def _address(array) -> int:
    return array.__array_interface__["data"][0]


@pytest.mark.parametrize(
    "view",
    [lambda a: a, lambda a: a[10:200, 20:300], lambda a: a[::2], lambda a: a[5:, :, :],
     lambda a: a[:1], lambda a: a[:, :1]],
    ids=["whole", "crop", "every-other-row", "offset", "one-row", "one-column"],
)
def test_strided_arrays_are_read_in_place(view):
    pixels = thumbkit.decode(fixture("misc/test-pattern.png"))
    source = view(pixels)
    used, tk_pixels, _ = _core._as_pixels(source, allow_16bit=True)
    assert np.shares_memory(used, pixels) and _address(used) == _address(source)
    assert tk_pixels.stride == (source.strides[0] if source.shape[0] > 1 else used.shape[1] * used.shape[2])
    size = (max(1, source.shape[1] // 3), max(1, source.shape[0] // 3))
    assert np.array_equal(thumbkit.resize(source, size), thumbkit.resize(source.copy(), size))


def test_arrays_that_need_a_copy_still_work():
    pixels = thumbkit.decode(fixture("misc/test-pattern.png"))
    for source in (pixels[:, ::2], pixels[::-1], pixels[:, :, ::-1], pixels[:, :, :3]):
        used, _, _ = _core._as_pixels(source, allow_16bit=True)
        assert not np.shares_memory(used, pixels)
        assert np.array_equal(thumbkit.resize(source, (64, 48)),
                              thumbkit.resize(np.ascontiguousarray(source), (64, 48)))


def test_read_only_arrays_and_buffers():
    pixels = thumbkit.decode(fixture("misc/320x240.jpg"))
    frozen = pixels.copy()
    frozen.flags.writeable = False
    assert np.array_equal(thumbkit.resize(frozen, (32, 24)), thumbkit.resize(pixels, (32, 24)))
    assert thumbkit.encode(frozen, format="png") == thumbkit.encode(pixels, format="png")


def test_resize_output_is_a_new_packed_array():
    pixels = thumbkit.decode(fixture("misc/320x240.jpg"))
    out = thumbkit.resize(pixels, (100, 50), kernel="cubic")
    assert out.shape == (50, 100, 3) and out.flags.c_contiguous and out.flags.owndata
    assert not np.array_equal(out, thumbkit.resize(pixels, (100, 50), kernel="nearest"))


def test_resize_2d_and_16_bit():
    grey = thumbkit.decode(fixture("misc/gradients-rgb8.png"))[:, :, 1]  # strided 2-D view
    small = thumbkit.resize(grey, (100, 80))
    assert small.shape == (80, 100) and small.dtype == np.uint8
    wide = grey.astype(np.uint16) * 257
    small16 = thumbkit.resize(wide, (100, 80))
    assert small16.dtype == np.uint16 and small16.shape == (80, 100)
    assert np.abs(small16 / 257.0 - small).max() <= 1.0
    swapped = wide.astype(">u2")  # non-native byte order is converted
    assert np.array_equal(thumbkit.resize(swapped, (100, 80)), small16)
    rgba16 = np.dstack([wide] * 4)
    assert thumbkit.resize(rgba16, (10, 8)).shape == (8, 10, 4)


def test_bad_arrays():
    with pytest.raises(TypeError):
        thumbkit.resize(np.zeros((4, 4, 3), np.float32), (2, 2))
    with pytest.raises(ValueError):
        thumbkit.resize(np.zeros((4, 4, 5), np.uint8), (2, 2))
    with pytest.raises(TypeError):
        thumbkit.encode(np.zeros((4, 4, 3), np.uint16))
    with pytest.raises(thumbkit.InvalidArgumentError):
        thumbkit.resize(np.zeros((4, 4, 3), np.uint8), (0, 2))
    with pytest.raises(TypeError):
        thumbkit.resize(np.zeros((4, 4, 3), np.uint8), 2)
