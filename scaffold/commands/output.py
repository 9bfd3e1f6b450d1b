"""How commands show what a subsystem did: results on stdout, the rest on stderr."""

from __future__ import annotations

import json
from typing import Any

import typer

from scaffold import fs
from scaffold.authoring.writer import Written, commit_command
from scaffold.formats import JSON_VERSION, WRITE_FORMATS, OutputFormat, parse_format
from scaffold.reporting import Reporter


def warn(message: str) -> None:
    """One warning line on stderr."""
    typer.echo(f"warning: {message}", err=True)


def written_format(value: str) -> OutputFormat:
    """The output format of a writing command (checked before anything is written)."""
    return parse_format(value, WRITE_FORMATS)


def _commit(written: Written) -> str | None:
    if written.action == "unchanged" or (written.deleted and not written.staged):
        return None
    return commit_command(None if written.deleted else written.path, written.commit_message)


def written_as_dict(written: Written) -> dict[str, Any]:
    """What was written, as the JSON output shows it (paths as the user would type them)."""
    return {
        "version": JSON_VERSION,
        "action": written.action,
        "kind": written.kind,
        "name": written.name,
        "path": fs.display_path(written.path),
        "renamed_from": fs.display_path(written.renamed_from) if written.renamed_from else None,
        "details": written.details,
        "warnings": written.warnings,
        "commit": _commit(written),
    }


def report_written(written: Written, fmt: OutputFormat = OutputFormat.text) -> None:
    """The path written (stdout), its warnings and the command that commits it (stderr)."""
    for message in written.warnings:
        warn(message)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(written_as_dict(written), indent=2))
        return
    shown = fs.display_path(written.path)
    typer.echo(shown)
    if written.action == "unchanged":
        typer.echo(
            f"{shown} already says {written.details.get('version')}; nothing changed", err=True
        )
        return
    what = {"removed": "removed", "upgraded": "updated", "merged": "updated"}.get(
        written.action, "wrote"
    )
    if written.renamed_from is not None:
        what = f"updated {fs.display_path(written.renamed_from)} and renamed it to"
    command = _commit(written)
    if command is None:
        why = "Git did not track it" if written.deleted else "not in a Git work tree"
        typer.echo(f"{what} {shown} ({why}: nothing to commit)", err=True)
    else:
        typer.echo(f"{what} {shown}; commit it with:\n  {command}", err=True)


def console() -> Reporter:
    """A Reporter that prints progress on stderr and results on stdout."""
    return Reporter(
        progress=lambda text: typer.echo(text, err=True),
        stream=lambda text: typer.echo(text, err=True, nl=False),
        result=typer.echo,
    )
