"""`build`'s output made cluster by cluster: each rendered, written and kept on its own.

No cluster's output depends on another's, so a fleet's clusters are rendered, written
(YAML text or JSON) and kept in the render cache in parallel (`model.cluster_pool`),
each worker sending back only what it printed; the pieces are joined in order. What
the render cache answers whole, or one directory (`--path`), is written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.errors import UsageError
from scaffold.formats import JSON_VERSION
from scaffold.model.render.flux.secrets import Masker
from scaffold.model.rendering import ClusterRendering
from scaffold.views.build import (
    Shown,
    as_yaml,
    cluster_dict,
    directory_of,
    directory_rendering,
    summary_lines,
    total_line,
    unchanged,
)


@dataclass
class Printed:
    """What `build` shows of some clusters: the output, and what stderr says of it."""

    as_json: bool
    text: str = ""  # the YAML documents
    clusters: list[dict[str, Any]] = field(default_factory=list)  # the JSON clusters
    lines: list[str] = field(default_factory=list)  # not rendered, variables left
    shown: int = 0  # clusters shown
    kustomizations: int = 0
    objects: int = 0
    failed: int = 0
    names: list[str] = field(default_factory=list)  # every cluster, shown or not
    known: list[str] = field(default_factory=list)  # every Kustomization, by key

    def join(self, other: Printed) -> None:
        """Add `other`'s clusters after these."""
        self.text += other.text
        self.clusters += other.clusters
        self.lines += other.lines
        self.shown += other.shown
        self.kustomizations += other.kustomizations
        self.objects += other.objects
        self.failed += other.failed
        self.names += other.names
        self.known += other.known

    def document(self) -> dict[str, Any]:
        """The JSON document (docs/json-output.md)."""
        return {"version": JSON_VERSION, "clusters": self.clusters, "not_rendered": self.failed}

    def summary(self) -> list[str]:
        """The lines for stderr, the count last."""
        return [*self.lines, total_line(self.objects, self.kustomizations, self.shown, self.failed)]


def printed(
    repository: Path, sync_paths: Sequence[str], directory: Path | None, shown: Shown,
    *, as_json: bool,
) -> Printed:  # fmt: skip
    """What `build` prints: the clusters asked for (every one by default), or one directory;
    each kept in the render cache once written."""
    from scaffold.model import render_cache
    from scaffold.model.cluster_pool import map_clusters
    from scaffold.repository.root import find_root
    from scaffold.views.clusters import load_views_model

    masker = Masker()  # made before any worker: one key for every cluster's masks
    root = find_root(repository)
    if directory is not None:
        rendering = directory_rendering(root, directory_of(directory, root))
        return _checked(_joined(rendering.clusters, shown, masker, as_json), shown)
    cached = unchanged(root, sync_paths)
    if cached is not None:
        rendering, keep = cached
        result = _joined(rendering.clusters, shown, masker, as_json)
        keep()  # after output: what it wrote is kept with the objects
        return _checked(result, shown)
    model, clusters = load_views_model(root, sync_paths, documents=True)
    earlier = render_cache.earlier_states(root, clusters)

    def one(sync_path: str) -> Printed:
        rendering = model.rendering([sync_path], earlier)
        result = cluster_printed(rendering.clusters[0], shown, masker, as_json)
        model.keep_rendering(rendering)  # after output, as above
        return result

    return _checked(_merged(map_clusters(one, clusters), as_json), shown)


def _joined(
    clusters: Sequence[ClusterRendering], shown: Shown, masker: Masker, as_json: bool
) -> Printed:
    return _merged([cluster_printed(c, shown, masker, as_json) for c in clusters], as_json)


def _merged(pieces: Sequence[Printed], as_json: bool) -> Printed:
    out = Printed(as_json)
    for piece in pieces:
        out.join(piece)
    return out


def cluster_printed(
    cluster: ClusterRendering, shown: Shown, masker: Masker, as_json: bool
) -> Printed:
    """One cluster's output (only the Kustomization asked for, if one is)."""
    out = Printed(as_json, names=[cluster.sync_path], known=[k.key for k in cluster.kustomizations])
    if shown.kustomization is not None:
        found = cluster.find(shown.kustomization)
        if found is None:
            return out
        cluster = ClusterRendering(cluster.sync_path, [found])
    if as_json:
        out.clusters.append(cluster_dict(cluster, shown, masker))
    else:
        out.text = as_yaml([cluster], shown, masker)
    out.lines = list(summary_lines([cluster]))
    out.shown = 1
    out.kustomizations = len(cluster.kustomizations)
    out.objects = sum(len(k.objects) for k in cluster.kustomizations)
    out.failed = sum(1 for k in cluster.kustomizations if not k.rendered)
    return out


def _checked(result: Printed, shown: Shown) -> Printed:
    """`result`, unless the Kustomization asked for is on no cluster."""
    if shown.kustomization is not None and not result.shown:
        known = sorted(set(result.known))
        raise UsageError(
            f"no Flux Kustomization {shown.kustomization!r} on "
            f"{', '.join(result.names) or 'any cluster'}",
            hint=f"name one of: {', '.join(known[:20])}{' …' if len(known) > 20 else ''}",
        )
    return result
