"""Every command's `--help` ends with real examples of it."""

from __future__ import annotations

import pytest

from tests.cli_commands import problems
from tests.commands.walk import leaf_commands


def examples(help_text: str) -> list[str]:
    _, found, after = help_text.partition("  Examples:\n")
    assert found, "no Examples section"
    return [line.strip() for line in after.splitlines() if line.strip().startswith("gitops-")]


@pytest.mark.parametrize("command", sorted(leaf_commands()))
def test_help_shows_examples_of_the_command(cli, command: str) -> None:
    result = cli(*command.split(), "--help")
    assert result.exit_code == 0
    shown = examples(result.stdout)
    assert 1 <= len(shown) <= 3
    for line in shown:
        assert line.startswith(f"gitops-scaffold {command}"), line
        assert problems(line) == []
