"""A chart's name, version and source as one line: `chart: podinfo 6.5.0 → 6.6.0`.

For a HelmRelease (`spec.chart` or `spec.chartRef`) and a HelmChart; an OCIRepository,
which a `chartRef` can name, gets `artifact: oci://... 6.5.0 → 6.6.0` from its URL and
ref (a digest goes before a semver range, a range before a tag, as Flux reads them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The fields the line stands for: not repeated as field changes.
CHART_PATHS = (
    "spec.chart", "spec.chart.spec", "spec.chart.spec.chart", "spec.chart.spec.version",
    "spec.chart.spec.sourceRef", "spec.chartRef",
)  # fmt: skip


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _reference(ref: Any, namespace: str) -> str:
    if not isinstance(ref, Mapping):
        return ""
    where = ref.get("namespace") or namespace
    name = f"{where}/{ref.get('name')}" if where else str(ref.get("name"))
    return f"{ref.get('kind')} {name}"


def chart_of(release: Mapping[str, Any]) -> tuple[str, str, str]:
    """The chart's name, version and source of a HelmRelease (empty when it has none)."""
    namespace = str(_get(release, "metadata", "namespace") or "")
    chart = _get(release, "spec", "chart", "spec")
    if isinstance(chart, Mapping):
        version = chart.get("version")
        source = _reference(chart.get("sourceRef"), namespace)
        return str(chart.get("chart") or ""), "" if version is None else str(version), source
    return "", "", _reference(_get(release, "spec", "chartRef"), namespace)


def _describe(chart: tuple[str, str, str], with_source: bool, with_name: bool = True) -> str:
    name, version, source = chart
    if not name:
        return f"chartRef {source}" if source else "no chart"
    text = f"{name} {version or '*'}" if with_name else version or "*"
    return f"{text} from {source}" if with_source and source else text


def chart_line(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """`chart: podinfo 6.5.0 → 6.6.0` (the source too when it changed); None if unchanged."""
    return _chart_line(chart_of(old), chart_of(new))


def _chart_line(before: tuple[str, str, str], after: tuple[str, str, str]) -> str | None:
    if before == after:
        return None
    with_source = before[2] != after[2]
    same_name = bool(before[0]) and before[0] == after[0]
    old_text = _describe(before, with_source)
    return f"chart: {old_text} → {_describe(after, with_source, with_name=not same_name)}"


def helm_chart_of(chart: Mapping[str, Any]) -> tuple[str, str, str]:
    """The chart's name, version and source of a HelmChart object."""
    namespace = str(_get(chart, "metadata", "namespace") or "")
    version = _get(chart, "spec", "version")
    return (
        str(_get(chart, "spec", "chart") or ""),
        "" if version is None else str(version),
        _reference(_get(chart, "spec", "sourceRef"), namespace),
    )


def helm_chart_line(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """A HelmChart's chart line; None if its chart, version and source are unchanged."""
    return _chart_line(helm_chart_of(old), helm_chart_of(new))


def _oci_ref(ref: Any) -> str:
    if not isinstance(ref, Mapping) or not ref:
        return "latest"
    if ref.get("digest"):
        return f"@{ref['digest']}"
    if ref.get("semver"):
        return f"semver {ref['semver']}"
    return str(ref.get("tag") or "latest")


def artifact_line(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """`artifact: oci://host/chart 6.5.0 → 6.6.0` for an OCIRepository; None if unchanged."""
    before = (str(_get(old, "spec", "url") or ""), _oci_ref(_get(old, "spec", "ref")))
    after = (str(_get(new, "spec", "url") or ""), _oci_ref(_get(new, "spec", "ref")))
    if before == after:
        return None
    if before[0] == after[0]:
        return f"artifact: {before[0]} {before[1]} → {after[1]}"
    return f"artifact: {before[0]} {before[1]} → {after[0]} {after[1]}"


# What the lines of a HelmChart and an OCIRepository stand for.
HELM_CHART_PATHS = ("spec.chart", "spec.version", "spec.sourceRef")
ARTIFACT_PATHS = ("spec.url", "spec.ref")


def covered_by(path: str, prefixes: tuple[str, ...]) -> bool:
    """Whether `path` is one of `prefixes` or a field below one."""
    return any(path == p or path.startswith((p + ".", p + "[")) for p in prefixes)


def covered(path: str) -> bool:
    """Whether the field change at `path` is said by a HelmRelease's chart line."""
    if path in CHART_PATHS[:2]:  # the whole chart block, as when it becomes a chartRef
        return True
    return any(path == p or path.startswith(p + ".") for p in CHART_PATHS[2:])
