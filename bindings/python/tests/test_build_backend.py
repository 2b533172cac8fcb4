"""The in-tree PEP 517 backend builds an installable wheel with no build requirements."""

import importlib.util
import pathlib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_backend():
    spec = importlib.util.spec_from_file_location(
        "thumbkit_build", ROOT / "build_backend" / "thumbkit_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wheel_holds_the_package_and_its_metadata(tmp_path):
    backend = load_backend()
    assert backend.get_requires_for_build_wheel() == []
    name = backend.build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
        sources = {p.name for p in (ROOT / "src" / "thumbkit").glob("*.py")}
        assert {f"thumbkit/{s}" for s in sources} <= names
        assert "thumbkit/py.typed" in names
        dist_info = name.split("-py3")[0] + ".dist-info"
        metadata = wheel.read(f"{dist_info}/METADATA").decode()
        assert "Name: thumbkit" in metadata
        assert "Requires-Dist: cffi>=1.15" in metadata
        record = wheel.read(f"{dist_info}/RECORD").decode().splitlines()
        assert len(record) == len(names)  # every file listed, RECORD itself included
