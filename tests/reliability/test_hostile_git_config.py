"""A repository's `.git/config` naming programs (`core.fsmonitor`, `core.hooksPath`): the
commands that only read run none of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.lint.conftest import SYNC, tree
from tests.reliability.conftest import assert_handled

ANSWERS = f"_src_path: /opt/t\nsync_path: {SYNC}\ngit_provider: github\n"


def hostile(root: Path, marker: Path) -> None:
    program = root.parent / "program.sh"
    program.write_text(f"#!/bin/sh\necho \"$0 $*\" >> {marker}\n")
    program.chmod(0o755)
    hooks = root.parent / "hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "reference-transaction", "post-checkout"):
        (hooks / hook).symlink_to(program)
    git(root, "config", "core.fsmonitor", str(program))
    git(root, "config", "core.hooksPath", str(hooks))


@pytest.mark.parametrize(
    "command", [("lint", "--no-cache", "."), ("lint", "."), ("list",), ("tree",)]
)
def test_read_only_commands_run_no_program_the_repository_names(
    cli, make_git_repo, tmp_path, command
) -> None:
    root = make_git_repo({**tree(), ".copier-answers.yml": ANSWERS})
    marker = tmp_path / "ran"
    hostile(root, marker)
    (root / SYNC / "extra.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n")  # untracked
    result = cli(*command, cwd=root)
    assert_handled(result, codes=(0, 1))
    assert not marker.exists(), marker.read_text()
