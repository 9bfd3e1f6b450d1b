"""A Flux root in a sub-folder: its gotk-sync.yaml names its path relative to that folder."""

from __future__ import annotations

from pathlib import Path

from scaffold.lint.engine import LintOptions, run_lint
from scaffold.model.load import ModelOptions, load_model
from scaffold.repository.flux_sync import find_flux_syncs, flux_syncs_in
from tests.conftest import git, write_tree
from tests.lint.conftest import found
from tests.lint.rules.flux_tree import config_map, kustomization
from tests.lint.rules.test_sync_path_mismatch import gotk_sync

HOME = "repos/gitops-system/clusters/mgmt"
GOTK = f"{HOME}/flux-system/gotk-sync.yaml"


def sub_folder_repo(tmp_path: Path, path: str = "./clusters/mgmt", **extra: str) -> Path:
    files = {
        GOTK: gotk_sync(path),
        f"{HOME}/flux-system/kustomization.yaml": "resources:\n  - gotk-sync.yaml\n",
        f"{HOME}/apps.yaml": kustomization("apps", "./apps"),
        "repos/gitops-system/apps/cm.yaml": config_map("a", "default"),
        **extra,
    }
    root = write_tree(tmp_path / "repo", files)
    git(root, "init", "--quiet")
    return root


def test_the_sync_path_is_the_folder_the_file_lives_in(tmp_path) -> None:
    root = sub_folder_repo(tmp_path)
    assert [s.sync_path for s in find_flux_syncs(root)] == [HOME]
    listed = [
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".git" not in p.parts
    ]
    assert [s.sync_path for s in flux_syncs_in(listed, lambda p: (root / p).read_bytes())] == [HOME]
    assert load_model(root, ModelOptions(cache=False)).sync_paths == [HOME]


def test_a_path_the_repository_root_has_is_that_path(tmp_path) -> None:
    root = sub_folder_repo(tmp_path, **{"clusters/mgmt/cm.yaml": config_map("b", "default")})
    assert [s.sync_path for s in find_flux_syncs(root)] == ["clusters/mgmt"]


def test_no_mismatch_and_paths_resolve_in_the_sub_folder(tmp_path) -> None:
    root = sub_folder_repo(
        tmp_path, **{f"{HOME}/gone.yaml": kustomization("gone", "./gone")}
    )
    report = run_lint(root, LintOptions(select=["sync-path-mismatch", "missing-flux-path"]))
    assert found(report) == [("missing-flux-path", f"{HOME}/gone.yaml", 8)]
    assert "under `repos/gitops-system/`" in report.findings[0].message


def test_a_mismatch_there_is_fixed_relative_to_the_sub_folder(tmp_path) -> None:
    root = sub_folder_repo(tmp_path, path="./clusters/staging")
    report = run_lint(root, LintOptions(sync_paths=(HOME,), select=["sync-path-mismatch"]))
    assert found(report) == [("sync-path-mismatch", GOTK, 21)]
    assert report.findings[0].hint == (
        "set `spec.path: ./clusters/mgmt` (forward slashes) "
        "(relative to `repos/gitops-system/`, the root of its source)"
    )
