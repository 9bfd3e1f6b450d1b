"""Every command's JSON document carries a version and is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.authoring.conftest import cert_file, controller_key  # noqa: F401
from tests.bootstrap.conftest import fake_flux  # noqa: F401
from tests.commands.walk import leaf_commands, option
from tests.conftest import git

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


# One run of every command that prints JSON, each after the ones before (a release is added
# before it is upgraded and removed); `{cert}` is a sealing certificate.
EVERY_COMMAND = [
    ("new", "new {dest} -o json"),
    ("lint", "lint -o json"),
    ("list", "list -o json"),
    ("tree", "tree -o json"),
    ("build", "build -o json"),
    ("diff", "diff HEAD -o json"),
    ("status", "status -o json"),
    ("add repository", "add repository r --url https://charts.example.org -o json"),
    ("add release", "add release rel --chart c --version 1.0.0 --repository r -o json"),
    ("upgrade release", "upgrade release rel --version 1.1.0 -o json"),
    ("seal", "seal s -n apps --from-literal a=b --cert {cert} -o json"),
    ("remove release", "remove release rel -o json"),
    ("remove repository", "remove repository r -o json"),
    ("remove secret", "remove secret s -o json"),
]


def test_every_command_printing_json_is_run_here() -> None:
    assert sorted(name for name, _ in EVERY_COMMAND) == JSON_COMMANDS


def test_every_command_prints_a_versioned_document(cli, fleet, cert_file, fake_flux, tmp_path):  # noqa: F811
    for name, line in EVERY_COMMAND:
        words = line.format(dest=tmp_path / "other", cert=cert_file).split()
        result = cli(*words, cwd=fleet)
        document = json.loads(result.stdout)
        assert document["version"] == 1, name
        assert "error" not in document, (name, document)
        if git(fleet, "status", "--porcelain"):
            git(fleet, "add", "-A")
            git(fleet, "commit", "--quiet", "-m", name)  # remove refuses uncommitted files
