"""`gitops-scaffold tree`: what a sync path deploys and what depends on what, offline."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import RepositoryPath, SyncPath, TreeOutput
from scaffold.commands.usage import examples
from scaffold.formats import JSON_VERSION, TREE_FORMATS, OutputFormat, parse_format

EXAMPLES = examples(
    "gitops-scaffold tree --sync-path clusters/production",
    "gitops-scaffold tree -o mermaid > deploys.md",
)


def tree_command(
    path: RepositoryPath = Path("."),
    sync_path: SyncPath = None,
    fmt: TreeOutput = "text",
) -> None:
    """Draw the Kustomizations, HelmReleases, sources and Secrets a sync path deploys."""
    from scaffold.commands.terminal import printable_lines
    from scaffold.views.tree import load_tree

    output = parse_format(fmt, TREE_FORMATS)
    graph = load_tree(path, sync_path)
    if output is OutputFormat.json:
        from scaffold.views.tree_json import graph_as_dict

        typer.echo(json.dumps({"version": JSON_VERSION, **graph_as_dict(graph)}, indent=2))
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
    app.command("tree", cls=Command, epilog=EXAMPLES)(tree_command)
