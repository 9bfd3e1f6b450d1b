"""The model loads from the work tree or from a Git revision, and reads nothing else."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from scaffold.errors import UsageError
from scaffold.model.load import ModelOptions, load_model
from scaffold.model.repo import RepoContext
from scaffold.model.source import GitRevision, WorkTree
from tests.conftest import git, write_tree
from tests.fixtures import SYNC, podinfo_layout

MODEL = Path(__file__).parents[2] / "scaffold" / "model"

# The modules that are the source (or read what is not the repository), each with why.
READERS = {
    "source.py": "the two sources",
    "worktree.py": "the work tree's answers to the source's questions",
    "files/discovery.py": "the work tree's file list and ignore files",
    "files/gitignore.py": "the work tree's walk outside Git",
    "files/tree_walk.py": "that walk, iterative (deep trees never recurse)",
    "files/readers.py": "a file's bytes, from disk or a blob",
    "facts/cache.py": "the facts cache, in the user's cache directory",
    "render_cache.py": "the rendering cache, in the user's cache directory (and its code)",
    "schemas/bundle.py": "the package's bundled Flux schemas",
    "schemas/kubernetes.py": "the package's bundled Kubernetes schemas",
    "render/data.py": "the package's bundled kustomize data",
    # The renderer's work-tree readers (for `build --path`), beside the Reader protocol
    "render/reader.py": "a work-tree implementation of the renderer's Reader",
    "render/flux/filesystem.py": "a work-tree implementation of the Flux layer's FileSystem",
}
FILESYSTEM_CALLS = {
    "open", "exists", "lexists", "is_dir", "isdir", "is_file", "isfile", "stat", "lstat",
    "read_text", "read_bytes", "iterdir", "listdir", "scandir", "walk", "glob", "rglob", "run",
    "check_output", "Popen", "getenv", "is_symlink", "readlink", "fstat",
}  # fmt: skip


READER_NAMES = {"self", "reader", "files", "source"}


def _own_method(func: ast.expr) -> bool:
    # The model's own questions (`self.is_dir`) and calls on a reader object go through
    # the source or the Reader protocol.
    if not isinstance(func, ast.Attribute):
        return False
    owner = func.value
    if isinstance(owner, ast.Attribute) and getattr(owner.value, "id", "") == "self":
        return owner.attr in READER_NAMES
    return getattr(owner, "id", "") in READER_NAMES


def _module_name(module: Path) -> str:
    return module.relative_to(MODEL).as_posix()


@pytest.mark.parametrize("module", sorted(MODEL.rglob("*.py")), ids=_module_name)
def test_nothing_reads_the_disk_behind_the_source(module: Path) -> None:
    if _module_name(module) in READERS:
        return
    tree = ast.parse(module.read_text(encoding="utf-8"))
    calls = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and not _own_method(node.func)
    }
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    assert not calls & FILESYSTEM_CALLS, f"{module.name} calls {calls & FILESYSTEM_CALLS}"
    assert not imported & {"subprocess", "glob", "shutil"}, f"{module.name} imports {imported}"
    if "os" in imported:  # only to count the cores
        uses = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "os"
        }
        assert uses <= {"sched_getaffinity", "cpu_count", "getpid"}, uses


def test_the_model_imports_nothing_from_lint() -> None:
    for module in MODEL.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("scaffold.lint"), (module, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("scaffold.lint") for a in node.names), module


def _placed(model: RepoContext) -> dict[str, list[tuple[str, str, str | None, str]]]:
    return {
        cluster: sorted(
            (p.item.kind, p.item.name, p.namespace, p.item.path)
            for p in model.graph.placed_in(cluster)
        )
        for cluster in model.sync_paths
    }


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    root = write_tree(tmp_path / "repo", files)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "first")
    return root


@pytest.mark.parametrize(
    ("name", "sync_paths"),
    [
        # a placeholder gotk-sync.yaml: the sync paths are documented, given here
        ("flux2-kustomize-helm-example", ["clusters/production", "clusters/staging"]),
        # found in the repository: the flux-instance chart's values
        ("joryirving-home-ops", []),
        ("lvs-cloud", []),
    ],
)
def test_a_revision_loads_as_its_checkout_does(realworld_repo, name, sync_paths) -> None:
    root = realworld_repo(name)
    options = ModelOptions(sync_paths=sync_paths, cache=False)
    tree = load_model(WorkTree(root), options)
    revision = load_model(GitRevision(root, "HEAD"), options)
    assert revision.sync_paths == tree.sync_paths
    assert revision.sync_paths and set(sync_paths) <= set(revision.sync_paths)
    assert revision.files == tree.files
    assert _placed(revision) == _placed(tree)
    assert sum(len(v) for v in _placed(revision).values()) > 10


def test_a_revision_is_read_from_git_not_from_the_work_tree(tmp_path: Path) -> None:
    root = _repo(tmp_path, podinfo_layout(SYNC))
    release = next(p for p in podinfo_layout(SYNC) if "/releases/" in p and p.endswith(".yaml"))
    first = git(root, "rev-parse", "HEAD").strip()
    (root / release).write_text((root / release).read_text().replace("podinfo", "renamed"))
    (root / SYNC / "extra.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                                             "  name: extra\n  namespace: default\n")
    options = ModelOptions(sync_paths=[SYNC], cache=False)
    old = load_model(GitRevision(root, first), options)
    new = load_model(WorkTree(root), options)
    names = {c: {name for _, name, _, _ in placed} for c, placed in _placed(old).items()}
    assert "extra" not in names[SYNC] and "podinfo" in names[SYNC]
    names = {c: {name for _, name, _, _ in placed} for c, placed in _placed(new).items()}
    assert "extra" in names[SYNC] and "renamed" in names[SYNC]
    assert f"{SYNC}/extra.yaml" not in old.files


def test_loading_a_revision_writes_nothing_and_runs_no_hook(tmp_path: Path) -> None:
    root = _repo(tmp_path, podinfo_layout(SYNC))
    marker = tmp_path / "ran"
    monitor = tmp_path / "monitor.sh"
    monitor.write_text(f"#!/bin/sh\ntouch {marker}\n")
    monitor.chmod(0o755)
    git(root, "config", "core.fsmonitor", str(monitor))
    before = {p: p.stat().st_mtime_ns for p in (root / ".git").rglob("*") if p.is_file()}
    load_model(GitRevision(root, "HEAD"), ModelOptions(cache=False))
    after = {p: p.stat().st_mtime_ns for p in (root / ".git").rglob("*") if p.is_file()}
    assert after == before
    assert not marker.exists()


def test_a_committed_symlink_reads_as_its_target_inside_the_tree(tmp_path: Path) -> None:
    files = podinfo_layout(SYNC)
    root = write_tree(tmp_path / "repo", files)
    shared = root / "shared.yaml"
    shared.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: linked\n"
                      "  namespace: default\n")  # fmt: skip
    os.symlink("../../shared.yaml", root / SYNC / "linked.yaml")
    os.symlink("/etc/passwd", root / SYNC / "outside.yaml")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "links")
    (root / SYNC / "linked.yaml").unlink()  # the revision, not the work tree, is read
    source = GitRevision(root, "HEAD")
    discovery = source.discover()
    sync_depth = SYNC.count("/") + 1
    assert sync_depth == 2  # the link above climbs out of the sync path to the root
    assert f"{SYNC}/linked.yaml" in discovery.files
    assert f"{SYNC}/outside.yaml" not in discovery.files
    assert [path for path, _, _ in discovery.skipped] == [f"{SYNC}/outside.yaml"]
    model = load_model(source, ModelOptions(sync_paths=[SYNC], cache=False))
    assert "linked" in {name for _, name, _, _ in _placed(model)[SYNC]}


@pytest.mark.parametrize("revision", ["no-such-branch", "--upload-pack=touch x", ""])
def test_an_unknown_revision_is_one_line_naming_it(tmp_path: Path, revision: str) -> None:
    root = _repo(tmp_path, podinfo_layout(SYNC))
    with pytest.raises(UsageError) as raised:
        GitRevision(root, revision)
    assert repr(revision) in str(raised.value)
    assert "\n" not in str(raised.value)
    assert not (root / "x").exists()


def test_a_revision_finds_its_clusters_from_its_own_files(tmp_path: Path) -> None:
    files = podinfo_layout(SYNC)
    root = _repo(tmp_path, files)
    sync = (
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
        "  name: flux-system\n  namespace: flux-system\nspec:\n  path: ./clusters/other\n"
        "  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"
    )
    write_tree(root, {"clusters/other/flux-system/gotk-sync.yaml": sync})
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "second cluster")
    first = git(root, "rev-parse", "HEAD~1").strip()
    assert "clusters/other" in load_model(GitRevision(root, "HEAD"), ModelOptions()).sync_paths
    assert "clusters/other" not in load_model(GitRevision(root, first), ModelOptions()).sync_paths
