"""Colour follows NO_COLOR and FORCE_COLOR, on a terminal too; `-h` is help everywhere."""

from __future__ import annotations

import io
import os
import pty
import subprocess
from pathlib import Path

import pytest

from scaffold.cli import COMMAND_MODULES
from scaffold.commands.terminal import use_color

RED = "\033[31m"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "terminal", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
    ],
)
def test_use_color(environ: dict[str, str], terminal: bool, expected: bool) -> None:
    stream = Terminal() if terminal else io.StringIO()
    assert use_color(stream, environ) is expected


def _lint_output(tree: Path, console_script: Path, env: dict[str, str], *, tty: bool) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update(env)
    argv = [str(console_script), "lint", str(tree)]
    if not tty:
        return subprocess.run(argv, capture_output=True, text=True, env=environ).stdout
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(argv, stdout=follower, stderr=subprocess.DEVNULL, env=environ)
        assert done.returncode == 1
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(leader)


@pytest.fixture
def broken_tree(make_tree) -> Path:
    return make_tree({"a.yaml": "a: [\n"})


def test_lint_colours_a_terminal(broken_tree: Path, console_script: Path) -> None:
    assert RED in _lint_output(broken_tree, console_script, {}, tty=True)


def test_no_color_is_honoured_on_a_terminal(broken_tree: Path, console_script: Path) -> None:
    text = _lint_output(broken_tree, console_script, {"NO_COLOR": "1"}, tty=True)
    assert "invalid-yaml" in text
    assert "\033[" not in text


def test_force_color_colours_a_pipe(broken_tree: Path, console_script: Path) -> None:
    assert RED in _lint_output(broken_tree, console_script, {"FORCE_COLOR": "1"}, tty=False)
    assert RED not in _lint_output(broken_tree, console_script, {}, tty=False)


@pytest.mark.parametrize("command", ["", *COMMAND_MODULES, "add repository", "add release"])
def test_dash_h_is_help(cli, command: str) -> None:
    result = cli(*command.split(), "-h")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: gitops-scaffold")
    assert result.stdout == cli(*command.split(), "--help").stdout


@pytest.mark.parametrize("command", [*COMMAND_MODULES, "add repository", "add release"])
def test_usage_lines_use_plain_metavars(cli, command: str) -> None:
    usage = cli(*command.split(), "--help").stdout.split("\n\n")[0]
    assert "{" not in usage and ":<" not in usage
    assert usage == usage.replace("dest", "").replace("provider", "")


def test_usage_names_dest_and_provider(cli) -> None:
    assert "[OPTIONS] DEST [-- FLUX_FLAGS...]" in cli("new", "--help").stdout
    assert "[OPTIONS] PROVIDER [-- FLUX_FLAGS...]" in cli("bootstrap", "--help").stdout
