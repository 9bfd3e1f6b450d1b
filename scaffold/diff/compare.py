"""The comparison: each cluster's applied objects on two sides, by identity, in one pass."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.diff import dangers, helm
from scaffold.diff.fields import FieldChange, field_changes, object_schema
from scaffold.diff.images import HELM_GROUP, Slot, image_changes, images_of
from scaffold.diff.masking import is_sealed_secret, is_secret, sanitize
from scaffold.diff.objects import Applied, ClusterObjects, Identity, identity_of
from scaffold.diff.report import (
    ADDED,
    BOTH,
    CHANGED,
    MOVED,
    REMOVED,
    ClusterDiff,
    Danger,
    ObjectChange,
    Report,
    Where,
)  # fmt: skip
from scaffold.model.facts.loader import no_cyclic_gc
from scaffold.model.render.flux.secrets import Masker


def compare(
    base: Mapping[str, ClusterObjects], head: Mapping[str, ClusterObjects], *, key: bytes
) -> Report:
    """What going from `base` to `head` does to each cluster (keyed by sync path).

    `key` keys the digests that tell whether a secret value changed; nothing in the
    report holds a secret value.
    """
    masker = Masker(key)
    clusters = sorted(set(base) | set(head))
    # The objects hold no reference cycle: the collector would only rescan them.
    with no_cyclic_gc():
        return Report(tuple(_cluster(c, base.get(c), head.get(c), masker) for c in clusters))


@dataclass
class _Side:
    applied: Applied
    masker: Masker
    _clean: dict[str, Any] | None = None

    @property
    def where(self) -> Where:
        return Where(self.applied.file, self.applied.kustomization)

    @property
    def clean(self) -> dict[str, Any]:
        # Only what changed is masked: an unchanged object costs one comparison.
        if self._clean is None:
            self._clean = sanitize(self.applied.obj, self.masker)
        return self._clean


def _index(objects: Iterable[Applied], masker: Masker) -> dict[Identity, _Side]:
    found: dict[Identity, _Side] = {}
    for applied in objects:
        found.setdefault(identity_of(applied.obj), _Side(applied, masker))
    return found


@dataclass
class _Cluster:
    name: str
    objects: list[ObjectChange]
    dangers: list[Danger]
    base_images: dict[Slot, str]
    head_images: dict[Slot, str]

    def danger(self, identity: Identity, reason: str, messages: Iterable[str], file: str) -> None:
        self.dangers.extend(Danger(self.name, identity, reason, m, file) for m in messages)


def _cluster(
    name: str, base: ClusterObjects | None, head: ClusterObjects | None, masker: Masker
) -> ClusterDiff:
    old, new = _index(base or (), masker), _index(head or (), masker)
    found = _Cluster(name, [], [], {}, {})
    for identity in sorted(old.keys() | new.keys()):
        before, after = old.get(identity), new.get(identity)
        if before is None and after is not None:
            _added(found, identity, after)
        elif after is None and before is not None:
            _removed(found, identity, before)
        elif before is not None and after is not None:
            _both(found, identity, before, after)
    presence = BOTH if base is not None and head is not None else ADDED if base is None else REMOVED
    return ClusterDiff(
        name, presence, tuple(found.objects),
        image_changes(found.base_images, found.head_images), tuple(found.dangers),
    )  # fmt: skip


def _api_version(side: _Side) -> str:
    return str(side.applied.obj.get("apiVersion") or "")


def _added(found: _Cluster, identity: Identity, side: _Side) -> None:
    clean = side.clean
    found.objects.append(
        ObjectChange(
            identity, _api_version(side), ADDED, None, side.where, _outline(identity, clean)
        )
    )
    found.head_images.update(images_of(identity, clean))
    found.danger(identity, "rbac", dangers.rbac_widened(identity, None, clean), side.applied.file)


def _removed(found: _Cluster, identity: Identity, side: _Side) -> None:
    found.objects.append(ObjectChange(identity, _api_version(side), REMOVED, side.where, None))
    found.base_images.update(images_of(identity, side.clean))
    if side.applied.prune:
        message = dangers.pruned(identity, side.applied.obj, side.applied.kustomization)
        found.danger(identity, "pruned", [message] if message else [], side.applied.file)


def _both(found: _Cluster, identity: Identity, before: _Side, after: _Side) -> None:
    moved = before.where != after.where
    if before.applied.obj == after.applied.obj:
        if moved:
            found.objects.append(
                ObjectChange(identity, _api_version(after), MOVED, before.where, after.where)
            )
        return
    old, new = before.clean, after.clean
    changes = field_changes(old, new, object_schema(new))
    lines, changes = _summaries(identity, old, new, changes)
    if not changes and not lines:  # equal once masked: a value moved from data to stringData
        if moved:
            found.objects.append(
                ObjectChange(identity, _api_version(after), MOVED, before.where, after.where)
            )
        return
    found.objects.append(
        ObjectChange(
            identity, _api_version(after), CHANGED, before.where, after.where, lines,
            tuple(changes),
        )
    )  # fmt: skip
    found.base_images.update(images_of(identity, old))
    found.head_images.update(images_of(identity, new))
    file = after.applied.file
    found.danger(identity, "immutable", dangers.immutable(identity, old, new, changes), file)
    found.danger(identity, "rbac", dangers.rbac_widened(identity, old, new), file)
    found.danger(identity, "flux", dangers.flux_stopped(identity, old, new), file)


SOURCE_GROUP = "source.toolkit.fluxcd.io"
_SOURCE_LINES = {
    "HelmChart": (helm.helm_chart_line, helm.HELM_CHART_PATHS),
    "OCIRepository": (helm.artifact_line, helm.ARTIFACT_PATHS),
}


def _summaries(
    identity: Identity, old: dict[str, Any], new: dict[str, Any], changes: list[FieldChange]
) -> tuple[tuple[str, ...], list[FieldChange]]:
    """One-line summaries, and the field changes they do not already say."""
    if is_secret(new) and is_secret(old):
        lines = _key_lines(old.get("data"), new.get("data"), "keys {}", "keys changed")
        return lines, [c for c in changes if not dangers.under(c.path, "data")]
    if is_sealed_secret(new) and is_sealed_secret(old):
        lines = _key_lines(
            _get(old, "spec", "encryptedData"), _get(new, "spec", "encryptedData"),
            "sealed keys {}", "re-sealed keys",
        )  # fmt: skip
        return lines, [c for c in changes if not dangers.under(c.path, "spec.encryptedData")]
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


def _outline(identity: Identity, new: dict[str, Any]) -> tuple[str, ...]:
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
