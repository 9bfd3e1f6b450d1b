"""`-o/--output FORMAT` names the format everywhere; lint's report file is `--output-file`."""

from __future__ import annotations

import json

import pytest


def test_dash_o_json_prints_json_and_writes_no_file(cli, fleet) -> None:
    result = cli("lint", "-o", "json", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1
    assert not (fleet / "json").exists()


def test_the_report_file_is_output_file(cli, fleet) -> None:
    result = cli("lint", "-o", "sarif", "--output-file", "lint.sarif", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads((fleet / "lint.sarif").read_text())["version"] == "2.1.0"


@pytest.mark.parametrize("spelling", [["-o", "report.txt"], ["--output=out/report.json"]])
def test_a_file_where_the_format_belongs_is_refused_with_the_new_flag(cli, fleet, spelling) -> None:
    result = cli("lint", *spelling, cwd=fleet)
    assert result.exit_code == 2
    name = spelling[-1].removeprefix("--output=")
    assert "-o/--output names the report format, not a file" in result.stderr
    assert f"--output-file {name}" in result.stderr
    assert not (fleet / name).exists()


@pytest.mark.parametrize("command", [["lint"], ["list"], ["tree"]])
def test_format_is_the_older_name_of_output(cli, fleet, command) -> None:
    old = cli(*command, "--format", "json", cwd=fleet)
    new = cli(*command, "--output=json", cwd=fleet)
    assert old.exit_code == new.exit_code == 0, old.stderr + new.stderr
    assert json.loads(old.stdout) == json.loads(new.stdout)


def test_format_and_output_together_are_refused(cli, fleet) -> None:
    result = cli("list", "--format", "json", "-o", "text", cwd=fleet)
    assert result.exit_code == 2
    assert "--format and -o/--output both name the output format" in result.stderr


def test_lint_dash_f_is_refused_with_the_new_spelling(cli, fleet) -> None:
    result = cli("lint", "-f", "json", cwd=fleet)
    assert result.exit_code == 2
    assert "-o/--output FORMAT" in result.stderr
    assert result.stdout.strip() == "" or json.loads(result.stdout)["error"]


def test_option_values_and_flux_flags_are_left_alone() -> None:
    from scaffold.commands.command import modern_spelling

    args = ["--namespace", "--format", "--format=json", "--", "--format", "-f"]
    assert modern_spelling(args, {"--namespace"}) == [
        "--namespace", "--format", "--output=json", "--", "--format", "-f"
    ]  # fmt: skip


FAILURES = [
    "lint -o json --select no-such-rule",
    "list -o json --sync-path clusters/nope",
    "tree -o json --sync-path clusters/nope",
    "tree -o json --kustomization nope",
    "tree -o json no/such/dir",
    "build -o json --sync-path clusters/nope",
    "build -o json --path /",
    "diff no-such-revision -o json",
    "add repository r --url ftp://x -o json",
    "add release r --chart c --version 1.0.0 --repository nope -o json",
    "upgrade release nope --version 1.0.0 -o json",
    "remove release nope -o json",
    "remove repository nope --output json",
    "remove secret nope --format=json",
    "seal s --from-literal a=b --cert missing.pem -o json",
    "status -o json --sync-path clusters/nope",
    "new . -o json",
    "list -o json --no-such-option",
]
GROUPS = ("add", "upgrade", "remove")


def test_every_command_printing_json_has_a_failure_here() -> None:
    from tests.commands.test_json_documents import JSON_COMMANDS

    words = [line.split() for line in FAILURES]
    named = {" ".join(w[:2]) if w[0] in GROUPS else w[0] for w in words}
    assert sorted(named) == JSON_COMMANDS


@pytest.mark.parametrize("line", FAILURES)
def test_every_json_failure_is_a_json_error_document(cli, fleet, line) -> None:
    result = cli(*line.split(), cwd=fleet)
    assert result.exit_code in (1, 2), result.stdout
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["error"]["message"]
    assert document["error"]["exit_code"] == result.exit_code
