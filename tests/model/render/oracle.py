"""Real kustomize as the oracle: `kubectl kustomize` over many directories at once.

kubectl spends most of its second per call waiting, not computing, so the calls run in
threads; two cores still finish the corpus in about a minute.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scaffold.model.render.parse import load_documents

KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")


@dataclass(frozen=True)
class Oracle:
    """What kubectl printed for one directory."""

    ok: bool
    objects: list[Any]
    error: str


def _run(directory: Path) -> Oracle:
    assert KUBECTL is not None
    proc = subprocess.run(
        [KUBECTL, "kustomize", "--load-restrictor=LoadRestrictionsNone", str(directory)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        return Oracle(False, [], proc.stderr.decode(errors="replace"))
    objects = [d for d in load_documents(proc.stdout) if d is not None]
    return Oracle(True, objects, "")


def kustomize_all(directories: Iterable[Path]) -> dict[Path, Oracle]:
    """kubectl kustomize of every directory, in parallel."""
    directories = list(directories)
    with ThreadPoolExecutor(max_workers=16) as pool:
        return dict(zip(directories, pool.map(_run, directories), strict=True))


def canonical(objects: list[Any]) -> list[str]:
    """An order-insensitive form of a list of objects."""
    return sorted(json.dumps(o, sort_keys=True) for o in objects)


def same_objects(ours: list[Any], theirs: list[Any]) -> bool:
    """Whether two builds hold the same objects (JSON-normalised, numbers by value)."""
    return canonical(json.loads(json.dumps(ours))) == canonical(theirs)


def object_ids(objects: list[Any]) -> list[tuple[str, str, str, str]]:
    """(apiVersion, kind, namespace, name) of each object, in order."""
    return [
        (o.get("apiVersion", ""), o.get("kind", ""), o["metadata"].get("namespace", ""),
         o["metadata"].get("name", ""))
        for o in objects
    ]  # fmt: skip
