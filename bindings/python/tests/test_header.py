"""The cffi declarations in thumbkit/_ffi.py must match include/thumbkit/thumbkit.h."""

import re

import pytest
import thumbkit
from thumbkit._ffi import CDEF, ffi, lib

from conftest import REPO_ROOT

HEADER = REPO_ROOT / "include" / "thumbkit" / "thumbkit.h"


@pytest.fixture(scope="module")
def header() -> str:
    text = HEADER.read_text()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # drop comments
    return text


def test_every_constant_matches(header):
    constants = re.findall(r"\b(TK_[A-Z0-9_]+)\s*=\s*(0x[0-9A-Fa-f]+|\d+)", header)
    assert len(constants) > 80
    for name, value in constants:
        assert getattr(lib, name) == int(value, 0), name


def test_every_function_is_declared(header):
    in_header = set(re.findall(r"THUMBKIT_EXPORT\s+[\w\s\*]*?\b(tk_\w+)\s*\(", header))
    in_cdef = set(re.findall(r"\b(tk_\w+)\s*\(", CDEF))
    assert in_header and in_header == in_cdef


@pytest.mark.parametrize("struct", ["tk_info", "tk_output", "tk_pixels"])
def test_struct_fields_match(header, struct):
    body = re.search(r"typedef struct %s \{(.*?)\} %s;" % (struct, struct), header, re.S).group(1)
    fields = re.findall(r"\b(\w+)\s*;", body)
    assert [name for name, _ in ffi.typeof(struct).fields] == fields


def test_info_has_every_tk_info_field():
    fields = [name for name, _ in ffi.typeof("tk_info").fields if name != "struct_size"]
    assert list(thumbkit.Info.__dataclass_fields__) == fields


def test_every_param_has_an_option(header):
    params = {
        int(value, 0)
        for name, value in re.findall(r"\b(TK_PARAM_\w+)\s*=\s*(0x[0-9A-Fa-f]+|\d+)", header)
        if not name.endswith("FORCE_INT32_")
    }
    assert params == {param for param, _ in thumbkit.OPTIONS.values()}
