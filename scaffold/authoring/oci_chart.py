"""A chart in an OCI registry as source-controller recommends it: an OCIRepository that
selects the chart's layer, read by the HelmRelease's `chartRef`.

Both go in one file, `helm/releases/<chart>-v<version>.yaml`: the version lives in the
OCIRepository's `ref`, so the file named after it holds it.
"""

from __future__ import annotations

from typing import Any

from scaffold.authoring import inputs
from scaffold.errors import UsageError

OCI_REPOSITORY_API = "source.toolkit.fluxcd.io/v1"
# The media type of a Helm chart's content layer (what `helm push` writes).
HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
SOURCE_KIND = "OCIRepository"


def chart_of(url: str, chart: str | None) -> str:
    """The chart an `oci://REGISTRY/PATH/CHART` URL names; `chart`, when given, must agree."""
    inputs.validate_url(url, oci=False)
    if not url.startswith("oci://"):
        raise UsageError(
            f"--oci-url needs an oci:// URL, got {url!r}",
            hint="give the chart's artifact, e.g. oci://ghcr.io/stefanprodan/charts/podinfo; "
            "for an https:// chart repository use --repository",
        )
    _, _, path = url.removeprefix("oci://").rstrip("/").partition("/")
    named = path.rpartition("/")[2].partition(":")[0].partition("@")[0]
    if not named:
        raise UsageError(
            f"--oci-url {url} names no chart",
            hint="end the URL with the chart, e.g. oci://ghcr.io/stefanprodan/charts/podinfo",
        )
    if chart is not None and chart != named:
        raise UsageError(
            f"the URL names chart `{named}`, not `{chart}`",
            hint=f"drop --chart, or end --oci-url with /{chart}",
        )
    if ":" in path or "@" in path:
        raise UsageError(
            f"--oci-url {url} holds a tag or digest",
            hint="drop it from the URL: --version sets the OCIRepository's ref",
        )
    return named


def oci_repository(
    name: str, namespace: str, url: str, interval: str, version: str, exact: bool
) -> dict[str, Any]:
    """The OCIRepository of one chart: a tag for an exact version, else a SemVer range."""
    # Helm pushes version 1.2.3+build as tag 1.2.3_build: OCI tags cannot hold `+`.
    ref = {"tag": version.replace("+", "_")} if exact else {"semver": version}
    return {
        "apiVersion": OCI_REPOSITORY_API,
        "kind": SOURCE_KIND,
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "interval": interval,
            "layerSelector": {"mediaType": HELM_CHART_LAYER, "operation": "copy"},
            "ref": ref,
            "url": url.rstrip("/"),
        },
    }
