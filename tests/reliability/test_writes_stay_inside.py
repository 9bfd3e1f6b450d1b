"""Nothing is written outside the repository: not through a symlink, an absolute or an
escaping path, by `lint --fix`, `add`, `seal` or `new`; and `--diff` reads nothing outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git, write_tree
from tests.lint.conftest import SYNC, tree
from tests.lint.rules.test_sync_path_mismatch import GOTK, gotk_sync
from tests.reliability.conftest import assert_handled

OUTSIDE_TEXT = "outside-only 9c1e\n"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() if p.is_file() else b"<dir>"
            for p in sorted(directory.rglob("*"))}  # fmt: skip


@pytest.fixture
def outside(tmp_path) -> Path:
    return write_tree(tmp_path / "outside", {"ignore": OUTSIDE_TEXT, "helm/keep": OUTSIDE_TEXT})


def committed(root: Path) -> Path:
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "x")
    return root


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_gitignore_linked_outside(cli, tmp_path, outside, flag) -> None:
    files = {k: v for k, v in tree().items() if k != ".gitignore"}
    files[f"{SYNC}/helm/secrets/podinfo-values-prod.yaml"] = "replicaCount: 2\n"
    root = write_tree(tmp_path / "repo", files)
    (root / ".gitignore").symlink_to(outside / "ignore")
    committed(root)
    before = snapshot(outside)
    result = cli("lint", flag, str(root))
    assert_handled(result, codes=(1,))
    assert snapshot(outside) == before
    assert "outside the repository" in result.stdout + result.stderr
    assert OUTSIDE_TEXT not in result.stdout + result.stderr  # nor shown as diff context


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_helm_directory_linked_outside(cli, tmp_path, outside, flag) -> None:
    files = {k: v for k, v in tree().items() if "/helm/" not in k}
    root = write_tree(tmp_path / "repo", files)
    (root / SYNC).mkdir(parents=True, exist_ok=True)
    (root / SYNC / "helm").symlink_to(outside / "helm")
    committed(root)
    before = snapshot(outside)
    result = cli("lint", flag, "--sync-path", SYNC, str(root))
    assert_handled(result, codes=(1,))
    assert snapshot(outside) == before


@pytest.mark.parametrize("spec_path", ["/tmp/elsewhere", "../../elsewhere", "./a/../../x"])
def test_escaping_sync_path_in_gotk_sync_is_a_finding_not_a_target(cli, tmp_path, spec_path):
    files = {k: v for k, v in tree().items() if "/helm/" not in k}
    files[GOTK] = gotk_sync(spec_path)
    root = committed(write_tree(tmp_path / "repo", files))
    result = cli("lint", "--fix", str(root))
    assert "[sync-path-mismatch]" in result.stdout
    assert "outside the repository" not in result.stderr  # never tried
    assert not (tmp_path / "elsewhere").exists() and not Path("/tmp/elsewhere").exists()
    assert not list(tmp_path.glob("x*"))


def authoring_repo(tmp_path: Path, outside: Path) -> Path:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    files = {k: v for k, v in CLUSTER_FILES.items() if "/helm/" not in k}
    root = write_tree(tmp_path / "repo", {**files, ".copier-answers.yml": answers("clusters/dev")})
    (root / "clusters/dev").mkdir(parents=True, exist_ok=True)
    (root / "clusters/dev/helm").symlink_to(outside / "helm")
    return committed(root)


def test_add_through_a_helm_directory_linked_outside(cli, tmp_path, outside) -> None:
    root = authoring_repo(tmp_path, outside)
    before = snapshot(outside)
    result = cli("add", "repository", "podinfo", "--url", "https://x.example", cwd=root)
    assert_handled(result, codes=(1, 2))
    assert "outside" in result.stderr
    assert snapshot(outside) == before


def test_seal_through_a_helm_directory_linked_outside(cli, tmp_path, outside, cert_file) -> None:
    root = authoring_repo(tmp_path, outside)
    before = snapshot(outside)
    result = cli("seal", "db", "-n", "apps", "--cert", str(cert_file), "--from-literal", "a=b",
                 cwd=root)  # fmt: skip
    assert_handled(result, codes=(1, 2))
    assert "outside" in result.stderr
    assert snapshot(outside) == before
