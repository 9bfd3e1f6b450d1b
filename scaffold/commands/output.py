"""How commands show what a subsystem did: results on stdout, the rest on stderr."""

from __future__ import annotations

import typer

from scaffold import fs
from scaffold.authoring.writer import Written, commit_command
from scaffold.reporting import Reporter


def warn(message: str) -> None:
    """One warning line on stderr."""
    typer.echo(f"warning: {message}", err=True)


def report_written(written: Written) -> None:
    """The path written (stdout), its warnings and the command that commits it (stderr)."""
    for message in written.warnings:
        warn(message)
    shown = fs.display_path(written.path)
    typer.echo(shown)
    command = commit_command(written.path, written.commit_message)
    if command is None:
        typer.echo(f"wrote {shown} (not in a Git work tree: nothing to commit)", err=True)
    else:
        typer.echo(f"wrote {shown}; commit it with:\n  {command}", err=True)


def console() -> Reporter:
    """A Reporter that prints progress on stderr and results on stdout."""
    return Reporter(
        progress=lambda text: typer.echo(text, err=True),
        stream=lambda text: typer.echo(text, err=True, nl=False),
        result=typer.echo,
    )
