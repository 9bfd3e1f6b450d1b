"""Fixtures for bootstrap and status: a fake flux on PATH, a generated repo, a bare remote."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bootstrap.bootstrap_helpers import git, layout, write_tree

FAKE_FLUX = Path(__file__).resolve().parents[1] / "fakes" / "fake_flux.py"


class FakeFlux:
    """Controls the fake flux and reads what it recorded."""

    def __init__(self, record: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.record = record
        self.monkeypatch = monkeypatch

    def calls(self) -> list[dict]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def argvs(self) -> list[list[str]]:
        return [call["argv"] for call in self.calls()]

    def fail(self, subcommand: str, code: int) -> None:
        self.monkeypatch.setenv("FAKE_FLUX_FAIL", f"{subcommand}={code}")

    def set(self, name: str, value: str) -> None:
        self.monkeypatch.setenv(f"FAKE_FLUX_{name}", value)


def _path_without_flux() -> str:
    dirs = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(d for d in dirs if d and not (Path(d) / "flux").exists())


@pytest.fixture
def fake_flux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeFlux:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "flux"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_FLUX}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{_path_without_flux()}")
    record = tmp_path / "flux-calls.jsonl"
    monkeypatch.setenv("FAKE_FLUX_RECORD", str(record))
    for name in ("FAIL", "CHECK_OUTPUT", "REVISION", "NOT_READY", "REMOTE", "LEAK", "GET_OUTPUT"):
        monkeypatch.delenv(f"FAKE_FLUX_{name}", raising=False)
    return FakeFlux(record, monkeypatch)


@pytest.fixture
def no_flux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_without_flux())


@pytest.fixture
def bare_remote(tmp_path: Path) -> Callable[..., Path]:
    """An empty bare repository, as a freshly created remote is."""

    def make(name: str = "remote.git") -> Path:
        path = tmp_path / name
        git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(path))
        return path

    return make


@pytest.fixture
def cluster_repo(tmp_path: Path) -> Callable[..., Path]:
    """A committed repository laid out for one cluster."""

    def make(name: str = "fleet", sync_path: str = "clusters/dev", **answers: object) -> Path:
        root = write_tree(tmp_path / name, layout(sync_path, **answers))
        git(root, "init", "--quiet", "--initial-branch=main")
        git(root, "add", "-A")
        git(root, "commit", "--quiet", "-m", "Lay out the cluster")
        return root

    return make


@pytest.fixture
def git_target(cluster_repo, bare_remote) -> tuple[Path, Path]:
    """A repository whose answers name provider `git` with an empty file:// remote."""
    remote = bare_remote()
    root = cluster_repo(git_provider="git", git_url=remote.as_uri())
    return root, remote
