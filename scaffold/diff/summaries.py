"""One-line summaries of an object: a Secret's keys, a SealedSecret's re-sealed keys, a chart.

Each stands for some field changes, which are then not listed again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scaffold.diff import helm
from scaffold.diff.dangers import under
from scaffold.diff.fields import FieldChange
from scaffold.diff.images import HELM_GROUP
from scaffold.diff.masking import is_sealed_secret, is_secret
from scaffold.diff.objects import Identity

SOURCE_GROUP = "source.toolkit.fluxcd.io"
_SOURCE_LINES = {
    "HelmChart": (helm.helm_chart_line, helm.HELM_CHART_PATHS),
    "OCIRepository": (helm.artifact_line, helm.ARTIFACT_PATHS),
}


def summarize(
    identity: Identity, old: dict[str, Any], new: dict[str, Any], changes: list[FieldChange]
) -> tuple[tuple[str, ...], list[FieldChange]]:
    """One-line summaries, and the field changes they do not already say."""
    if is_secret(new) and is_secret(old):
        lines = _key_lines(old.get("data"), new.get("data"), "keys {}", "keys changed")
        return lines, [c for c in changes if not under(c.path, "data")]
    if is_sealed_secret(new) and is_sealed_secret(old):
        lines = _key_lines(
            _get(old, "spec", "encryptedData"), _get(new, "spec", "encryptedData"),
            "sealed keys {}", "re-sealed keys",
        )  # fmt: skip
        return lines, [c for c in changes if not under(c.path, "spec.encryptedData")]
    if identity.group == HELM_GROUP and identity.kind == "HelmRelease":
        line = helm.chart_line(old, new)
        if line:
            return (line,), [c for c in changes if not helm.covered(c.path)]
    if identity.group == SOURCE_GROUP and identity.kind in _SOURCE_LINES:
        describe, paths = _SOURCE_LINES[identity.kind]
        line = describe(old, new)
        if line:
            return (line,), [c for c in changes if not helm.covered_by(c.path, paths)]
    return (), changes


def outline(identity: Identity, new: dict[str, Any]) -> tuple[str, ...]:
    """What to say of an added object beyond its name: a Secret's keys, a release's chart."""
    if is_secret(new) and new.get("data"):
        return (f"keys: {', '.join(sorted(new['data']))}",)
    if is_sealed_secret(new) and _get(new, "spec", "encryptedData"):
        return (f"sealed keys: {', '.join(sorted(_get(new, 'spec', 'encryptedData')))}",)
    if identity.group == HELM_GROUP and identity.kind == "HelmRelease":
        chart, version, source = helm.chart_of(new)
        text = f"{chart} {version or '*'} from {source}" if chart else f"chartRef {source}"
        return (f"chart: {text}",)
    return ()


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _key_lines(old: Any, new: Any, template: str, changed_word: str) -> tuple[str, ...]:
    before = old if isinstance(old, Mapping) else {}
    after = new if isinstance(new, Mapping) else {}
    return tuple(_key_groups(before, after, template, changed_word))


def _key_groups(
    before: Mapping[str, Any], after: Mapping[str, Any], template: str, changed_word: str
) -> Iterator[str]:
    added = sorted(k for k in after if k not in before)
    removed = sorted(k for k in before if k not in after)
    changed = sorted(k for k in before if k in after and before[k] != after[k])
    if added:
        yield f"{template.format('added')}: {', '.join(added)}"
    if removed:
        yield f"{template.format('removed')}: {', '.join(removed)}"
    if changed:
        yield f"{changed_word}: {', '.join(changed)}"
