"""`gitops-scaffold status`: is the cluster running the remote branch's tip, and Ready?"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands import completion
from scaffold.commands.usage import PlainUsage
from scaffold.flux import runner as flux
from scaffold.flux.status import ClusterStatus, collect_status
from scaffold.formats import STATUS_FORMATS, OutputFormat, parse_format
from scaffold.repository.clusters import choose_cluster
from scaffold.repository.root import find_root

# How many hex digits of a commit id we show.
SHORT = 12


def _describe(status: ClusterStatus) -> list[str]:
    """Human-readable lines for `status`."""
    tip = status.remote_commit
    applied = status.kustomization.revision if status.kustomization else None
    fetched = status.source.revision if status.source else None
    if tip is None:
        lines = [f"{status.sync_path}: unknown: {status.remote_ref} does not exist locally"]
    elif status.kustomization is None or status.source is None:
        lines = [f"{status.sync_path}: not bootstrapped: no flux-system source or Kustomization"]
    elif status.in_sync:
        lines = [f"{status.sync_path}: in sync with {status.remote_ref} at {tip[:SHORT]}"]
    else:
        lines = [
            f"{status.sync_path}: out of sync: {status.remote_ref} is at {tip[:SHORT]},"
            f" the cluster fetched {fetched or 'nothing'} and applied {applied or 'nothing'}"
        ]
    lines += [f"flux check: {failure}" for failure in status.check_failures]
    lines += [f"not ready: {r.ref}: {r.message}" for r in status.not_ready]
    return lines


def status(
    sync_path: Annotated[
        str | None,
        typer.Option(
            "--sync-path",
            help="Cluster to report on, if several.",
            autocompletion=completion.sync_paths,
        ),
    ] = None,
    remote: Annotated[str, typer.Option(help="Git remote whose branch the cluster follows.")] = (
        "origin"
    ),
    context: Annotated[
        str | None, typer.Option(help="Kube context of the cluster (default: the current one).")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="Output format on stdout: text or json.",
            autocompletion=completion.status_formats,
        ),
    ] = "text",
    directory: Annotated[
        Path, typer.Option("--directory", "-C", help="Repository to report on.", file_okay=False)
    ] = Path("."),
) -> None:
    """Say whether the cluster applied the tip of the remote branch and everything is Ready."""
    output = parse_format(fmt, STATUS_FORMATS)
    root = find_root(directory)
    cluster = choose_cluster(root, sync_path)
    branch = str(cluster.answer("branch", "main"))
    flux.require(["flux", "get", "all", "--all-namespaces"])
    typer.echo("running flux check and flux get all --all-namespaces", err=True)
    result = collect_status(root, cluster.sync_path, f"{remote}/{branch}", context=context)
    if output is OutputFormat.json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
    else:
        for line in _describe(result):
            typer.echo(line)
    if not result.healthy:
        if result.remote_commit is None:
            typer.echo(f"  hint: run `git fetch {remote}` first", err=True)
        typer.echo(f"  hint: {flux.LOGS_HINT}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `status` command to `app`."""
    app.command(cls=PlainUsage)(status)
