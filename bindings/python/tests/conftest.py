"""Shared test helpers.

THUMBKIT_LIBRARY (the build tree's libthumbkit.so) and THUMBKIT_FIXTURES (CMake's
THUMBKIT_FIXTURES_DIR) come from ctest; run by hand, the fixtures default to ../shared/fixtures
beside the repository. A missing fixtures folder fails the run instead of skipping every test.
"""

import io
import os
import pathlib

import numpy as np
import pytest
from PIL import Image

HERE = pathlib.Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent  # bindings/python
REPO_ROOT = PACKAGE_ROOT.parent.parent
FIXTURES = pathlib.Path(
    os.environ.get("THUMBKIT_FIXTURES") or REPO_ROOT.parent / "shared" / "fixtures"
)

if not (FIXTURES / "orientation").is_dir():
    raise pytest.UsageError(f"thumbkit fixtures not found at {FIXTURES} (set THUMBKIT_FIXTURES)")


def fixture_path(name: str) -> pathlib.Path:
    return FIXTURES / name


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def pillow_open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


def pillow_array(image: Image.Image, channels: int) -> np.ndarray:
    """Pillow image as H x W x C uint8 in the channel layout thumbkit uses."""
    array = np.asarray(image.convert(MODES[channels]))
    return array.reshape(array.shape[0], array.shape[1], channels)


def mean_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape, (a.shape, b.shape)
    return float(np.abs(a.astype(np.int32) - b.astype(np.int32)).mean())
