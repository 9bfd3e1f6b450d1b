"""The CLI contract shared by every command: version, help, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from scaffold import __version__
from scaffold.cli import HandledGroup
from scaffold.errors import ConfigError, EnvironmentProblem, ScaffoldError, UsageError


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"gitops-scaffold {__version__}"


def test_help_lists_usage(cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_help_does_not_import_copier() -> None:
    code = "import sys; from scaffold.cli import app; print('copier' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _app_raising(exc: BaseException) -> typer.Typer:
    demo = typer.Typer(cls=HandledGroup)

    @demo.command()
    def boom() -> None:
        raise exc

    @demo.command()
    def other() -> None:
        """Keeps this a group."""

    return demo


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (ScaffoldError("expected"), 1),
        (EnvironmentProblem("no git"), 1),
        (UsageError("bad flag"), 2),
        (ConfigError("bad config"), 2),
        (RuntimeError("bug"), 3),
        (KeyboardInterrupt(), 130),
    ],
)
def test_exceptions_map_to_exit_codes(exc: BaseException, code: int) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(_app_raising(exc), ["boom"], catch_exceptions=False)
    assert result.exit_code == code


def test_expected_error_is_one_line_with_hint() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        _app_raising(UsageError("the thing is wrong", hint="do this")), ["boom"]
    )
    assert result.stderr.splitlines() == ["error: the thing is wrong", "  hint: do this"]
    assert result.stdout == ""


def test_internal_error_asks_for_a_report() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(_app_raising(RuntimeError("bug")), ["boom"])
    assert "internal error" in result.stderr
    assert result.exit_code == 3


def test_commands_are_imported_only_when_they_run(tmp_path) -> None:
    code = (
        "import sys; from scaffold.cli import app; "
        "print(sorted(m for m in sys.modules if m.startswith('scaffold.commands.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    lint = (
        "import sys; from scaffold.cli import app\n"
        "try:\n    app(['lint', sys.argv[1], '--no-cache'], prog_name='gitops-scaffold')\n"
        "except SystemExit:\n    pass\n"
        "from scaffold.cli import COMMAND_MODULES\n"
        "print(sorted(m for m in sys.modules if m.startswith('scaffold.commands.') "
        "and m.rsplit('.', 1)[1] in COMMAND_MODULES), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", lint, str(tmp_path)], capture_output=True, text=True
    )
    assert done.stderr.strip().splitlines()[-1] == "['scaffold.commands.lint']"
    assert "copier" not in done.stderr


def test_status_refuses_a_format_it_does_not_print(cli) -> None:
    result = cli("status", "--format", "sarif")
    assert result.exit_code == 2
    assert "use one of text, json" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["lint", "--format", "json"], True),
        (["lint", "-f", "json", "."], True),
        (["lint", "--format=json"], True),
        (["lint", "-fjson"], True),
        (["lint", "-o", "json"], True),
        (["lint", "--output=json"], True),
        (["tree", "-ojson"], True),
        (["add", "release", "x", "-o", "json"], True),
        (["status", "--format", "json"], True),
        (["lint"], False),
        (["lint", "--format", "sarif"], False),
        (["rules", "-o", "json"], False),
        (["lint", ".", "--", "--format", "json"], False),
        (["lint", "--format"], False),
    ],
)
def test_wants_json(args: list[str], expected: bool) -> None:
    from scaffold.cli import wants_json

    assert wants_json(args) is expected


def test_internal_error_with_format_json_is_a_json_error(cli, monkeypatch, tmp_path) -> None:
    import json

    import scaffold.lint.engine

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(scaffold.lint.engine, "run_lint", crash)
    result = cli("lint", "--format", "json", str(tmp_path))
    assert result.exit_code == 3
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 3 and "internal error" in error["message"]


def test_an_interrupt_with_format_json_is_a_json_error(cli, monkeypatch, tmp_path) -> None:
    import json

    import scaffold.lint.engine

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(scaffold.lint.engine, "run_lint", interrupted)
    result = cli("lint", "-o", "json", str(tmp_path))
    assert result.exit_code == 130
    assert json.loads(result.stdout)["error"] == {
        "message": "interrupted", "hint": None, "exit_code": 130
    }  # fmt: skip


def test_a_name_too_long_with_format_json_is_a_json_error(cli, tmp_path) -> None:
    import json

    result = cli("new", str(tmp_path / ("a" * 300)), "-o", "json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["message"] == "a" * 40 + "...: the name is too long for the file system"
