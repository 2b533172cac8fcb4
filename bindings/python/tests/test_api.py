"""probe, thumbnail, plan, options and the Thumbnailer handle."""

import numpy as np
import pytest
import thumbkit

from conftest import fixture, pillow_open

PHOTO = "misc/320x240.jpg"
ALPHA_PNG = "alpha/with-alpha.png"


@pytest.mark.parametrize(
    "name, fmt, size, oriented, orientation, channels",
    [
        ("misc/320x240.jpg", "jpeg", (320, 240), (320, 240), 1, 3),
        ("orientation/Landscape_6.jpg", "jpeg", (450, 600), (600, 450), 6, 3),
        ("orientation/Portrait_5.jpg", "jpeg", (600, 450), (450, 600), 5, 3),
        ("alpha/with-alpha.png", "png", (256, 192), (256, 192), 1, 4),
        ("misc/stripesH.png", "png", (320, 240), (320, 240), 1, 1),
        ("webp/4.webp", "webp", None, None, 1, None),
    ],
)
def test_probe(name, fmt, size, oriented, orientation, channels):
    data = fixture(name)
    info = thumbkit.probe(data)
    image = pillow_open(data)
    assert info.format == fmt
    assert (info.width, info.height) == image.size
    if size is not None:
        assert (info.width, info.height) == size
        assert (info.oriented_width, info.oriented_height) == oriented
    assert info.orientation == orientation
    if channels is not None:
        assert info.channels == channels
    assert info.has_alpha == (info.channels in (2, 4))
    assert info.frames == 1 and info.bit_depth == 8
    assert isinstance(info.is_cmyk, bool) and not info.is_cmyk


def test_probe_info_is_frozen():
    info = thumbkit.probe(fixture(PHOTO))
    with pytest.raises(AttributeError):
        info.width = 1  # type: ignore[misc]


def test_probe_flags():
    assert thumbkit.probe(fixture("color/Channel_digital_image_CMYK_color.jpg")).is_cmyk
    assert thumbkit.probe(fixture("webp/animated-loop-3.webp")).frames > 1
    assert thumbkit.probe(fixture("orientation/Landscape_6.jpg")).has_exif
    assert thumbkit.probe(fixture("alpha/bggn4a16.png")).bit_depth == 16


@pytest.mark.parametrize("fmt, magic", [("jpeg", b"\xff\xd8\xff"), ("png", b"\x89PNG"), ("webp", b"RIFF")])
def test_thumbnail_formats(fmt, magic):
    out = thumbkit.thumbnail(fixture(PHOTO), width=64, height=64, format=fmt)
    assert isinstance(out, bytes) and out.startswith(magic)
    assert (out.width, out.height, out.format) == (64, 64, fmt)
    image = pillow_open(out)
    assert image.size == (64, 64) and image.format.lower() == fmt


def test_thumbnail_same_format_keeps_the_input_format():
    assert thumbkit.thumbnail(fixture(ALPHA_PNG), width=32).format == "png"
    assert thumbkit.thumbnail(fixture("webp/4.webp"), width=32).format == "webp"


@pytest.mark.parametrize(
    "fit, expected",
    [("cover", (100, 100)), ("contain", (100, 100)), ("fill", (100, 100)),
     ("inside", (100, 75)), ("outside", (133, 100))],
)
def test_thumbnail_fit(fit, expected):
    out = thumbkit.thumbnail(fixture(PHOTO), width=100, height=100, fit=fit, format="png")
    assert pillow_open(out).size == expected == (out.width, out.height)


def test_contain_pads_with_the_background():
    out = thumbkit.thumbnail(
        fixture(PHOTO), width=100, height=100, fit="contain", format="png", background="#ff0000ff"
    )
    pixels = np.asarray(pillow_open(out).convert("RGBA"))
    assert tuple(pixels[0, 0]) == (255, 0, 0, 255)  # top band of the letterbox
    same = thumbkit.thumbnail(
        fixture(PHOTO), width=100, height=100, fit="contain", format="png", background=(255, 0, 0)
    )
    assert same == out


def test_position_moves_the_crop():
    data = fixture(PHOTO)
    west = thumbkit.thumbnail(data, width=50, height=100, position="west", format="png")
    east = thumbkit.thumbnail(data, width=50, height=100, position="east", format="png")
    assert west != east


def test_enlargement():
    data = fixture(PHOTO)
    assert thumbkit.thumbnail(data, width=640).width == 320  # never upscales by default
    assert thumbkit.thumbnail(data, width=640, enlarge=True).width == 640
    assert thumbkit.thumbnail(data, width=640, without_enlargement=False).width == 640
    with pytest.raises(TypeError):
        thumbkit.thumbnail(data, width=640, enlarge=True, without_enlargement=True)


def test_encoder_options_change_the_output():
    data = fixture(PHOTO)
    low = thumbkit.thumbnail(data, width=200, quality=20)
    high = thumbkit.thumbnail(data, width=200, quality=95)
    assert len(low) < len(high)
    progressive = thumbkit.thumbnail(data, width=200, progressive=True)
    assert pillow_open(progressive).info.get("progressive") == 1
    lossless = thumbkit.thumbnail(data, width=64, format="webp", lossless=True, effort=1)
    assert pillow_open(lossless).size == (64, 48)
    png9 = thumbkit.thumbnail(data, width=200, format="png", png_level=9, png_filter="adaptive")
    png0 = thumbkit.thumbnail(data, width=200, format="png", png_level=0)
    assert len(png9) < len(png0)
    sub444 = thumbkit.thumbnail(data, width=200, subsampling="4:4:4", quality=90)
    assert sub444 != thumbkit.thumbnail(data, width=200, quality=90)


def test_kernels_and_other_options():
    data = fixture(PHOTO)
    outputs = {
        k: thumbkit.thumbnail(data, width=100, kernel=k, format="png", shrink_on_load="off")
        for k in thumbkit.KERNELS
    }
    assert len(set(outputs.values())) >= 6
    for extra in (dict(linear_light=True), dict(reducing_gap=2.0), dict(shrink_on_load=False),
                  dict(auto_orient=False), dict(keep_icc=True), dict(keep_exif=True),
                  dict(alpha_quality=50), dict(optimize_coding=False), dict(max_scans=10),
                  dict(max_metadata_bytes=1 << 20), dict(max_output_dimension=1000),
                  dict(allow_corrupt=True), dict(height=None)):
        assert pillow_open(thumbkit.thumbnail(data, width=100, **extra)).size == (100, 75)


def test_keep_exif_keeps_exif():
    data = fixture("orientation/Landscape_6.jpg")
    assert not thumbkit.probe(thumbkit.thumbnail(data, width=100)).has_exif
    kept = thumbkit.probe(thumbkit.thumbnail(data, width=100, keep_exif=True))
    assert kept.has_exif and kept.orientation == 1


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview, lambda b: memoryview(bytearray(b)),
                                  lambda b: np.frombuffer(b, dtype=np.uint8)])
def test_bytes_like_inputs(wrap):
    data = fixture(PHOTO)
    assert thumbkit.thumbnail(wrap(data), width=50) == thumbkit.thumbnail(data, width=50)
    assert thumbkit.probe(wrap(data)).width == 320


def test_bad_arguments():
    data = fixture(PHOTO)
    with pytest.raises(TypeError):
        thumbkit.thumbnail(data, widht=10)
    with pytest.raises(TypeError):
        thumbkit.thumbnail("not bytes", width=10)
    with pytest.raises(TypeError):
        thumbkit.thumbnail(data, width=10.5)
    with pytest.raises(thumbkit.InvalidArgumentError) as info:
        thumbkit.thumbnail(data, fit="squash")
    assert isinstance(info.value, ValueError)
    assert info.value.status == "TK_ERR_INVALID_ARGUMENT" and info.value.http_status == 400
    with pytest.raises(thumbkit.InvalidArgumentError, match="quality"):
        thumbkit.thumbnail(data, quality=101)  # range-checked by tk_set_int
    with pytest.raises(thumbkit.InvalidArgumentError):
        thumbkit.thumbnail(data, background="#12345")


def test_param_bounds():
    assert thumbkit.param_bounds("quality") == (1, 100, 80)
    assert thumbkit.param_bounds("max_pixels")[2] == 16383 * 16383
    for option in thumbkit.OPTIONS:
        low, high, default = thumbkit.param_bounds(option)
        assert low <= default <= high


def test_plan():
    plan = thumbkit.plan(fixture("orientation/Landscape_6.jpg"), width=100, height=100)
    assert plan["canvas"] == {"width": 100, "height": 100}
    assert plan["orientation_applied"] == 6


def test_thumbnailer_reuse_and_per_call_options():
    data = fixture(PHOTO)
    with thumbkit.Thumbnailer(width=80, format="png") as t:
        first = t.thumbnail(data)
        assert (first.width, first.format) == (80, "png")
        assert t.thumbnail(data, width=40, format="webp").width == 40
        assert t.thumbnail(data) == first  # per-call options were restored
        assert t.get("width") == 80 and t.get("format") == 2
        t.set(width=20)
        assert t.thumbnail(data).width == 20
        with pytest.raises(thumbkit.InvalidArgumentError):
            t.thumbnail(data, width=30, quality=0)
        assert t.get("width") == 20 and t.get("quality") == 80  # restored after a failure too
        t.reset()
        assert t.get("width") == 0
        assert t.probe(data).width == 320
    t.close()  # idempotent
    with pytest.raises(ValueError):
        t.thumbnail(data)


def test_thumbnail_matches_a_fresh_handle_after_an_error():
    with thumbkit.Thumbnailer(width=50) as t:
        with pytest.raises(thumbkit.Error):
            t.thumbnail(b"garbage")
        assert t.thumbnail(fixture(PHOTO)) == thumbkit.thumbnail(fixture(PHOTO), width=50)


def test_version():
    assert thumbkit.__version__.count(".") == 2
