"""`gitops-scaffold list`: the clusters, and what each one's sync path declares."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import Directory, ListOutput, SyncPath
from scaffold.commands.usage import examples
from scaffold.formats import JSON_VERSION, LIST_FORMATS, OutputFormat, parse_format

EXAMPLES = examples(
    "gitops-scaffold list",
    "gitops-scaffold list --sync-path clusters/dev -o json",
)


def list_command(
    sync_path: SyncPath = None,
    fmt: ListOutput = "text",
    directory: Directory = Path("."),
) -> None:
    """List clusters and their sources, releases and sealed secrets, with what uses what."""
    from scaffold.commands.terminal import printable_lines
    from scaffold.views.listing import as_dict, as_lines, list_clusters

    output = parse_format(fmt, LIST_FORMATS)
    listings = list_clusters(sync_path, directory)
    if output is OutputFormat.json:
        typer.echo(json.dumps(
                {"version": JSON_VERSION, "clusters": [as_dict(item) for item in listings]},
                indent=2,
            ))
        return
    for index, listing in enumerate(listings):
        if index:
            typer.echo("")
        typer.echo(printable_lines(as_lines(listing)))


def register(app: typer.Typer) -> None:
    """Add `list` to the app."""
    app.command("list", cls=Command, epilog=EXAMPLES)(list_command)
