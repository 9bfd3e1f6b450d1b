"""Git's own directory is never read as the repository's content, through a symlink or not.

`.git/config` holds remote URLs with their tokens and the hooks' settings: a committed
symlink to it (`leak.yaml -> ../../.git/config`), a directory link to `.git`, or a
kustomization naming `../../.git/config` must not bring its bytes into findings, builds,
the cache or any output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scaffold.model.files.discovery import discover
from scaffold.model.files.readers import WorkTreeReader as FactsReader
from scaffold.model.render.build import build_directory
from scaffold.model.render.reader import ReadError, WorkTreeReader
from tests.conftest import git, write_tree
from tests.fixtures import HELM_RELEASE

TOKEN = "ghp_S3cr3tT0kenInGitConfig0123456789"
SYNC = "clusters/dev"
KUSTOMIZATION = """\
resources: [release.yaml]
configMapGenerator:
- name: leak
  namespace: apps
  files: [../../.git/config, ../gitdir/config]
"""


def _hostile(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "repo", {
        f"{SYNC}/release.yaml": HELM_RELEASE,
        f"{SYNC}/kustomization.yaml": KUSTOMIZATION,
    })  # fmt: skip
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "remote.origin.url", f"https://x:{TOKEN}@example.com/fleet.git")
    os.symlink("../../.git/config", root / SYNC / "leak.yaml")
    os.symlink("../.git", root / "clusters/gitdir")
    os.symlink(".git/config", root / ".sourceignore")
    os.symlink("../../.GIT/config", root / SYNC / "upper.yaml")  # case-folding file systems
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "links into .git")
    return root


def test_lint_follows_no_link_into_git_and_names_each(tmp_path: Path, cli) -> None:
    root = _hostile(tmp_path)

    result = cli("lint", "-o", "json", "--sync-path", SYNC, cwd=root)

    report = json.loads(result.stdout)
    unchecked = {f["path"]: f["message"] for f in report["findings"]
                 if f["rule"] == "unchecked-file"}  # fmt: skip
    for link in (".sourceignore", f"{SYNC}/leak.yaml", "clusters/gitdir"):
        assert unchecked[link] == f"symlink `{link}` points into a .git directory; not followed"
    assert TOKEN not in result.stdout + result.stderr
    assert "invalid-yaml" not in {f["rule"] for f in report["findings"]}  # .git/config unparsed
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    for path in cache.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_discovery_lists_no_file_read_from_git(tmp_path: Path) -> None:
    root = _hostile(tmp_path)
    found = discover(root)
    assert f"{SYNC}/leak.yaml" not in found.files
    assert not any(p.startswith(".git/") for p in found.files)


def test_the_readers_refuse_git_paths_written_or_linked(tmp_path: Path) -> None:
    root = _hostile(tmp_path)
    facts = FactsReader(str(root))
    render = WorkTreeReader(root)
    for path in (f"{SYNC}/leak.yaml", ".git/config", "clusters/gitdir/config",
                 f"{SYNC}/../../.git/config"):  # fmt: skip
        with pytest.raises(OSError):
            facts.read(path, 1 << 20)
        with pytest.raises(ReadError, match=r"inside a \.git directory"):
            render.read(path)
        assert not render.is_file(path)


@pytest.mark.parametrize("entry", [".git/config", "clusters/gitdir/config"])
def test_a_kustomization_naming_git_files_builds_without_them(tmp_path: Path, entry) -> None:
    root = _hostile(tmp_path)
    generator = {"name": "leak", "namespace": "apps", "files": [entry]}
    (root / "kustomization.yaml").write_text(json.dumps({"configMapGenerator": [generator]}))
    build = build_directory(WorkTreeReader(root), "")
    assert TOKEN not in json.dumps(build.objects)
    assert build.problems  # the generator's file is reported, not read


def test_outside_git_a_link_into_a_nested_git_dir_is_not_followed(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "plain", {
        f"{SYNC}/release.yaml": HELM_RELEASE,
        "vendor/chart/.git/config": f"[remote]\n\turl = https://{TOKEN}@example.com/x\n",
    })  # fmt: skip
    os.symlink("../../vendor/chart/.git/config", root / SYNC / "leak.yaml")
    found = discover(root)
    assert not found.in_git
    assert f"{SYNC}/leak.yaml" not in found.files
    assert [rel for rel, _, _ in found.skipped] == [f"{SYNC}/leak.yaml"]


def test_config_and_answers_linked_into_git_are_one_line_errors(tmp_path: Path, cli) -> None:
    root = _hostile(tmp_path)
    os.symlink(".git/config", root / ".gitops-scaffold.yaml")
    result = cli("lint", "--sync-path", SYNC, cwd=root)
    assert result.exit_code == 2
    assert "a symlink into a .git directory; not read" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    (root / ".gitops-scaffold.yaml").unlink()
    os.symlink(".git/config", root / ".copier-answers.yml")
    listed = cli("list", cwd=root)
    assert TOKEN not in listed.stdout + listed.stderr
    assert "a symlink into a .git directory; not read" in listed.stderr
