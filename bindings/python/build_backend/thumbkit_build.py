"""A self-contained PEP 517 backend for this pure-Python package.

`pip install ./bindings/python` builds in an isolated environment that must first download the
backend's requirements; with none (this file is the backend) the install works offline, which is
how Debian hosts and Lambda build images without PyPI access install it. The wheel is a zip of
src/thumbkit plus the metadata pyproject.toml declares.
"""

import base64
import hashlib
import os
import tomllib
import zipfile

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_TAG = "py3-none-any"


def _project():
    with open(os.path.join(_ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
    ]
    lines += [f"Requires-Dist: {dep}" for dep in project.get("dependencies", [])]
    for extra, deps in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {dep}; extra == "{extra}"' for dep in deps]
    with open(os.path.join(_ROOT, project["readme"]), encoding="utf-8") as f:
        readme = f.read()
    return "\n".join(lines) + "\nDescription-Content-Type: text/markdown\n\n" + readme


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    name, version = project["name"], project["version"]
    dist_info = f"{name}-{version}.dist-info"
    files = []
    package_dir = os.path.join(_ROOT, "src", name)
    for entry in sorted(os.listdir(package_dir)):
        if entry.endswith(".py") or entry == "py.typed":
            with open(os.path.join(package_dir, entry), "rb") as f:
                files.append((f"{name}/{entry}", f.read()))
    files.append((f"{dist_info}/METADATA", _metadata(project).encode()))
    wheel = f"Wheel-Version: 1.0\nGenerator: thumbkit_build\nRoot-Is-Purelib: true\nTag: {_TAG}\n"
    files.append((f"{dist_info}/WHEEL", wheel.encode()))
    record = [_record_line(path, data) for path, data in files] + [f"{dist_info}/RECORD,,"]
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))

    basename = f"{name}-{version}-{_TAG}.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, basename), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            z.writestr(path, data)
    return basename
