"""`gitops-scaffold add repository|release`: declare Helm components in the cluster's layout."""

from __future__ import annotations

from pathlib import Path

import typer

from scaffold.authoring import inputs as fluxinputs
from scaffold.authoring import manifests
from scaffold.authoring.declared import DeclaredObject, declared_objects
from scaffold.authoring.values_file import load_values
from scaffold.authoring.writer import display_path, report_written, write_new_file
from scaffold.errors import UsageError
from scaffold.repository.convention import ClusterDirs, resolve_cluster
from scaffold.repository.names import validate_name, validate_namespace

add_app = typer.Typer(
    name="add",
    help="Declare Helm components (HelmRepository, HelmRelease) in the cluster's layout.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

SYNC_PATH_HELP = "Sync path of the cluster to add to (needed when the repo has several)."
FORCE_HELP = "Overwrite the file if it exists."


def register(app: typer.Typer) -> None:
    """Add the `add` group to the app."""
    app.add_typer(add_app, name="add")


@add_app.command("repository")
def add_repository(
    name: str = typer.Argument(..., metavar="NAME", help="Name of the HelmRepository."),
    url: str = typer.Option(
        ..., "--url", metavar="URL", help="Chart repository URL (https:// or oci://)."
    ),
    interval: str = typer.Option(
        "10m", "--interval", metavar="DURATION", help="How often Flux fetches the index."
    ),
    oci: bool = typer.Option(
        False, "--oci", help="The URL is an OCI registry (implied by oci://)."
    ),
    namespace: str = typer.Option(
        "flux-system", "--namespace", "-n", metavar="NS", help="Namespace of the object."
    ),
    sync_path: str | None = typer.Option(None, "--sync-path", metavar="PATH", help=SYNC_PATH_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Write <sync path>/helm/repositories/NAME.yaml: a HelmRepository."""
    validate_name(name, "repository name")
    validate_namespace(namespace)
    fluxinputs.validate_interval(interval)
    is_oci = fluxinputs.validate_url(url, oci=oci)
    cluster = resolve_cluster(sync_path)
    path = cluster.repository_file(name)
    document = manifests.helm_repository(name, namespace, url, interval, is_oci)
    write_new_file(path, manifests.dump(document), force=force)
    report_written(path, f"Add HelmRepository {name}")


@add_app.command("release")
def add_release(
    name: str = typer.Argument(..., metavar="NAME", help="Name of the HelmRelease."),
    chart: str = typer.Option(
        ..., "--chart", metavar="CHART", help="Chart name in the repository."
    ),
    version: str = typer.Option(
        ..., "--version", metavar="VERSION", help="Chart version, e.g. 1.2.3."
    ),
    repository: str = typer.Option(
        ..., "--repository", metavar="REPO", help="Name of the HelmRepository."
    ),
    namespace: str = typer.Option(
        "flux-system", "--namespace", "-n", metavar="NS", help="Namespace of the object."
    ),
    target_namespace: str | None = typer.Option(
        None, "--target-namespace", metavar="NS", help="Namespace the chart is installed into."
    ),
    create_target_namespace: bool = typer.Option(
        False, "--create-target-namespace", help="Let Helm create the target namespace."
    ),
    values_file: Path | None = typer.Option(
        None,
        "--values-file",
        metavar="FILE",
        help="Inline these non-secret values (refuses credential keys).",
    ),
    secret_values: list[str] = typer.Option(
        [],
        "--secret-value",
        metavar="SECRET:KEY=TARGET.PATH",
        help="Read a value from a Secret: SECRET:KEY=TARGET.PATH (repeatable).",
    ),
    interval: str = typer.Option(
        "10m", "--interval", metavar="DURATION", help="How often Flux reconciles."
    ),
    allow_missing_repository: bool = typer.Option(
        False, "--allow-missing-repository", help="Accept a HelmRepository not declared here."
    ),
    sync_path: str | None = typer.Option(None, "--sync-path", metavar="PATH", help=SYNC_PATH_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Write <sync path>/helm/releases/CHART-vVERSION.yaml: a HelmRelease."""
    validate_name(name, "release name")
    validate_namespace(namespace)
    if target_namespace is not None:
        validate_namespace(target_namespace)
    fluxinputs.validate_chart(chart, version)
    fluxinputs.validate_interval(interval)
    validate_name(repository, "repository name")
    values_from = [fluxinputs.parse_secret_value(spec) for spec in secret_values]
    values = load_values(values_file) if values_file is not None else None
    cluster = resolve_cluster(sync_path)
    kinds = ("HelmRepository", "SealedSecret") if values_from else ("HelmRepository",)
    declared = declared_objects(cluster.sync_dir, *kinds)
    repository_namespace = _repository_namespace(
        cluster, declared, repository, namespace, allow_missing_repository
    )
    release = manifests.ReleaseSpec(
        name=name,
        namespace=namespace,
        chart=chart,
        version=version,
        repository=repository,
        repository_namespace=repository_namespace,
        interval=interval,
        target_namespace=target_namespace,
        create_target_namespace=create_target_namespace,
        values=values,
        values_from=values_from,
    )
    path = cluster.release_file(chart, version)
    write_new_file(path, manifests.dump(manifests.helm_release(release)), force=force)
    _warn_unsealed(cluster, declared, namespace, values_from)
    report_written(path, f"Add HelmRelease {name} ({chart} {version})")


def _repository_namespace(
    cluster: ClusterDirs,
    declared: list[DeclaredObject],
    repository: str,
    namespace: str,
    allow_missing: bool,
) -> str:
    """The namespace of the declared HelmRepository `repository`; refuse an unknown one."""
    declared = [obj for obj in declared if obj.kind == "HelmRepository"]
    matches = [obj for obj in declared if obj.name == repository]
    # Prefer one in the release's namespace: that is where an unqualified sourceRef points.
    matches.sort(key=lambda obj: (obj.namespace or namespace) != namespace)
    if matches:
        return matches[0].namespace or namespace
    if allow_missing:
        return namespace
    known = ", ".join(sorted({obj.name for obj in declared})) or "none"
    raise UsageError(
        f"no HelmRepository {repository!r} under {cluster.sync_path} (declared: {known})",
        hint=f"add it with `gitops-scaffold add repository {repository} --url URL`, "
        "or pass --allow-missing-repository",
    )


def _warn_unsealed(
    cluster: ClusterDirs,
    declared: list[DeclaredObject],
    namespace: str,
    values_from: list[manifests.ValuesFrom],
) -> None:
    """Warn when a referenced Secret has no SealedSecret in the release's namespace."""
    sealed = [obj for obj in declared if obj.kind == "SealedSecret"]
    present = {(obj.name, obj.namespace) for obj in sealed}
    for secret in sorted({entry.secret for entry in values_from}):
        if (secret, namespace) in present:
            continue
        elsewhere = sorted(
            f"{obj.namespace}/{obj.name} ({display_path(obj.path)})"
            for obj in sealed
            if obj.name == secret
        )
        detail = f"; found only {', '.join(elsewhere)}" if elsewhere else ""
        typer.echo(
            f"warning: no SealedSecret {namespace}/{secret} under {cluster.sync_path}{detail}; "
            f"Flux reads valuesFrom Secrets from the HelmRelease's namespace. Seal it with "
            f"`gitops-scaffold seal {secret} --namespace {namespace} ... --cert CERT.pem`",
            err=True,
        )
