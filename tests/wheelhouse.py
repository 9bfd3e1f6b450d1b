"""A local package index for offline install tests: wheels repacked from this environment.

`pip install --no-index --find-links DIR` then needs nothing from the network: the
dependencies of gitops-scaffold (and hatchling, to build it) are the very
distributions this test environment runs, zipped back into wheels.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LEFT_OUT = ("INSTALLER", "RECORD", "direct_url.json", "REQUESTED")


def closure(roots: list[str], skip: set[str]) -> list[metadata.Distribution]:
    """The installed distributions `roots` need, transitively (extras left out)."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(roots)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        dist = metadata.distribution(name)
        found[name] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return [d for n, d in sorted(found.items()) if n not in skip]


def repack(dist: metadata.Distribution, into: Path) -> Path:
    """Zip an installed distribution back into a wheel in `into`."""
    info = next(f for f in dist.files or [] if f.name == "METADATA").parent
    wheel_meta = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip().split("-") for line in wheel_meta.splitlines()
            if line.startswith("Tag:")]  # fmt: skip
    # A compressed tag set, e.g. py2.py3-none-any.
    tag = "-".join(".".join(dict.fromkeys(t[i] for t in tags)) for i in range(3))
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    path = into / f"{name}-{dist.version}-{tag}.whl"
    records = io.StringIO()
    writer = csv.writer(records, lineterminator="\n")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for file in dist.files or []:
            rel = file.as_posix()
            if rel.startswith("..") or "__pycache__" in rel or file.name in LEFT_OUT:
                continue
            data = Path(str(file.locate())).read_bytes()
            wheel.writestr(rel, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            writer.writerow([rel, f"sha256={digest.decode()}", len(data)])
        writer.writerow([f"{info.as_posix()}/RECORD", "", ""])
        wheel.writestr(f"{info.as_posix()}/RECORD", records.getvalue())
    return path


def build_wheelhouse(into: Path, roots: list[str], skip: set[str]) -> list[Path]:
    """Repack `roots` and their dependencies (but not `skip`) into `into`."""
    into.mkdir(parents=True, exist_ok=True)
    return [repack(dist, into) for dist in closure(roots, skip)]
