"""The typer app: wires the command modules and turns exceptions into exit codes.

Command modules are imported only when their command runs (or help lists them),
so `lint` in a pre-commit hook never pays for `new`'s or `bootstrap`'s imports.

Exit codes: 0 ok, 1 findings or an expected failure, 2 usage or config error,
3 internal error, 130 interrupted.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from scaffold import __version__
from scaffold.errors import ScaffoldError

# One line per command module, in the order help lists them; each exposes `register(app)`.
COMMAND_MODULES = [
    "new",
    "lint",
    "rules",
    "add",
    "upgrade",
    "remove",
    "list",
    "tree",
    "build",
    "diff",
    "seal",
    "bootstrap",
    "status",
    "update",
]

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
INTERNAL_MESSAGE = "internal error in gitops-scaffold; please report it with the output above"

# Commands that print JSON with `-o json`: their failures are JSON on stdout too.
JSON_COMMANDS = (
    "new", "lint", "add", "upgrade", "remove", "list", "tree", "build", "diff", "seal",
    "status",
)  # fmt: skip
# `--format` is the older name of `--output` (scaffold.commands.options).
# `-f` is lint's old short name, refused now: its failure is still a JSON document.
FORMAT_FLAGS = ("--output", "-o", "--format", "-f")

# Writing our own output failed: a full disk or quota, an I/O error, a closed pipe.
OUTPUT_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EPIPE, errno.EFBIG)


def report_error(error: ScaffoldError) -> None:
    """Print an expected failure as one line plus an optional hint, on stderr."""
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"  hint: {error.hint}", err=True)


def wants_json(args: list[str]) -> bool:
    """Whether `args` (after the program name) run a JSON command with `-o json`."""
    command = next((a for a in args if not a.startswith("-")), None)
    if command not in JSON_COMMANDS:
        return False
    args = args[: args.index("--")] if "--" in args else args
    for index, arg in enumerate(args):
        if arg in FORMAT_FLAGS and args[index + 1 : index + 2] == ["json"]:
            return True
        if arg in ("--output=json", "--format=json", "-ojson", "-fjson"):
            return True
    return False


def report_json_error(message: str, hint: str | None, exit_code: int) -> None:
    """The failure as the JSON document a `-o json` caller parses, on stdout."""
    import json

    error = {"message": message, "hint": hint or None, "exit_code": exit_code}
    from scaffold.formats import JSON_VERSION

    typer.echo(json.dumps({"version": JSON_VERSION, "error": error}, indent=2))


def _output_failed(error: OSError) -> NoReturn:
    """One line for an output that could not be written; a closed pipe is no error."""
    # Whatever is still buffered for stdout can no longer be written either.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if error.errno == errno.EPIPE:
        raise typer.Exit(1)
    where = f"{error.filename}: " if error.filename else "the output: "
    typer.echo(f"error: {where}cannot write ({error.strerror})", err=True)
    raise typer.Exit(1)


def load_command(name: str) -> Any:
    """Import the module of command `name` and build its click command."""
    module = importlib.import_module(f"scaffold.commands.{name}")
    holder = typer.Typer(rich_markup_mode=None)
    module.register(holder)
    return typer.main.get_group(holder).commands[name]


class HandledGroup(TyperGroup):
    """A group whose invocation maps our exceptions to the documented exit codes."""

    def invoke(self, ctx: Any) -> Any:
        as_json = wants_json([*ctx._protected_args, *ctx.args])
        try:
            return super().invoke(ctx)
        except ScaffoldError as error:
            report_error(error)
            if as_json:
                report_json_error(error.message, error.hint, error.exit_code)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            if as_json:
                report_json_error("interrupted", None, EXIT_INTERRUPTED)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except TyperException as error:
            # The parser's own errors (an unknown option...): click prints them on stderr.
            if as_json:
                exit_code = getattr(error, "exit_code", 2)
                format_message = getattr(error, "format_message", None)
                message = format_message() if format_message else str(error)
                report_json_error(message, None, exit_code)
            raise
        except OSError as error:
            if error.errno in OUTPUT_ERRNOS:
                _output_failed(error)
            if error.errno == errno.ENAMETOOLONG:
                name = os.path.basename(str(error.filename or ""))[:40]
                message = f"{name}...: the name is too long for the file system"
                typer.echo(f"error: {message}", err=True)
                if as_json:
                    report_json_error(message, None, 1)
                raise typer.Exit(1) from None
            _internal_error(as_json)
        except Exception:
            _internal_error(as_json)


def _internal_error(as_json: bool) -> NoReturn:
    import traceback  # only for the rare internal error: it costs start-up time

    typer.echo(traceback.format_exc(), err=True)
    typer.echo(f"error: {INTERNAL_MESSAGE}", err=True)
    if as_json:
        report_json_error(INTERNAL_MESSAGE, None, EXIT_INTERNAL)
    raise typer.Exit(EXIT_INTERNAL) from None


class LazyGroup(HandledGroup):
    """The app's group: lists every command, imports a command's module when it is used."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command, in the registry's order, without importing any."""
        return list(COMMAND_MODULES)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command `cmd_name`, its module imported now."""
        if cmd_name not in COMMAND_MODULES:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gitops-scaffold {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=LazyGroup,
    name="gitops-scaffold",
    help="Lay out, check and bootstrap a Flux CD GitOps repository.",
    no_args_is_help=True,
    # Subcommands inherit the names through click's context.
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Lay out, check and bootstrap a Flux CD GitOps repository."""


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="gitops-scaffold")
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit as done:
        _flush_or_fail()
        raise done from None


def _flush_or_fail() -> None:
    """Flush stdout now, so a full disk is one line and exit 1, not a message at exit."""
    try:
        sys.stdout.flush()
    except OSError as error:
        try:
            _output_failed(error)
        except typer.Exit as failed:
            sys.exit(failed.exit_code)
