"""Shell completion completes option values, not only commands and flags."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from scaffold.lint.registry import RULES


def complete(console_script: Path, line: str, cwd: Path) -> list[str]:
    """What bash completion offers for `line` (a trailing space completes a new word)."""
    words = line.split()
    index = len(words) if line.endswith(" ") else len(words) - 1
    env = {**os.environ, "_GITOPS_SCAFFOLD_COMPLETE": "complete_bash",
           "COMP_WORDS": line, "COMP_CWORD": str(index)}  # fmt: skip
    done = subprocess.run(
        [str(console_script)], env=env, cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("gitops-scaffold lint --output ", ["text", "json", "sarif", "github", "gitlab"]),
        ("gitops-scaffold lint -o s", ["sarif"]),
        ("gitops-scaffold status -o ", ["text", "json"]),
        ("gitops-scaffold tree -o m", ["mermaid"]),
        ("gitops-scaffold add release -o ", ["text", "json"]),
        ("gitops-scaffold lint --select unresolved-", ["unresolved-source-ref",
                                                       "unresolved-values-from"]),
        ("gitops-scaffold lint --ignore duplicate-key,invalid-y", ["duplicate-key,invalid-yaml"]),
        ("gitops-scaffold rules unpinned", ["unpinned-chart-version"]),
        ("gitops-scaffold new fleet --bootstrap git", ["github", "gitlab", "gitea", "git"]),
        ("gitops-scaffold bootstrap bit", ["bitbucket-server"]),
    ],
)  # fmt: skip
def test_values_complete(console_script, tmp_path, line, expected) -> None:
    assert complete(console_script, line, tmp_path) == expected


def test_every_rule_id_completes(console_script, tmp_path) -> None:
    assert complete(console_script, "gitops-scaffold rules ", tmp_path) == list(RULES)


@pytest.mark.parametrize(
    "command",
    ["lint --sync-path", "status --sync-path", "bootstrap github --sync-path",
     "add repository x --sync-path", "add release x --sync-path", "seal x --sync-path"],
)  # fmt: skip
def test_sync_paths_complete_from_the_repository(
    console_script, make_git_repo, command: str
) -> None:
    root = make_git_repo(
        {
            ".copier-answers.yml": "sync_path: clusters/dev\n",
            ".gitops-scaffold.yaml": "sync_paths: [clusters/prod]\n",
            "clusters/staging/flux-system/gotk-sync.yaml":
                "kind: Kustomization\nspec: {path: ./clusters/staging}\n",
            "deep/a/b/c/d/flux-system/gotk-sync.yaml": "kind: Kustomization\n",
        }
    )
    (root / "clusters").joinpath("dev").mkdir(parents=True, exist_ok=True)
    offered = complete(console_script, f"gitops-scaffold {command} ", root / "clusters")
    assert offered == ["clusters/dev", "clusters/prod", "clusters/staging"]
    narrowed = complete(console_script, f"gitops-scaffold {command} clusters/p", root)
    assert narrowed == ["clusters/prod"]


def test_sync_paths_complete_to_nothing_in_a_broken_repository(console_script, tmp_path) -> None:
    (tmp_path / ".copier-answers.yml").write_text("sync_path: [\n")
    (tmp_path / ".gitops-scaffold.yaml").write_text("sync_paths: {\n")
    assert complete(console_script, "gitops-scaffold lint --sync-path ", tmp_path) == []
