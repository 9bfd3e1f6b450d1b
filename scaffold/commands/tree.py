"""`gitops-scaffold tree`: what a sync path deploys and what depends on what, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scaffold.formats import TREE_FORMATS, OutputFormat, names, parse_format


def tree_command(
    path: Annotated[
        Path, typer.Argument(metavar="[PATH]", help="Repository (default: the current one).")
    ] = Path("."),
    sync_path: Annotated[
        str | None,
        typer.Option("--sync-path", metavar="PATH", help="Sync path to draw (if several)."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=f"On stdout: {names(TREE_FORMATS)} (Mermaid renders in GitHub Markdown).",
        ),
    ] = "text",
) -> None:
    """Draw the Kustomizations, HelmReleases, sources and Secrets a sync path deploys."""
    from scaffold.commands.terminal import printable_lines
    from scaffold.views.tree import load_tree

    output = parse_format(fmt, TREE_FORMATS)
    graph = load_tree(path, sync_path)
    if output is OutputFormat.json:
        from scaffold.views.tree_json import graph_as_dict

        typer.echo(json.dumps(graph_as_dict(graph), indent=2))
    elif output is OutputFormat.mermaid:
        from scaffold.views.tree_mermaid import render_mermaid

        typer.echo(printable_lines(render_mermaid(graph)))
    else:
        from scaffold.views.tree_text import render_text

        typer.echo(printable_lines(render_text(graph)))
    dangling = graph.dangling()
    if dangling:
        typer.echo(f"{len(dangling)} reference(s) to objects declared nowhere (marked ✗)", err=True)


def register(app: typer.Typer) -> None:
    """Add `tree` to the app."""
    app.command("tree")(tree_command)
