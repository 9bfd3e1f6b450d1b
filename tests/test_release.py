"""scripts/release.py: a release is one step, and its version, tag and template agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import git
from tests.template_repo import PROJECT, make_project_repo

RELEASE = [sys.executable, str(PROJECT / "scripts" / "release.py")]


def release(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*RELEASE, *args, "--root", str(root)], capture_output=True, text=True, cwd=root
    )


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return make_project_repo(tmp_path / "src")


def test_a_release_is_consistent(source: Path, tmp_path: Path) -> None:
    done = release(source, "1.4.0")
    assert done.returncode == 0, done.stderr
    assert git(source, "describe", "--tags", "--exact-match").strip() == "v1.4.0"
    assert 'version__ = "1.4.0"' in (source / "scaffold/__init__.py").read_text()
    assert git(source, "status", "--porcelain") == ""
    assert release(source, "1.4.0", "--check").returncode == 0
    # Copier renders that tag with the same release everywhere it is named.
    out = tmp_path / "out"
    copied = subprocess.run(
        [sys.executable, "-m", "copier", "copy", "--defaults", "--vcs-ref", "v1.4.0",
         str(source), str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert copied.returncode == 0, copied.stderr
    answers = yaml.safe_load((out / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.4.0"
    hook = yaml.safe_load((out / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert (hook["repo"], hook["rev"]) == (str(source), "v1.4.0")
    assert 'gitops-scaffold==1.4.0"' in (out / ".github/workflows/gitops-lint.yml").read_text()


def test_check_refuses_a_head_that_is_not_the_release(source: Path) -> None:
    done = release(source, "1.4.0", "--check")
    assert done.returncode == 1
    assert "scaffold/__init__.py says '0.1.0', not '1.4.0'" in done.stderr
    assert "v1.4.0 does not point at HEAD" in done.stderr


def test_refuses_a_dirty_tree_and_an_older_version(source: Path) -> None:
    assert release(source, "1.4.0").returncode == 0
    (source / "README.md").write_text("changed\n")
    dirty = release(source, "1.5.0")
    assert dirty.returncode != 0 and "commit or stash" in dirty.stderr
    git(source, "checkout", "README.md")
    older = release(source, "1.3.0")
    assert older.returncode != 0 and "1.3.0 is not newer than v1.4.0" in older.stderr
    assert "v1.3.0" not in git(source, "tag")


def test_a_renamed_question_needs_a_migration(source: Path) -> None:
    assert release(source, "1.0.0").returncode == 0
    copier_yml = source / "copier.yml"
    copier_yml.write_text(copier_yml.read_text().replace("\nbranch:\n", "\nsync_branch:\n"))
    git(source, "commit", "--quiet", "-am", "rename branch")
    done = release(source, "1.1.0")
    assert done.returncode != 0
    assert "questions of v1.0.0 are gone without a _migrations entry: branch" in done.stderr
    assert "v1.1.0" not in git(source, "tag")
    migration = "_migrations:\n  - version: v1.1.0\n    command: [mv-answer, branch, sync_branch]\n"
    copier_yml.write_text(migration + copier_yml.read_text())
    git(source, "commit", "--quiet", "-am", "migrate branch")
    assert release(source, "1.1.0").returncode == 0
