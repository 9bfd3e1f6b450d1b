"""The comparison: each cluster's applied objects on two sides, by identity, in one pass."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.diff import dangers
from scaffold.diff.fields import field_changes, object_schema
from scaffold.diff.images import Slot, image_changes, images_of
from scaffold.diff.masking import sanitize
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
from scaffold.diff.summaries import outline, summarize
from scaffold.model.gc_pause import no_cyclic_gc
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
            identity, _api_version(side), ADDED, None, side.where, outline(identity, clean)
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
    lines, changes = summarize(identity, old, new, changes)
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
