"""`gitops-scaffold status`: is the cluster running the remote branch's tip, and Ready?"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import Directory, StatusOutput, SyncPath
from scaffold.commands.usage import examples
from scaffold.formats import JSON_VERSION, STATUS_FORMATS, OutputFormat, parse_format

if TYPE_CHECKING:
    from scaffold.flux.status import ClusterStatus

# How many hex digits of a commit id we show.
SHORT = 12
# `flux resume` subcommands by the kind `flux get all` names.
RESUME_KINDS = {"kustomization": "kustomization", "gitrepository": "source git"}


EXAMPLES = examples(
    "gitops-scaffold status --sync-path clusters/production",
    "gitops-scaffold status --context kind-dev -o json",
)


def _verdict_line(status: ClusterStatus) -> str:
    from scaffold.flux.status import Verdict

    tip = status.remote_commit or ""
    where = f"{status.sync_path}: {status.verdict.value}"
    match status.verdict:
        case Verdict.unknown:
            return f"{where}: {status.remote_ref} does not exist locally"
        case Verdict.not_bootstrapped:
            return f"{where}: no {status.namespace} source or Kustomization"
        case Verdict.other_path:
            return f"{where}: the cluster syncs ./{status.cluster_path}, not ./{status.sync_path}"
        case Verdict.suspended:
            names = ", ".join(r.ref for r in status.suspended)
            return f"{where}: {names} will not apply {status.remote_ref} until resumed"
        case Verdict.in_sync:
            return f"{where} with {status.remote_ref} at {tip[:SHORT]}"
    fetched = status.source.revision if status.source else None
    applied = status.kustomization.revision if status.kustomization else None
    return (
        f"{where}: {status.remote_ref} is at {tip[:SHORT]},"
        f" the cluster fetched {fetched or 'nothing'} and applied {applied or 'nothing'}"
    )


def _describe(status: ClusterStatus) -> list[str]:
    """Human-readable lines for `status`; a multi-line message keeps its lines, indented."""
    lines = [_verdict_line(status)]
    lines += [f"flux check: {failure}" for failure in status.check_failures]
    lines += [
        f"not ready: {r.ref}: {r.message}".replace("\n", "\n    ") for r in status.not_ready
    ]
    return lines


def _hints(status: ClusterStatus, remote: str) -> list[str]:
    from scaffold.flux import runner as flux
    from scaffold.flux.status import Verdict

    if status.verdict is Verdict.unknown:
        return [f"run `git fetch {remote}` first"]
    if status.verdict is Verdict.other_path:
        return ["pass the --sync-path of the cluster this kube context reaches, or switch context"]
    if status.verdict is Verdict.suspended:
        return [
            f"resume it: `flux resume {RESUME_KINDS.get(r.kind, r.kind)} {r.name}"
            f" --namespace={r.namespace or r.name}`"
            for r in status.suspended
        ]
    return [flux.LOGS_HINT]


def status(
    sync_path: SyncPath = None,
    remote: Annotated[str, typer.Option(help="Git remote whose branch the cluster follows.")] = (
        "origin"
    ),
    context: Annotated[
        str | None, typer.Option(help="Kube context of the cluster (default: the current one).")
    ] = None,
    kubeconfig: Annotated[
        Path | None, typer.Option(help="Kubeconfig file (default: flux's, KUBECONFIG).")
    ] = None,
    namespace: Annotated[
        str | None, typer.Option(help="Namespace Flux runs in (default: flux-system).")
    ] = None,
    fmt: StatusOutput = "text",
    directory: Directory = Path("."),
) -> None:
    """Say whether the cluster applied the tip of the remote branch and everything is Ready."""
    # Imported here, not above: `--help` imports every command module.
    from scaffold.flux import runner as flux
    from scaffold.flux.cluster import flux_cluster
    from scaffold.flux.status import collect_status, remote_ref
    from scaffold.repository.root import find_root
    from scaffold.views.clusters import choose_cluster

    output = parse_format(fmt, STATUS_FORMATS)
    root = find_root(directory)
    cluster = choose_cluster(root, sync_path)
    ref = remote_ref(remote, str(cluster.answer("branch", "main")))
    flux.require(["flux", "get", "all", "--all-namespaces"])
    typer.echo(
        "running flux check, flux get all --all-namespaces and flux export kustomization",
        err=True,
    )
    selected = flux_cluster(context, kubeconfig, namespace)
    result = collect_status(root, cluster.sync_path, ref, selected)
    if output is OutputFormat.json:
        typer.echo(json.dumps({"version": JSON_VERSION, **result.as_dict()}, indent=2))
    else:
        for line in _describe(result):
            typer.echo(line)
    if not result.healthy:
        for hint in _hints(result, remote):
            typer.echo(f"  hint: {hint}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `status` command to `app`."""
    app.command(cls=Command, epilog=EXAMPLES)(status)
