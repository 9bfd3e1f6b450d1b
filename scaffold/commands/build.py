"""`gitops-scaffold build`: the objects Flux applies on each cluster, rendered offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import BuildOutput, Directory, SyncPaths
from scaffold.commands.usage import examples
from scaffold.formats import BUILD_FORMATS, OutputFormat, parse_format

EXAMPLES = examples(
    "gitops-scaffold build --sync-path clusters/production > production.yaml",
    "gitops-scaffold build apps -o json",
    "gitops-scaffold build --path apps/staging",
)

HELP = """Print the objects Flux applies on each cluster, as kustomize-controller builds them.

Every Flux Kustomization reached from the sync path, in dependency order: its path built
with kustomize (patches, generators, components, prefixes, images…), Flux's own layer
(targetNamespace, spec.patches, spec.images, postBuild substitution from the repository's
ConfigMaps and Secrets). No cluster, network or external binary. HelmReleases are shown
as the HelmRelease objects Flux applies: their charts are not rendered. What cannot be
rendered exactly (remote bases, helmCharts, plugins, sources in other repositories) is
reported "not rendered" with the reason, and the exit code is 1. Secret values are
masked unless --show-secrets.
"""

Kustomization = Annotated[
    str | None,
    typer.Argument(
        metavar="[KUSTOMIZATION]", help="Only this Flux Kustomization (NAME or NAMESPACE/NAME)."
    ),
]
BuildPath = Annotated[
    Path | None,
    typer.Option(
        "--path",
        metavar="DIR",
        help="Build this directory as Flux builds a Kustomization's spec.path (no postBuild).",
    ),
]
ShowSecrets = Annotated[
    bool, typer.Option("--show-secrets", help="Print Secret values instead of masking them.")
]


def build_command(
    kustomization: Kustomization = None,
    sync_path: SyncPaths = None,
    path: BuildPath = None,
    directory: Directory = Path("."),
    fmt: BuildOutput = "yaml",
    show_secrets: ShowSecrets = False,
) -> None:
    """Print the objects Flux applies on each cluster, as kustomize-controller builds them."""
    from scaffold.model.gc_pause import no_cyclic_gc
    from scaffold.views.build import Shown
    from scaffold.views.build_clusters import printed

    output = parse_format(fmt, BUILD_FORMATS)
    shown = Shown(kustomization, show_secrets)
    # Tens of thousands of objects stay alive to the end: the collector would only rescan them.
    with no_cyclic_gc():
        result = printed(
            directory, sync_path or [], path, shown, as_json=output is OutputFormat.json
        )
    if output is OutputFormat.json:
        typer.echo(json.dumps(result.document(), indent=2))
    else:
        typer.echo(result.text, nl=False)
    for line in result.summary():
        typer.echo(line, err=True)
    if result.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `build` to the app."""
    app.command("build", cls=Command, epilog=EXAMPLES, help=HELP)(build_command)
