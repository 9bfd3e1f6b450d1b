"""`gitops-scaffold tree`: what each sync path deploys and what depends on what, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import RepositoryPath, SyncPaths, TreeOutput
from scaffold.commands.usage import examples
from scaffold.formats import JSON_VERSION, TREE_FORMATS, OutputFormat, parse_format

EXAMPLES = examples(
    "gitops-scaffold tree --sync-path clusters/staging --sync-path clusters/production",
    "gitops-scaffold tree --kustomization apps -o mermaid > apps.md",
)


def tree_command(
    path: RepositoryPath = Path("."),
    sync_path: SyncPaths = None,
    kustomization: Annotated[
        str | None,
        typer.Option(
            "--kustomization",
            metavar="NAME",
            help="Draw only what this Flux Kustomization applies, as `flux tree kustomization`.",
        ),
    ] = None,
    namespace: Annotated[
        str | None,
        typer.Option(
            "--namespace",
            "-n",
            metavar="NAMESPACE",
            help="The --kustomization's namespace (default: flux-system).",
        ),
    ] = None,
    fmt: TreeOutput = "text",
) -> None:
    """Draw the Kustomizations, HelmReleases, sources and Secrets each sync path deploys."""
    from scaffold.commands.terminal import printable_lines
    from scaffold.views.tree import load_trees

    output = parse_format(fmt, TREE_FORMATS)
    graphs = load_trees(path, sync_path or [], kustomization, namespace, note=_note)
    if output is OutputFormat.json:
        from scaffold.views.tree_json import graphs_as_dict

        typer.echo(json.dumps(graphs_as_dict(graphs, JSON_VERSION), indent=2))
    elif output is OutputFormat.mermaid:
        from scaffold.views.tree_mermaid import render_mermaid_clusters

        typer.echo(printable_lines(render_mermaid_clusters(graphs)))
    else:
        from scaffold.views.tree_text import render_text_clusters

        typer.echo(printable_lines(render_text_clusters(graphs)))
    dangling = sum(len(graph.dangling()) for graph in graphs)
    if dangling:
        typer.echo(f"{dangling} reference(s) to objects declared nowhere (marked ✗)", err=True)


def _note(line: str) -> None:
    typer.echo(line, err=True)


def register(app: typer.Typer) -> None:
    """Add `tree` to the app."""
    app.command("tree", cls=Command, epilog=EXAMPLES)(tree_command)
