"""One version in one place: pyproject.toml's version must equal the library's."""

import re
import sys

import thumbkit
from thumbkit._ffi import lib

from conftest import PACKAGE_ROOT, REPO_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = None


def pyproject_version() -> str:
    text = (PACKAGE_ROOT / "pyproject.toml").read_text()
    if tomllib is not None:
        return tomllib.loads(text)["project"]["version"]
    return re.search(r'^version\s*=\s*"([^"]+)"', text, re.M).group(1)  # pragma: no cover


def test_pyproject_version_is_the_library_version():
    assert pyproject_version() == thumbkit.__version__


def test_version_string_matches_version_number():
    major, minor, patch = (int(x) for x in thumbkit.__version__.split("."))
    assert lib.tk_version() == major * 10000 + minor * 100 + patch


def test_cmake_project_version_is_the_same():
    cmake = (REPO_ROOT / "CMakeLists.txt").read_text()
    match = re.search(r"project\(\s*thumbkit\s+VERSION\s+([0-9.]+)", cmake)
    assert match, "project(thumbkit VERSION ...) not found in CMakeLists.txt"
    assert match.group(1) == pyproject_version()


def test_soname_follows_the_version():
    major, minor, _ = thumbkit.__version__.split(".")
    assert thumbkit.SONAME == f"libthumbkit.so.{major}.{minor}"
