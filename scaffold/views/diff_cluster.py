"""One cluster's two renderings compared: the objects each side applies, masked alike,
and what either side left out (with what it applies), named instead of guessed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scaffold import redact

if TYPE_CHECKING:
    from scaffold.diff.objects import Applied
    from scaffold.diff.report import ClusterDiff
    from scaffold.model.rendering import Rendering


@dataclass
class ClusterCompared:
    """One cluster compared (no diff when neither side has it), what was left out of it,
    and how many of the head's Kustomizations differ from the base's and how many do not."""

    diff: tuple[ClusterDiff, ...]
    notes: list[str]
    built: int
    reused: int


def compare_cluster(base: Rendering, head: Rendering, key: bytes) -> ClusterCompared:
    """The renderings of one cluster on each side (empty on a side without it), compared."""
    from scaffold.diff.compare import compare

    notes = {*_left_out(base, "base"), *_left_out(head, "head")}
    skipped = _with_descendants({(c, k) for c, k, _ in notes}, base, head)
    same = _same_clusters(base, head)
    base_inputs = _values_inputs(base, same)
    head_inputs = _values_inputs(head, same)
    report = compare(
        _applied(base, skipped, key, base_inputs, head_inputs, same),
        _applied(head, skipped, key, head_inputs, base_inputs, same),
        key=key,
    )
    unchanged = _unchanged(base, head)
    return ClusterCompared(
        report.clusters,
        [line for _, _, line in notes],
        built=sum(len(c.kustomizations) for c in head.clusters) - unchanged,
        reused=unchanged,
    )


def _unchanged(base: Rendering, head: Rendering) -> int:
    """How many Kustomizations of the head are the base's, as rendered there."""
    found = {id(k.objects) for c in base.clusters for k in c.kustomizations}
    return sum(1 for c in head.clusters for k in c.kustomizations if id(k.objects) in found)


def _same_clusters(base: Rendering, head: Rendering) -> set[str]:
    """The clusters whose every Kustomization the head reused from the base, in the same
    order: the same objects from the same files on both sides, so nothing to compare."""
    same = set()
    for cluster in head.clusters:
        other = base.cluster(cluster.sync_path)
        if other is None or len(other.kustomizations) != len(cluster.kustomizations):
            continue
        if all(
            a.key == b.key and a.objects is b.objects and a.prune == b.prune and a.rendered
            for a, b in zip(other.kustomizations, cluster.kustomizations, strict=True)
        ):
            same.add(cluster.sync_path)
    return same


def _left_out(rendering: Rendering, side: str) -> Iterator[tuple[str, str, str]]:
    """(cluster, Kustomization, note) of each Kustomization not wholly rendered."""
    for cluster in rendering.clusters:
        for kustomization in cluster.kustomizations:
            if kustomization.rendered:
                continue
            reasons = [*kustomization.not_rendered, *(str(p) for p in kustomization.problems)]
            why = redact.message(reasons[0]) if reasons else "not rendered"
            note = f"{cluster.sync_path}: {kustomization.key}: not rendered on the {side} ({why})"
            yield cluster.sync_path, kustomization.key, note


def _with_descendants(
    skipped: set[tuple[str, str]], *renderings: Rendering
) -> set[tuple[str, str]]:
    """`skipped` and every Kustomization below one of them on either side: what a skipped
    Kustomization applies is unknown there, so it is compared on neither."""
    parents: dict[tuple[str, str], set[str]] = {}
    for rendering in renderings:
        for cluster in rendering.clusters:
            for k in cluster.kustomizations:
                parents.setdefault((cluster.sync_path, k.key), set()).add(k.parent)
    out = set(skipped)
    changed = True
    while changed:
        changed = False
        for (sync_path, key), ups in parents.items():
            if (sync_path, key) not in out and any((sync_path, up) in out for up in ups):
                out.add((sync_path, key))
                changed = True
    return out


def _values_inputs(
    rendering: Rendering, same: set[str]
) -> dict[tuple[str, tuple[str, ...]], tuple[Any, ...]]:
    """Per (cluster, HelmRelease identity) with `valuesFrom`: the release and the objects
    its values come from, as this side has them (not in the clusters the same on both)."""
    from scaffold.views.build import cluster_index, is_helm_release

    found: dict[tuple[str, tuple[str, ...]], tuple[Any, ...]] = {}
    for cluster in rendering.clusters:
        if cluster.sync_path in same:
            continue
        index = cluster_index(cluster)
        for _, rendered in cluster.objects():
            if rendered.kind != "HelmRelease":
                continue
            obj = rendered.obj
            refs = (obj.get("spec") or {}).get("valuesFrom")
            if not is_helm_release(obj) or not isinstance(refs, list) or not refs:
                continue
            namespace = str((obj.get("metadata") or {}).get("namespace") or "default")
            sources = tuple(
                index.get((str(r.get("kind")), namespace, str(r.get("name"))))
                for r in refs
                if isinstance(r, dict)
            )
            found[(cluster.sync_path, _release_key(obj))] = (obj, *sources)
    return found


def _release_key(obj: dict[str, Any]) -> tuple[str, ...]:
    meta = obj.get("metadata") or {}
    return (str(obj.get("apiVersion")), str(meta.get("namespace")), str(meta.get("name")))


def _applied(
    rendering: Rendering,
    skipped: set[tuple[str, str]],
    key: bytes,
    mine: dict[tuple[str, tuple[str, ...]], tuple[Any, ...]],
    other: dict[tuple[str, tuple[str, ...]], tuple[Any, ...]],
    same: set[str],
) -> dict[str, list[Applied]]:
    """Each cluster's objects; a HelmRelease with the values helm-controller gives its chart
    (`valuesFrom` merged as Flux merges them, what a Secret gave masked under `key`) when
    it or what its values come from differs on the `other` side (else both sides agree).
    A cluster the `same` on both sides has nothing to compare: none."""
    from scaffold.diff.objects import Applied
    from scaffold.model.render.flux.secrets import Masker
    from scaffold.views.build import Shown, cluster_index, helm_values

    masker = Masker(key)
    out: dict[str, list[Applied]] = {}
    for cluster in rendering.clusters:
        objects = out.setdefault(cluster.sync_path, [])
        if cluster.sync_path in same:
            continue
        index: dict[Any, Any] | None = None
        for kustomization in cluster.kustomizations:
            if (cluster.sync_path, kustomization.key) in skipped:
                continue
            for rendered in kustomization.objects:
                obj = rendered.obj
                found = (
                    (cluster.sync_path, _release_key(obj))
                    if rendered.kind == "HelmRelease"
                    else None
                )
                if found in mine and mine[found] != other.get(found):
                    index = cluster_index(cluster) if index is None else index
                    merged = helm_values(obj, index, Shown(), masker).get("values")
                    if isinstance(merged, dict) and isinstance(obj.get("spec"), dict):
                        obj = {**obj, "spec": {**obj["spec"], "values": merged}}
                objects.append(Applied(obj, rendered.file, kustomization.key, kustomization.prune))
    return out
