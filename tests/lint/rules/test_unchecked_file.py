from __future__ import annotations

import pytest

from scaffold.lint.engine import LintOptions, run_lint
from tests.conftest import git, write_tree
from tests.lint.conftest import SYNC, found, tree


@pytest.fixture(params=["plain", "git"])
def linted(request, tmp_path):
    """Lint `files` plus the symlinks given as {link: target}, in a plain tree or a git repo."""

    def run(files, links=None, config=None):
        root = write_tree(tmp_path / "repo", {**tree(), **files})
        (tmp_path / "outside").mkdir(exist_ok=True)
        (tmp_path / "outside/secret.yaml").write_text("token: x\n")
        for link, target in (links or {}).items():
            (root / link).parent.mkdir(parents=True, exist_ok=True)
            (root / link).symlink_to(target)
        if request.param == "git":
            git(root, "init", "--quiet")
            git(root, "add", "-A")
        return run_lint(root, LintOptions(sync_paths=(SYNC,)))

    return run


def test_clean_symlinks_inside_the_repo(linted) -> None:
    links = {"linked.yaml": f"{SYNC}/helm/releases/podinfo-v6.5.0.yaml", "dir-link": SYNC}
    assert found(linted({}, links), "unchecked-file") == []


def test_symlink_out_of_the_repo(linted, tmp_path) -> None:
    links = {"out.yaml": str(tmp_path / "outside/secret.yaml"), "out-dir": "../outside"}
    report = linted({}, links)
    assert found(report, "unchecked-file") == [
        ("unchecked-file", "out-dir", 1),
        ("unchecked-file", "out.yaml", 1),
    ]
    assert "points outside the repository" in report.findings[0].message


def test_symlink_loop_and_dangling(linted) -> None:
    links = {"loop-a.yaml": "loop-b.yaml", "loop-b.yaml": "loop-a.yaml", "gone.yaml": "nope.yaml"}
    report = linted({}, links)
    assert [p for _, p, _ in found(report, "unchecked-file")] == [
        "gone.yaml",
        "loop-a.yaml",
        "loop-b.yaml",
    ]
    assert all("does not resolve" in f.message for f in report.findings if f.path in links)


def test_oversized_file(linted) -> None:
    config = "rules:\n  unchecked-file:\n    max_file_size: 1000\n"
    report = linted({"big.yaml": "a: " + "x" * 2000 + "\n", ".gitops-scaffold.yaml": config})
    assert found(report, "unchecked-file") == [("unchecked-file", "big.yaml", 1)]
    assert report.findings[0].severity == "warning"


def test_excluded_symlink_is_not_reported(linted, tmp_path) -> None:
    config = "exclude: [vendor/]\n"
    links = {"vendor/out.yaml": str(tmp_path / "outside/secret.yaml")}
    assert found(linted({".gitops-scaffold.yaml": config}, links), "unchecked-file") == []


def test_an_unread_file_cannot_suppress_itself(linted) -> None:
    config = "rules:\n  unchecked-file:\n    max_file_size: 1000\n"
    big = "# gitops-scaffold: disable-file\n" + "a: " + "x" * 2000 + "\n"
    report = linted({"big.yaml": big, ".gitops-scaffold.yaml": config})
    assert found(report, "unchecked-file") == [("unchecked-file", "big.yaml", 1)]


def test_suppressed_by_config(linted) -> None:
    config = "rules:\n  unchecked-file:\n    level: off\n    max_file_size: 1000\n"
    report = linted({"big.yaml": "a: " + "x" * 2000 + "\n", ".gitops-scaffold.yaml": config})
    assert found(report, "unchecked-file") == []
