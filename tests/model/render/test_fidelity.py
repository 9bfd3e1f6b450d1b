"""Every kustomization in tests/realworld, built here and by real kustomize, must agree."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from scaffold.model.files.readers import WorkTreeReader as FileReader
from scaffold.model.render.build import Builder
from scaffold.model.render.kustomization import FILE_NAMES
from scaffold.model.render.reader import WorkTreeReader
from scaffold.model.render.source_reader import SourceReader
from scaffold.model.rendering import render_directory
from tests.model.render.oracle import kustomize_all, needs_kubectl, object_ids, same_objects

CORPUS = Path(__file__).resolve().parents[2] / "realworld"


def corpus_directories() -> list[Path]:
    return sorted({p.parent for name in FILE_NAMES for p in CORPUS.rglob(name)})


@functools.cache
def corpus_oracle() -> dict[Path, Any]:
    """kubectl's output for every corpus directory, computed once for both tests."""
    return kustomize_all(corpus_directories())


@needs_kubectl
def test_every_realworld_kustomization_builds_as_kustomize_builds_it() -> None:
    directories = corpus_directories()
    assert len(directories) > 600
    oracle = corpus_oracle()
    builder = Builder(WorkTreeReader(CORPUS))
    _compare(directories, oracle, lambda d: builder.build(d))


@needs_kubectl
def test_build_path_builds_every_realworld_kustomization_as_kustomize_does() -> None:
    # `build --path`: the directory through Flux's generated kustomization, over the files
    # the model's source lists (the unit the command prints).
    directories = corpus_directories()
    oracle = corpus_oracle()
    files = [p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()]
    reader = SourceReader(files, FileReader(str(CORPUS)))
    _compare(directories, oracle, lambda d: render_directory(reader, d))


def _compare(directories, oracle, build_one) -> None:
    matched, not_rendered, mismatched = [], [], []
    for directory in directories:
        build = build_one(directory.relative_to(CORPUS).as_posix())
        theirs = oracle[directory]
        if build.not_rendered:
            not_rendered.append((directory, build.not_rendered))
        elif not theirs.ok:
            if build.problems:
                matched.append(directory)
            else:
                mismatched.append((directory, "kustomize fails: " + theirs.error[:300]))
        elif build.problems:
            mismatched.append((directory, f"we report {build.problems[0]}"))
        elif not same_objects(build.objects, theirs.objects):
            mismatched.append((directory, "different objects"))
        elif object_ids(build.objects) != object_ids(theirs.objects):
            mismatched.append((directory, "different order"))
        else:
            matched.append(directory)
    assert mismatched == []
    assert len(not_rendered) <= 0.05 * len(directories), not_rendered
    for _, reasons in not_rendered:
        assert all(reason.strip() for reason in reasons)
