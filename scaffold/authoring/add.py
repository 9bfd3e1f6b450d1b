"""`add repository` and `add release`: declare Helm components in a cluster's layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scaffold import fs
from scaffold.authoring import inputs, manifests, oci_chart
from scaffold.authoring.declared import DeclaredObject, declared_objects
from scaffold.authoring.values_file import load_values
from scaffold.authoring.writer import Written, write_new_file
from scaffold.errors import UsageError
from scaffold.repository.convention import ClusterDirs
from scaffold.repository.names import validate_name, validate_namespace
from scaffold.views.clusters import resolve_cluster


@dataclass(frozen=True)
class RepositoryRequest:
    """What `add repository` was asked to write."""

    name: str
    url: str
    interval: str = "10m"
    oci: bool = False
    namespace: str = "flux-system"
    sync_path: str | None = None
    force: bool = False


@dataclass(frozen=True)
class ReleaseRequest:
    """What `add release` was asked to write."""

    name: str
    chart: str | None
    version: str
    repository: str | None = None
    # An oci:// chart artifact: installed through an OCIRepository and chartRef.
    oci_url: str | None = None
    namespace: str = "flux-system"
    target_namespace: str | None = None
    create_target_namespace: bool = False
    values_file: Path | None = None
    secret_values: list[str] = field(default_factory=list)
    interval: str = "10m"
    allow_missing_repository: bool = False
    allow_range: bool = False
    sync_path: str | None = None
    force: bool = False


def add_repository(request: RepositoryRequest) -> Written:
    """Write `<sync path>/helm/repositories/NAME.yaml`, a HelmRepository."""
    validate_name(request.name, "repository name")
    validate_namespace(request.namespace)
    inputs.validate_interval(request.interval)
    is_oci = inputs.validate_url(request.url, oci=request.oci)
    cluster = resolve_cluster(request.sync_path)
    path = cluster.repository_file(request.name)
    document = manifests.helm_repository(
        request.name, request.namespace, request.url, request.interval, is_oci
    )
    write_new_file(path, manifests.dump(document), force=request.force, root=cluster.root)
    return Written(
        path,
        f"Add HelmRepository {request.name}",
        "HelmRepository",
        request.name,
        details={"url": request.url},
        warnings=inputs.url_warnings(request.url),
    )


def add_release(request: ReleaseRequest) -> Written:
    """Write `<sync path>/helm/releases/CHART-vVERSION.yaml`: a HelmRelease, with the
    OCIRepository it installs from when the chart is an OCI artifact."""
    validate_name(request.name, "release name")
    validate_namespace(request.namespace)
    if request.target_namespace is not None:
        validate_namespace(request.target_namespace)
    chart = _chart(request)
    exact = inputs.validate_chart(chart, request.version, allow_range=request.allow_range)
    inputs.validate_interval(request.interval)
    values_from = [inputs.parse_secret_value(spec) for spec in request.secret_values]
    values = load_values(request.values_file) if request.values_file is not None else None
    cluster = resolve_cluster(request.sync_path)
    kinds = ("HelmRepository", oci_chart.SOURCE_KIND, "HelmRelease", "SealedSecret")
    declared = declared_objects(cluster, *kinds)
    path = cluster.release_file(chart, request.version) if exact else (
        cluster.unpinned_release_file(chart)
    )
    _refuse_existing(declared, request, path, "HelmRelease")
    documents = []
    if request.oci_url is None:
        source = (str(request.repository), _repository_namespace(cluster, declared, request))
    else:
        _refuse_existing(declared, request, path, oci_chart.SOURCE_KIND)
        source = (request.name, request.namespace)
        documents.append(
            oci_chart.oci_repository(
                *source, request.oci_url, request.interval, request.version, exact
            )
        )
    release = manifests.ReleaseSpec(
        name=request.name,
        namespace=request.namespace,
        chart=chart,
        version=request.version,
        repository=source[0],
        repository_namespace=source[1],
        interval=request.interval,
        target_namespace=request.target_namespace,
        create_target_namespace=request.create_target_namespace,
        values=values,
        values_from=values_from,
        chart_ref=None if request.oci_url is None else oci_chart.SOURCE_KIND,
    )
    documents.append(manifests.helm_release(release))
    text = "".join(manifests.dump(document) for document in documents)
    write_new_file(path, text, force=request.force, root=cluster.root)
    details: dict[str, str | list[str]] = {"chart": chart, "version": request.version}
    if request.oci_url is not None:
        details["source"] = oci_chart.SOURCE_KIND
    return Written(
        path,
        f"Add HelmRelease {request.name} ({chart} {request.version})",
        "HelmRelease",
        request.name,
        warnings=_unsealed(cluster, declared, request.namespace, values_from),
        details=details,
    )


def _chart(request: ReleaseRequest) -> str:
    """The chart to install, from --chart with --repository or from the --oci-url."""
    if request.oci_url is not None:
        if request.repository is not None:
            raise UsageError(
                "--oci-url and --repository exclude each other",
                hint="an OCI chart comes from its own OCIRepository (--oci-url); "
                "a chart repository's chart from its HelmRepository (--repository)",
            )
        return oci_chart.chart_of(request.oci_url, request.chart)
    if request.repository is None:
        raise UsageError(
            "say where the chart comes from: --repository or --oci-url",
            hint="--repository NAME for a declared HelmRepository, "
            "--oci-url oci://REGISTRY/PATH/CHART for a chart in an OCI registry",
        )
    validate_name(request.repository, "repository name")
    if request.chart is None:
        raise UsageError("--chart is needed with --repository", hint="e.g. --chart podinfo")
    return request.chart


def _refuse_existing(
    declared: list[DeclaredObject], request: ReleaseRequest, path: Path, kind: str
) -> None:
    """A second `kind` (HelmRelease, its OCIRepository) of the release's name is a duplicate
    Flux refuses: point at upgrade."""
    for obj in declared:
        same = obj.kind == kind and obj.name == request.name
        if not same or (obj.namespace or request.namespace) != request.namespace:
            continue
        if obj.path == path and request.force:
            continue  # overwriting that very file is what --force asks for
        raise UsageError(
            f"{kind} {request.namespace}/{request.name} is already declared in "
            f"{fs.display_path(obj.path)}",
            hint=f"change its chart version with `gitops-scaffold upgrade release {request.name} "
            f"--version {request.version}`, or remove it first with "
            f"`gitops-scaffold remove release {request.name}`",
        )


def _repository_namespace(
    cluster: ClusterDirs, declared: list[DeclaredObject], request: ReleaseRequest
) -> str:
    """The namespace of the declared HelmRepository; refuse an unknown one."""
    repositories = [obj for obj in declared if obj.kind == "HelmRepository"]
    matches = [obj for obj in repositories if obj.name == request.repository]
    # Prefer one in the release's namespace: that is where an unqualified sourceRef points.
    matches.sort(key=lambda obj: (obj.namespace or request.namespace) != request.namespace)
    if matches:
        return matches[0].namespace or request.namespace
    if request.allow_missing_repository:
        return request.namespace
    known = ", ".join(sorted({obj.name for obj in repositories})) or "none"
    raise UsageError(
        f"no HelmRepository {request.repository!r} under {cluster.sync_path} (declared: {known})",
        hint=f"add it with `gitops-scaffold add repository {request.repository} --url URL`, "
        "or pass --allow-missing-repository",
    )


def _unsealed(
    cluster: ClusterDirs,
    declared: list[DeclaredObject],
    namespace: str,
    values_from: list[manifests.ValuesFrom],
) -> list[str]:
    """A warning for each referenced Secret with no SealedSecret in the release's namespace."""
    sealed = [obj for obj in declared if obj.kind == "SealedSecret"]
    present = {(obj.name, obj.namespace) for obj in sealed}
    warnings = []
    for secret in sorted({entry.secret for entry in values_from}):
        if (secret, namespace) in present:
            continue
        elsewhere = sorted(
            f"{obj.namespace}/{obj.name} ({fs.display_path(obj.path)})"
            for obj in sealed
            if obj.name == secret
        )
        detail = f"; found only {', '.join(elsewhere)}" if elsewhere else ""
        warnings.append(
            f"no SealedSecret {namespace}/{secret} under {cluster.sync_path}{detail}; "
            f"Flux reads valuesFrom Secrets from the HelmRelease's namespace. Seal it with "
            f"`gitops-scaffold seal {secret} --namespace {namespace} ... --cert CERT.pem`"
        )
    return warnings
