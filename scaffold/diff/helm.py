"""A HelmRelease's chart, version and source as one line: `podinfo 6.5.0 → 6.6.0`."""

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
    before, after = chart_of(old), chart_of(new)
    if before == after:
        return None
    with_source = before[2] != after[2]
    same_name = bool(before[0]) and before[0] == after[0]
    old_text = _describe(before, with_source)
    return f"chart: {old_text} → {_describe(after, with_source, with_name=not same_name)}"


def covered(path: str) -> bool:
    """Whether the field change at `path` is said by the chart line."""
    if path in CHART_PATHS[:2]:  # the whole chart block, as when it becomes a chartRef
        return True
    return any(path == p or path.startswith(p + ".") for p in CHART_PATHS[2:])
