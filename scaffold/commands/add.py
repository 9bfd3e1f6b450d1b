"""`gitops-scaffold add repository|release`: declare Helm components in the cluster's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import SyncPath, WrittenOutput
from scaffold.commands.usage import examples

add_app = typer.Typer(
    name="add",
    help="Declare Helm components (HelmRepository, HelmRelease) in the cluster's layout.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Force = Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")]
Namespace = Annotated[
    str, typer.Option("--namespace", "-n", metavar="NS", help="Namespace of the object.")
]


def register(app: typer.Typer) -> None:
    """Add the `add` group to the app."""
    app.add_typer(add_app, name="add")


@add_app.command(
    "repository",
    cls=Command,
    epilog=examples(
        "gitops-scaffold add repository podinfo --url https://stefanprodan.github.io/podinfo",
        "gitops-scaffold add repository podinfo --url oci://ghcr.io/stefanprodan/charts",
    ),
)
def add_repository(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name of the HelmRepository.")],
    url: Annotated[
        str,
        typer.Option(
            "--url",
            metavar="URL",
            help="Chart repository URL: https://, oci://, or http:// (with a warning).",
        ),
    ],
    interval: Annotated[
        str,
        typer.Option("--interval", metavar="DURATION", help="How often Flux fetches the index."),
    ] = "10m",
    oci: Annotated[
        bool, typer.Option("--oci", help="The URL is an OCI registry (implied by oci://).")
    ] = False,
    namespace: Namespace = "flux-system",
    sync_path: SyncPath = None,
    force: Force = False,
    fmt: WrittenOutput = "text",
) -> None:
    """Write <sync path>/helm/repositories/NAME.yaml: a HelmRepository."""
    from scaffold.authoring.add import RepositoryRequest
    from scaffold.authoring.add import add_repository as run
    from scaffold.commands.output import report_written, written_format

    output = written_format(fmt)
    request = RepositoryRequest(name, url, interval, oci, namespace, sync_path, force)
    report_written(run(request), output)


@add_app.command(
    "release",
    cls=Command,
    epilog=examples(
        "gitops-scaffold add release podinfo --chart podinfo --version 6.7.1 --repository podinfo",
        "gitops-scaffold add release podinfo --version 6.7.1 "
        "--oci-url oci://ghcr.io/stefanprodan/charts/podinfo",
    ),
)
def add_release(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name of the HelmRelease.")],
    version: Annotated[
        str, typer.Option("--version", metavar="VERSION", help="Chart version, e.g. 1.2.3.")
    ],
    chart: Annotated[
        str | None,
        typer.Option(
            "--chart", metavar="CHART", help="Chart name (with --oci-url: the URL's last part)."
        ),
    ] = None,
    repository: Annotated[
        str | None,
        typer.Option("--repository", metavar="REPO", help="Name of the HelmRepository."),
    ] = None,
    oci_url: Annotated[
        str | None,
        typer.Option(
            "--oci-url",
            metavar="URL",
            help="Install the chart at oci://REGISTRY/PATH/CHART through an OCIRepository "
            "and chartRef (instead of --repository).",
        ),
    ] = None,
    namespace: Namespace = "flux-system",
    target_namespace: Annotated[
        str | None,
        typer.Option(
            "--target-namespace", metavar="NS", help="Namespace the chart is installed into."
        ),
    ] = None,
    create_target_namespace: Annotated[
        bool,
        typer.Option("--create-target-namespace", help="Let Helm create the target namespace."),
    ] = False,
    values_file: Annotated[
        Path | None,
        typer.Option(
            "--values-file",
            metavar="FILE",
            help="Inline these non-secret values (refuses credential keys).",
        ),
    ] = None,
    secret_values: Annotated[
        list[str] | None,
        typer.Option(
            "--secret-value",
            metavar="SECRET:KEY=TARGET.PATH",
            help="Read a value from a Secret: SECRET:KEY=TARGET.PATH (repeatable).",
        ),
    ] = None,
    interval: Annotated[
        str, typer.Option("--interval", metavar="DURATION", help="How often Flux reconciles.")
    ] = "10m",
    allow_missing_repository: Annotated[
        bool,
        typer.Option(
            "--allow-missing-repository", help="Accept a HelmRepository not declared here."
        ),
    ] = False,
    allow_range: Annotated[
        bool,
        typer.Option("--allow-range", help="Accept a version range (written to CHART.yaml)."),
    ] = False,
    sync_path: SyncPath = None,
    force: Force = False,
    fmt: WrittenOutput = "text",
) -> None:
    """Write <sync path>/helm/releases/CHART-vVERSION.yaml: a HelmRelease."""
    from scaffold.authoring.add import ReleaseRequest
    from scaffold.authoring.add import add_release as run
    from scaffold.commands.output import report_written, written_format

    output = written_format(fmt)
    request = ReleaseRequest(
        name=name,
        chart=chart,
        version=version,
        repository=repository,
        oci_url=oci_url,
        namespace=namespace,
        target_namespace=target_namespace,
        create_target_namespace=create_target_namespace,
        values_file=values_file,
        secret_values=secret_values or [],
        interval=interval,
        allow_missing_repository=allow_missing_repository,
        allow_range=allow_range,
        sync_path=sync_path,
        force=force,
    )
    report_written(run(request), output)
