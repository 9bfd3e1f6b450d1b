"""`gitops-scaffold list`: the clusters, and what each one's sync path declares."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from scaffold.formats import LIST_FORMATS, OutputFormat, names, parse_format


def list_command(
    sync_path: Annotated[
        str | None,
        typer.Option("--sync-path", metavar="PATH", help="Only this cluster (default: all)."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help=f"Output on stdout: {names(LIST_FORMATS)}."
        ),
    ] = "text",
) -> None:
    """List clusters and their sources, releases and sealed secrets, with what uses what."""
    from scaffold.commands.terminal import printable_lines
    from scaffold.views.listing import as_dict, as_lines, list_clusters

    output = parse_format(fmt, LIST_FORMATS)
    listings = list_clusters(sync_path)
    if output is OutputFormat.json:
        typer.echo(json.dumps({"clusters": [as_dict(item) for item in listings]}, indent=2))
        return
    for index, listing in enumerate(listings):
        if index:
            typer.echo("")
        typer.echo(printable_lines(as_lines(listing)))


def register(app: typer.Typer) -> None:
    """Add `list` to the app."""
    app.command("list")(list_command)
