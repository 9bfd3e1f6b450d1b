"""The work-tree reader stays inside its root; each directory and file is read once per build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from scaffold.model.render.build import Builder
from scaffold.model.render.reader import ReadError, WorkTreeReader


def test_paths_outside_the_root_are_refused_symlinks_included(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("secret: 1\n")
    root = tmp_path / "repo"
    root.mkdir()
    os.symlink(tmp_path / "outside.yaml", root / "link.yaml")
    reader = WorkTreeReader(root)
    for path in ("../outside.yaml", "link.yaml"):
        with pytest.raises(ReadError, match="outside the repository"):
            reader.read(path)
        assert not reader.is_file(path)


class CountingReader(WorkTreeReader):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reads: list[str] = []

    def read(self, path: str) -> bytes:
        self.reads.append(path)
        return super().read(path)


def test_one_directory_is_built_once_whatever_its_spelling(tmp_path: Path) -> None:
    files = {
        "base/cm.yaml": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}},
        "base/kustomization.yaml": {"resources": ["cm.yaml"]},
        "one/kustomization.yaml": {"resources": ["../base"], "namePrefix": "one-"},
        "two/kustomization.yaml": {"resources": ["../base/."], "namePrefix": "two-"},
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(yaml.safe_dump(content))
    reader = CountingReader(tmp_path)
    builder = Builder(reader)
    names = [
        builder.build(d).objects[0]["metadata"]["name"] for d in ("one", "./two/", "base/.", "base")
    ]
    assert names == ["one-cm", "two-cm", "cm", "cm"]
    assert reader.reads.count("base/cm.yaml") == 1
    # A built object is the caller's: changing it does not change the next build.
    builder.build("base").objects[0]["metadata"]["name"] = "changed"
    assert builder.build("base").objects[0]["metadata"]["name"] == "cm"
