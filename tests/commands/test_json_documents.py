"""Every command's JSON document carries a version and is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.commands.walk import leaf_commands, option

DOC = Path(__file__).parents[2] / "docs" / "json-output.md"
JSON_COMMANDS = sorted(name for name, c in leaf_commands().items() if option(c, "--output"))


@pytest.mark.parametrize(
    "line",
    [
        "lint -o json",
        "list -o json",
        "tree -o json",
        "add repository r --url https://charts.example.org -o json",
        "add release r --chart c --version 1.0.0 --repository r --allow-missing-repository -o json",
    ],
)
def test_every_json_document_has_a_version(cli, fleet, line) -> None:
    result = cli(*line.split(), cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1


def test_the_json_of_new_has_a_version(cli, tmp_path) -> None:
    result = cli("new", str(tmp_path / "fleet"), "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1


def test_written_documents_of_upgrade_and_remove_have_a_version(cli, fleet) -> None:
    added = cli("add", "release", "r", "--chart", "c", "--version", "1.0.0", "--repository",
                "r", "--allow-missing-repository", cwd=fleet)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    upgraded = cli("upgrade", "release", "r", "--version", "1.1.0", "-o", "json", cwd=fleet)
    assert json.loads(upgraded.stdout)["version"] == 1
    removed = cli("remove", "release", "r", "-o", "json", cwd=fleet)
    assert json.loads(removed.stdout)["version"] == 1


def test_every_json_command_is_documented() -> None:
    text = DOC.read_text()
    documented = sorted(re.findall(r"^## `gitops-scaffold ([a-z ]+?)(?: -o json)?`", text, re.M))
    assert documented == JSON_COMMANDS
    assert "`version`" in text and '"error"' in text
