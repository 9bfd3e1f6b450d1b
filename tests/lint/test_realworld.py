"""Real Flux repositories of other conventions: no crash, no error Flux would disagree with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scaffold.lint.engine import LintOptions, run_lint
from tests.conftest import git

REALWORLD = Path("/work/shared/realworld")
SYNC_PATHS = ("clusters/staging", "clusters/production")
# Rules about our own layout: expected to fire on repositories that follow another one.
CONVENTION = {"missing-helm-dir", "gitignore-values-not-ignored", "gitignore-sealed-ignored"}
# The one real problem there: Flux 2.8 stopped serving source.toolkit.fluxcd.io/v1beta2.
KNOWN = {
    ("deprecated-api-version", "infrastructure/kyverno/source.yaml"),
}

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason="real-world trees not present")


def copy_as_git_repo(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(REALWORLD / name, root)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "import")
    return root


@pytest.mark.parametrize("name", ["flux2-kustomize-helm-example", "flux2-multi-tenancy"])
@pytest.mark.parametrize("in_git", [False, True])
@pytest.mark.parametrize("sync_paths", [(), SYNC_PATHS])
def test_no_error_flux_would_disagree_with(name, in_git, sync_paths, tmp_path) -> None:
    root = copy_as_git_repo(name, tmp_path) if in_git else REALWORLD / name
    report = run_lint(root, LintOptions(sync_paths=sync_paths))
    assert report.files > 20 and report.documents > 20
    errors = {(f.rule, f.path) for f in report.findings if f.severity == "error"} - {
        (rule, path) for rule, path in KNOWN
    }
    assert {rule for rule, _ in errors} <= CONVENTION
    if not sync_paths:
        assert errors == set()
    flux_rules = {f.rule for f in report.findings} - CONVENTION
    assert flux_rules <= {"deprecated-api-version", "unpinned-chart-version"}
