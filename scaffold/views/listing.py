"""`list`: the clusters of a repository and, per cluster, the sources, releases and sealed
secrets the model places there, with what uses what (and what refers to nothing).

What a cluster holds is what lint places in it: every object its Flux
Kustomizations apply, wherever the file lives (not only under `helm/`), in the
namespace it lands in. "Used by" and "not declared" are the model's references
(`model.usage`), so `list`, `tree` and `lint` agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.flux.vocabulary import CHART_SOURCE_KINDS
from scaffold.model.flux_graph import Placed
from scaffold.model.repo import RepoContext
from scaffold.model.usage import CHART, DEPENDS_ON, VALUES, Use
from scaffold.views.clusters import load_views_model

LISTED_KINDS = (*CHART_SOURCE_KINDS, "HelmRelease", "SealedSecret")


@dataclass(frozen=True)
class Listed:
    """One object a cluster gets, as the listing shows it."""

    placed: Placed
    uses: tuple[Use, ...]
    users: tuple[Use, ...]

    @property
    def kind(self) -> str:
        """Its kind."""
        return self.placed.item.kind

    @property
    def name(self) -> str:
        """Its name."""
        return self.placed.item.name

    @property
    def namespace(self) -> str | None:
        """The namespace it lands in."""
        return self.placed.namespace

    @property
    def label(self) -> str:
        """`Kind namespace/name`."""
        return f"{self.kind} {self.namespace or '-'}/{self.name}"

    @property
    def file(self) -> str:
        """The file defining it, relative to the repository root."""
        return self.placed.item.path


@dataclass(frozen=True)
class ClusterListing:
    """What one cluster gets."""

    sync_path: str
    items: list[Listed]

    def of_kind(self, *kinds: str) -> list[Listed]:
        """The items of `kinds`, by namespace and name."""
        chosen = [i for i in self.items if i.kind in kinds]
        return sorted(chosen, key=lambda i: (i.namespace or "", i.name, i.kind, i.file))


def list_clusters(sync_path: str | None, cwd: Path | None = None) -> list[ClusterListing]:
    """Every cluster of the repository (or the one at `sync_path`) with what it gets."""
    chosen = [sync_path] if sync_path is not None else []
    model, clusters = load_views_model(cwd or Path.cwd(), chosen)
    return [listing(model, cluster) for cluster in clusters]


def listing(model: RepoContext, cluster: str) -> ClusterListing:
    """The listing of one cluster of `model`."""
    uses = model.usage.uses(cluster)
    by_user: dict[tuple[str, int], list[Use]] = {}
    by_target: dict[tuple[str, int], list[Use]] = {}
    for use in uses:
        by_user.setdefault((use.path, use.index), []).append(use)
        for target in {(t.path, t.index) for t in use.targets}:
            by_target.setdefault(target, []).append(use)
    items = []
    seen: set[tuple[str, int, str | None]] = set()
    for placed in model.graph.placed_in(cluster):
        item = placed.item
        key = (item.path, item.index, placed.namespace)
        if item.kind not in LISTED_KINDS or item.generated or key in seen:
            continue
        seen.add(key)
        where = (item.path, item.index)
        users = tuple(u for u in by_target.get(where, ()) if (u.path, u.index) != where)
        items.append(Listed(placed, tuple(by_user.get(where, ())), users))
    return ClusterListing(cluster, items)


def _uses(item: Listed, relation: str) -> list[Use]:
    return [use for use in item.uses if use.relation == relation]


def _ref(use: Use) -> dict[str, Any]:
    return {
        "kind": use.kinds[0] if len(use.kinds) == 1 else None,
        "name": use.ref.name,
        "namespace": use.ref.namespace or use.user_namespace,
        "declared": bool(use.targets),
    }


def _user_keys(item: Listed) -> list[str]:
    return sorted({f"{u.user_kind}/{u.user_namespace or '-'}/{u.user_name}" for u in item.users})


def as_dict(listing: ClusterListing) -> dict[str, Any]:
    """One cluster as the JSON output shows it: names, versions, references; no values."""
    sources = [
        {"kind": s.kind, "name": s.name, "namespace": s.namespace, "url": _url(s),
         "file": s.file, "used_by": _user_keys(s)}
        for s in listing.of_kind(*CHART_SOURCE_KINDS)
    ]  # fmt: skip
    releases = []
    for r in listing.of_kind("HelmRelease"):
        doc = _doc(r)
        chart = _uses(r, CHART)
        releases.append(
            {
                "name": r.name,
                "namespace": r.namespace,
                "chart": doc.chart_name,
                "version": doc.chart_version,
                "source": _ref(chart[0]) if chart else None,
                "target_namespace": doc.target_namespace,
                "values_from": [_ref(u) for u in _uses(r, VALUES)],
                "depends_on": [_ref(u) for u in _uses(r, DEPENDS_ON)],
                "file": r.file,
            }
        )
    secrets = [
        {"name": s.name, "namespace": s.namespace, "scope": _doc(s).sealed_scope,
         "keys": list(_doc(s).secret_keys), "file": s.file, "used_by": _user_keys(s)}
        for s in listing.of_kind("SealedSecret")
    ]  # fmt: skip
    return {
        "sync_path": listing.sync_path,
        "sources": sources,
        "releases": releases,
        "sealed_secrets": secrets,
    }


def _url(item: Listed) -> str | None:
    """The source's URL as shown: never its credentials."""
    from scaffold import redact

    url = _doc(item).source_url
    return redact.url(url) if url else None


def _doc(item: Listed) -> Any:
    doc = item.placed.doc
    assert doc is not None, "listed objects come from documents"
    return doc


def _shown(use: Use) -> str:
    kind = use.kinds[0] if len(use.kinds) == 1 else "source"
    text = f"{kind} {use.ref.namespace or use.user_namespace or '-'}/{use.ref.name}"
    return text if use.targets else f"{text} (not declared)"


def _used_by(item: Listed) -> str:
    users = sorted({u.user_name for u in item.users})
    return f"used by {', '.join(users)}" if users else "unused"


def as_lines(listing: ClusterListing) -> Iterator[str]:
    """One cluster as text: a heading, then one line per object and one per reference."""
    yield listing.sync_path
    for source in listing.of_kind(*CHART_SOURCE_KINDS):
        url = _url(source)
        where = f" {url}" if url else ""
        yield f"  {source.label}{where} ({_used_by(source)})"
    for release in listing.of_kind("HelmRelease"):
        doc = _doc(release)
        chart = f"{doc.chart_name or '(chartRef)'} {doc.chart_version or ''}".rstrip()
        into = f" -> {doc.target_namespace}" if doc.target_namespace else ""
        yield f"  {release.label}{into}: {chart}"
        for use in _uses(release, CHART):
            yield f"    chart from {_shown(use)}"
        for use in _uses(release, VALUES):
            yield f"    values from {_shown(use)}"
        for use in _uses(release, DEPENDS_ON):
            yield f"    depends on {_shown(use)}"
    for secret in listing.of_kind("SealedSecret"):
        keys = ", ".join(_doc(secret).secret_keys) or "no keys"
        yield f"  {secret.label} [{keys}] ({_used_by(secret)})"
    if not listing.items:
        yield "  (nothing declared)"
