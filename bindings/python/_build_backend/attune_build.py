"""A small PEP 517 build backend for the attune package, kept in the tree.

The package is pure Python, so a wheel is a zip of attune/ plus its metadata.
Doing that here means `pip install --no-build-isolation ./bindings/python`
needs nothing beyond pip itself: no setuptools, no wheel package, no index.
The metadata comes from the [project] table of pyproject.toml.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "attune"
TAG = "py3-none-any"


def _project():
    """Reads the simple `key = "value"` fields of [project] in pyproject.toml."""
    fields = {}
    section = None
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            m = re.match(r"^\[([^\]]+)\]$", line)
            if m:
                section = m.group(1)
                continue
            if section != "project":
                continue
            m = re.match(r'^([A-Za-z0-9_-]+)\s*=\s*"([^"]*)"$', line)
            if m:
                fields[m.group(1)] = m.group(2)
            m = re.match(r'^license\s*=\s*\{\s*text\s*=\s*"([^"]*)"\s*\}$', line)
            if m:
                fields["license"] = m.group(1)
    for key in ("name", "version"):
        if key not in fields:
            raise RuntimeError("pyproject.toml: [project] lacks %s" % key)
    return fields


def _metadata():
    p = _project()
    lines = ["Metadata-Version: 2.1", "Name: %s" % p["name"], "Version: %s" % p["version"]]
    if "description" in p:
        lines.append("Summary: %s" % p["description"])
    if "requires-python" in p:
        lines.append("Requires-Python: %s" % p["requires-python"])
    if "license" in p:
        lines.append("License: %s" % p["license"])
    body = ""
    readme = os.path.join(ROOT, p.get("readme", "README.md"))
    if os.path.exists(readme):
        lines.append("Description-Content-Type: text/markdown")
        with open(readme, encoding="utf-8") as f:
            body = f.read()
    return p, "\n".join(lines) + "\n\n" + body


def _dist_info_name(p):
    return "%s-%s.dist-info" % (p["name"].replace("-", "_"), p["version"])


def _dist_info_files(p, metadata):
    return {
        "METADATA": metadata,
        "WHEEL": "Wheel-Version: 1.0\nGenerator: attune_build\nRoot-Is-Purelib: true\nTag: %s\n" % TAG,
        "top_level.txt": PACKAGE + "\n",
    }


def _package_files():
    out = []
    base = os.path.join(ROOT, PACKAGE)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fn in sorted(filenames):
            if fn.endswith((".pyc", ".pyo")):
                continue
            full = os.path.join(dirpath, fn)
            out.append((os.path.relpath(full, ROOT).replace(os.sep, "/"), full))
    return out


def _hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _write_wheel(wheel_directory, entries):
    """entries: list of (archive name, bytes). Adds RECORD. Returns the basename."""
    p, _ = _metadata()
    name = "%s-%s-%s.whl" % (p["name"].replace("-", "_"), p["version"], TAG)
    dist_info = _dist_info_name(p)
    record = []
    path = os.path.join(wheel_directory, name)
    stamp = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")))[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            record.append("%s,%s,%d" % (arc, _hash(data), len(data)))
        record.append("%s/RECORD,," % dist_info)
        info = zipfile.ZipInfo("%s/RECORD" % dist_info, date_time=stamp)
        info.external_attr = 0o644 << 16
        z.writestr(info, "\n".join(record) + "\n")
    return name


def _metadata_entries():
    p, metadata = _metadata()
    dist_info = _dist_info_name(p)
    return [("%s/%s" % (dist_info, k), v.encode("utf-8"))
            for k, v in _dist_info_files(p, metadata).items()]


# ---- PEP 517 hooks ----

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    p, metadata = _metadata()
    d = os.path.join(metadata_directory, _dist_info_name(p))
    os.makedirs(d, exist_ok=True)
    for k, v in _dist_info_files(p, metadata).items():
        with open(os.path.join(d, k), "w", encoding="utf-8") as f:
            f.write(v)
    return os.path.basename(d)


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def _install_hint():
    """attune/_install_hint.py: the install prefix of the source tree the wheel
    was built from (<repo>/_install, where scripts/bootstrap installs), so an
    installed package finds that libattune without ATTUNE_LIBRARY."""
    repo = os.path.dirname(os.path.dirname(ROOT))
    prefix = os.path.join(repo, "_install")
    text = ('"""Written by the build backend: where the source tree installs libattune."""\n'
            "PREFIXES = [%r]\n" % prefix)
    return ("%s/_install_hint.py" % PACKAGE, text.encode("utf-8"))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    entries = []
    for arc, full in _package_files():
        if arc == "%s/_install_hint.py" % PACKAGE:
            continue
        with open(full, "rb") as f:
            entries.append((arc, f.read()))
    entries.append(_install_hint())
    return _write_wheel(wheel_directory, entries + _metadata_entries())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660: a wheel holding a .pth file that puts this tree on sys.path."""
    pth = ("%s\n" % ROOT).encode("utf-8")
    return _write_wheel(wheel_directory, [("__editable__.%s.pth" % PACKAGE, pth)] +
                        _metadata_entries())


def build_sdist(sdist_directory, config_settings=None):
    p, metadata = _metadata()
    base = "%s-%s" % (p["name"], p["version"])
    name = base + ".tar.gz"
    files = [("pyproject.toml", os.path.join(ROOT, "pyproject.toml")),
             ("README.md", os.path.join(ROOT, "README.md")),
             ("_build_backend/attune_build.py", os.path.abspath(__file__))]
    files += _package_files()
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for arc, full in files:
            if os.path.exists(full):
                t.add(full, arcname="%s/%s" % (base, arc), recursive=False)
        data = metadata.encode("utf-8")
        info = tarfile.TarInfo("%s/PKG-INFO" % base)
        info.size = len(data)
        info.mode = 0o644
        t.addfile(info, io.BytesIO(data))
    return name
