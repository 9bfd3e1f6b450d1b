"""The typer app: wires the command modules and turns exceptions into exit codes.

Exit codes: 0 ok, 1 findings or an expected failure, 2 usage or config error,
3 internal error, 130 interrupted.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from scaffold import __version__
from scaffold.errors import ScaffoldError

# One line per command module; each module exposes `register(app)`.
COMMAND_MODULES = [
    "new",
    "lint",
    "rules",
    "add",
    "seal",
    "bootstrap",
    "status",
]

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def report_error(error: ScaffoldError) -> None:
    """Print an expected failure as one line plus an optional hint, on stderr."""
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"  hint: {error.hint}", err=True)


class HandledGroup(TyperGroup):
    """A group whose invocation maps our exceptions to the documented exit codes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ScaffoldError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except Exception:
            typer.echo(traceback.format_exc(), err=True)
            typer.echo(
                "error: internal error in gitops-scaffold; please report it with the output above",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gitops-scaffold {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=HandledGroup,
    name="gitops-scaffold",
    help="Lay out, check and bootstrap a Flux CD GitOps repository.",
    no_args_is_help=True,
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


for _name in COMMAND_MODULES:
    importlib.import_module(f"scaffold.commands.{_name}").register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="gitops-scaffold")
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
