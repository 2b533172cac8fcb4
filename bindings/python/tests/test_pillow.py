"""decode / resize / encode / thumbnail checked against Pillow on the shared fixtures."""

import io

import numpy as np
import pytest
import thumbkit
from PIL import Image, ImageCms, ImageOps

from conftest import MODES, fixture, mean_abs_diff, pillow_array, pillow_open

PNGS = ["misc/test-pattern.png", "misc/gradients-rgb8.png", "alpha/with-alpha.png",
        "alpha/grey-8bit-alpha.png", "misc/stripesH.png", "misc/2x2_fdcce6.png"]
JPEGS = ["misc/320x240.jpg", "jpeg-turbo/testorig.jpg", "misc/concert.jpg",
         "jpeg-turbo/testimgint.jpg"]
ORIENTED = [f"orientation/{kind}_{n}.jpg" for kind in ("Landscape", "Portrait") for n in range(1, 9)]


@pytest.mark.parametrize("name", PNGS)
def test_decode_png_equals_pillow(name):
    data = fixture(name)
    pixels = thumbkit.decode(data)
    assert pixels.dtype == np.uint8 and pixels.ndim == 3
    assert pixels.shape[2] == thumbkit.probe(data).channels
    assert np.array_equal(pixels, pillow_array(pillow_open(data), pixels.shape[2]))


@pytest.mark.parametrize("name", JPEGS)
def test_decode_jpeg_close_to_pillow(name):
    data = fixture(name)
    pixels = thumbkit.decode(data)
    assert mean_abs_diff(pixels, pillow_array(pillow_open(data), pixels.shape[2])) < 1.0


def _pillow_upright_srgb(data: bytes) -> np.ndarray:
    image = ImageOps.exif_transpose(pillow_open(data))
    icc = pillow_open(data).info.get("icc_profile")
    if icc:
        image = ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"),
            outputMode="RGB")
    return np.asarray(image.convert("RGB"))


@pytest.mark.parametrize("name", ORIENTED)
def test_orientation_upright_like_exif_transpose(name):
    data = fixture(name)
    upright = np.asarray(ImageOps.exif_transpose(pillow_open(data)).convert("RGB"))
    # Without colour conversion the pixels are exactly Pillow's.
    assert np.array_equal(thumbkit.decode(data, keep_icc=True), upright)
    # By default the embedded profile is converted to sRGB, as Pillow's ImageCms does.
    assert mean_abs_diff(thumbkit.decode(data), _pillow_upright_srgb(data)) < 1.0
    # And the thumbnail is upright: its aspect follows the oriented size.
    info = thumbkit.probe(data)
    out = thumbkit.thumbnail(data, width=120, format="png")
    assert out.height == round(120 * info.oriented_height / info.oriented_width)


@pytest.mark.parametrize("name", ["misc/gradients-rgb8.png", "misc/test-pattern.png",
                                  "jpeg-turbo/testorig.jpg", "alpha/with-alpha.png",
                                  "misc/stripesV.png", "alpha/grey-8bit-alpha.png"])
def test_resize_half_matches_pillow_lanczos(name):
    pixels = thumbkit.decode(fixture(name))
    h, w, c = pixels.shape
    size = (w // 2, h // 2)
    ours = thumbkit.resize(pixels, size)
    assert ours.shape == (size[1], size[0], c) and ours.dtype == np.uint8
    source = Image.fromarray(pixels if c > 1 else pixels[:, :, 0], MODES[c])
    theirs = pillow_array(source.resize(size, Image.LANCZOS), c)
    assert mean_abs_diff(ours, theirs) < 1.5


def test_thumbnail_equals_resize_of_decode():
    data = fixture("misc/gradients-rgb8.png")
    pixels = thumbkit.decode(data)
    out = thumbkit.thumbnail(data, width=300, height=300, fit="fill", format="png")
    assert np.array_equal(pillow_array(pillow_open(out), 3), thumbkit.resize(pixels, (300, 300)))
    theirs = pillow_array(pillow_open(data).resize((300, 300), Image.LANCZOS), 3)
    assert mean_abs_diff(pillow_array(pillow_open(out), 3), theirs) < 1.5


@pytest.mark.parametrize("name", ["misc/test-pattern.png", "alpha/grey-8bit-alpha.png",
                                  "misc/stripesH.png", "misc/gradients-rgb8.png"])
def test_encode_png_round_trips_exactly(name):
    pixels = thumbkit.decode(fixture(name))
    out = thumbkit.encode(pixels, format="png")
    assert out.format == "png" and (out.height, out.width) == pixels.shape[:2]
    assert np.array_equal(pillow_array(pillow_open(out), pixels.shape[2]), pixels)
    assert np.array_equal(thumbkit.decode(out), pixels)


def test_encode_webp_lossless_round_trips_exactly():
    pixels = thumbkit.decode(fixture("alpha/with-alpha.png"))
    out = thumbkit.encode(pixels, format="webp", lossless=True)
    assert np.array_equal(pillow_array(pillow_open(out), 4), pixels)


def test_encode_jpeg_close_to_the_input():
    pixels = thumbkit.decode(fixture("misc/gradients-rgb8.png"))
    out = thumbkit.encode(pixels, format="jpeg", quality=95)
    assert out.startswith(b"\xff\xd8")
    assert mean_abs_diff(pillow_array(pillow_open(out), 3), pixels) < 1.5
    assert len(thumbkit.encode(pixels, quality=30)) < len(out)  # JPEG by default


def test_encode_2d_grey():
    grey = np.tile(np.arange(256, dtype=np.uint8), (16, 1))
    out = thumbkit.encode(grey, format="png")
    image = pillow_open(out)
    assert image.mode == "L" and np.array_equal(np.asarray(image), grey)
