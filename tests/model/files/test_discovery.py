"""Which files lint reads: what Git would commit, never `.git/`, never outside the root."""

from __future__ import annotations

from scaffold.model.files.discovery import discover
from tests.conftest import git, write_tree


def test_git_lists_tracked_and_untracked_not_ignored(make_git_repo) -> None:
    root = make_git_repo({".gitignore": "*.log\nscratch/\n", "a.yaml": "a: 1\n", "gone.yaml": "x"})
    write_tree(root, {"new.yaml": "b: 2\n", "debug.log": "x", "scratch/s.yaml": "x"})
    (root / "gone.yaml").unlink()
    found = discover(root)
    assert found.in_git
    assert found.files == [".gitignore", "a.yaml", "new.yaml"]
    assert found.tracked == frozenset({".gitignore", "a.yaml", "gone.yaml"})
    assert len(found.blobs["a.yaml"]) >= 40
    assert found.ignore.is_ignored("scratch/")


def test_git_force_added_ignored_file_is_listed(make_git_repo) -> None:
    root = make_git_repo({".gitignore": "*-values-*.yaml\n", "a.yaml": "a: 1\n"})
    write_tree(root, {"app-values-prod.yaml": "x"})
    git(root, "add", "-f", "app-values-prod.yaml")
    assert "app-values-prod.yaml" in discover(root).files


def test_git_symlink_out_of_root_is_not_followed(make_git_repo, tmp_path) -> None:
    outside = write_tree(tmp_path / "outside", {"secret.yaml": "a: 1\n"})
    root = make_git_repo({"a.yaml": "a: 1\n"})
    (root / "out.yaml").symlink_to(outside / "secret.yaml")
    (root / "in.yaml").symlink_to(root / "a.yaml")
    git(root, "add", "-A")
    assert discover(root).files == ["a.yaml", "in.yaml"]


def test_outside_git_walks_the_tree(tmp_path) -> None:
    root = write_tree(tmp_path / "plain", {".gitignore": "x/\n", "x/a.yaml": "", "b.yaml": ""})
    found = discover(root)
    assert not found.in_git and found.tracked is None
    assert found.files == [".gitignore", "b.yaml"]


IGNORED_VALUES = {
    ".gitignore": "*-values-*.yaml\n!*-sealed.yaml\n",
    "clusters/dev/helm/releases/app-values-prod.yaml": "password: x\n",
    "clusters/dev/helm/releases/app-v1.0.0.yaml": "kind: ConfigMap\n",
}


def test_outside_git_in_ci_every_file_on_disk_counts_as_committed(tmp_path, monkeypatch) -> None:
    # A CI job without git (or without .git) lints a checkout: what is on disk was committed.
    root = write_tree(tmp_path / "checkout", IGNORED_VALUES)
    monkeypatch.setenv("CI", "true")
    found = discover(root)
    assert "clusters/dev/helm/releases/app-values-prod.yaml" in found.files
    assert found.tracked == frozenset(found.files)
    from scaffold.lint.engine import run_lint

    rules = {f.rule for f in run_lint(root).findings}
    assert "plaintext-values-committed" in rules


def test_outside_git_off_ci_the_ignore_rules_apply(tmp_path, monkeypatch) -> None:
    root = write_tree(tmp_path / "tree", IGNORED_VALUES)
    monkeypatch.setenv("CI", "false")
    found = discover(root)
    assert "clusters/dev/helm/releases/app-values-prod.yaml" not in found.files
    assert found.tracked is None
