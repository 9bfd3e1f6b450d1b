"""Deeply nested directories and kustomization chains: every command iterates, never recursing.

Before, lint raised RecursionError (exit 3) from about 500 nested directories, `list`,
`remove` and `upgrade` from about 1,100 and every command outside Git from about 1,200.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git, write_tree
from tests.lint.conftest import SYNC, tree
from tests.reliability.conftest import assert_handled

DEPTH = 1_300
KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: apps}\n"
COMMANDS = {
    "lint": ("lint", "--no-cache", "."),
    "list": ("list",),
    "tree": ("tree",),
    "remove": ("remove", "release", "podinfo", "--force"),
    "upgrade": ("upgrade", "release", "podinfo", "--version", "6.6.0"),
    "build": ("build",),
}
# diff reads revisions: only in Git (the head, the work tree)
IN_GIT = {"diff": ("diff", "HEAD")}


def deep_repository(root: Path, *, in_git: bool, chain: bool) -> Path:
    """The clean tree with a ConfigMap DEPTH directories below the sync path's apps/.

    With `chain`, each level holds a kustomization.yaml listing the next one.
    """
    files = tree()
    files[".copier-answers.yml"] = f"_src_path: /opt/t\nsync_path: {SYNC}\ngit_provider: github\n"
    write_tree(root, files)
    levels = ["d"] * DEPTH
    # mkdir -p: Python's own makedirs recurses once per level too.
    subprocess.run(["mkdir", "-p", "/".join([SYNC, "apps", *levels])], cwd=root, check=True)
    directory = root / SYNC / "apps"
    for level in range(DEPTH + 1):
        if chain:
            listed = "[d]" if level < DEPTH else "[cm.yaml]"
            (directory / "kustomization.yaml").write_text(f"{KUSTOMIZATION}resources: {listed}\n")
        if level < DEPTH:
            directory = directory / "d"
    (directory / "cm.yaml").write_text(CONFIG_MAP)
    if in_git:
        git(root, "init", "--quiet")
        git(root, "add", "-A")
        git(root, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "--quiet", "-m", "deep")
    return root


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_handles_directories_1300_levels_deep(cli, tmp_path, command, in_git) -> None:
    root = deep_repository(tmp_path / "repo", in_git=in_git, chain=False)
    result = cli(*COMMANDS[command], cwd=root)
    assert_handled(result, codes=(0, 1))
    assert "RecursionError" not in result.stderr + result.stdout


def test_diff_handles_a_tree_1300_levels_deep(cli, tmp_path) -> None:
    # (the chain of kustomizations renders as build's does, tested below)
    root = deep_repository(tmp_path / "repo", in_git=True, chain=False)
    result = cli(*IN_GIT["diff"], cwd=root)
    assert_handled(result, codes=(0, 1))
    assert "RecursionError" not in result.stderr + result.stdout


@pytest.mark.parametrize("command", ["lint", "list", "build"])
def test_a_chain_of_1300_kustomization_files(cli, tmp_path, command) -> None:
    root = deep_repository(tmp_path / "repo", in_git=True, chain=True)
    result = cli(*COMMANDS[command], cwd=root)
    assert_handled(result, codes=(0, 1))
    assert "RecursionError" not in result.stderr + result.stdout


def test_the_tree_shows_what_the_deepest_level_declares(cli, tmp_path) -> None:
    root = deep_repository(tmp_path / "repo", in_git=False, chain=False)
    result = cli("tree", "--format", "json", cwd=root)
    assert_handled(result, codes=(0,))
    assert '"deep"' in result.stdout
    assert [c["sync_path"] for c in json.loads(result.stdout)["clusters"]]
