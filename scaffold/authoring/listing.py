"""`list`: the clusters of a repository and, per cluster, its sources, releases and secrets,
with what refers to what (and what refers to nothing that exists)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.authoring.inventory import SOURCE_KINDS, Item, Ref, read_inventory, referrers
from scaffold.repository.clusters import choose_cluster, load_clusters
from scaffold.repository.convention import ClusterDirs
from scaffold.repository.root import find_root


@dataclass(frozen=True)
class ClusterListing:
    """What one cluster's sync path declares."""

    cluster: ClusterDirs
    items: list[Item]

    def of_kind(self, *kinds: str) -> list[Item]:
        """The items of `kinds`, by namespace and name."""
        chosen = [i for i in self.items if i.kind in kinds]
        return sorted(chosen, key=lambda i: (i.namespace or "", i.name, i.kind))

    def resolves(self, ref: Ref) -> bool:
        """Whether an object `ref` names is declared in this cluster."""
        return any(_names(item, ref) for item in self.items)

    def users(self, item: Item) -> list[Item]:
        """The releases that refer to `item`."""
        return referrers(self.items, item)


def _names(item: Item, ref: Ref) -> bool:
    target = item.produces or Ref(item.kind, item.name, item.namespace)
    same_namespace = ref.namespace is None or target.namespace in (None, ref.namespace)
    return target.kind == ref.kind and target.name == ref.name and same_namespace


def list_clusters(sync_path: str | None, cwd: Path | None = None) -> list[ClusterListing]:
    """Every cluster of the repository (or the one at `sync_path`) with what it declares."""
    root = find_root(cwd or Path.cwd())
    clusters = load_clusters(root)
    if sync_path is not None or not clusters:
        clusters = [choose_cluster(root, sync_path)]  # the usual errors: unknown, none
    dirs = [ClusterDirs(root, c.sync_path) for c in clusters]
    return [ClusterListing(d, read_inventory(d.sync_dir)) for d in dirs]


def _file(listing: ClusterListing, item: Item) -> str:
    return item.path.relative_to(listing.cluster.root).as_posix()


def _ref(listing: ClusterListing, ref: Ref) -> dict[str, Any]:
    return {
        "kind": ref.kind,
        "name": ref.name,
        "namespace": ref.namespace,
        "declared": listing.resolves(ref),
    }


def _users(listing: ClusterListing, item: Item) -> list[str]:
    return [f"{u.kind}/{u.namespace or '-'}/{u.name}" for u in listing.users(item)]


def as_dict(listing: ClusterListing) -> dict[str, Any]:
    """One cluster as the JSON output shows it: names, versions, references; no values."""
    sources = [
        {"kind": s.kind, "name": s.name, "namespace": s.namespace, "url": _url(s),
         "file": _file(listing, s), "used_by": _users(listing, s)}
        for s in listing.of_kind(*SOURCE_KINDS)
    ]  # fmt: skip
    releases = [
        {
            "name": r.name,
            "namespace": r.namespace,
            "chart": r.chart,
            "version": r.version,
            "source": _ref(listing, r.source) if r.source else None,
            "target_namespace": r.target_namespace,
            "values_from": [_ref(listing, ref) for ref in r.values_from],
            "depends_on": [_ref(listing, ref) for ref in r.depends_on],
            "file": _file(listing, r),
        }
        for r in listing.of_kind("HelmRelease")
    ]
    secrets = [
        {"name": s.name, "namespace": s.namespace, "scope": s.scope.value if s.scope else None,
         "keys": list(s.keys), "file": _file(listing, s), "used_by": _users(listing, s)}
        for s in listing.of_kind("SealedSecret")
    ]  # fmt: skip
    return {
        "sync_path": listing.cluster.sync_path,
        "sources": sources,
        "releases": releases,
        "sealed_secrets": secrets,
    }


def _shown(listing: ClusterListing, ref: Ref) -> str:
    text = f"{ref.kind} {ref.namespace or '-'}/{ref.name}"
    return text if listing.resolves(ref) else f"{text} (not declared)"


def _used_by(listing: ClusterListing, item: Item) -> str:
    users = [u.name for u in listing.users(item)]
    return f"used by {', '.join(users)}" if users else "unused"


def as_lines(listing: ClusterListing) -> Iterator[str]:
    """One cluster as text: a heading, then one line per object and one per reference."""
    yield f"{listing.cluster.sync_path}"
    for source in listing.of_kind(*SOURCE_KINDS):
        where = f" {_url(source)}" if source.url else ""
        yield f"  {source.label}{where} ({_used_by(listing, source)})"
    for release in listing.of_kind("HelmRelease"):
        chart = f"{release.chart or '(chartRef)'} {release.version or ''}".rstrip()
        into = f" -> {release.target_namespace}" if release.target_namespace else ""
        yield f"  {release.label}{into}: {chart}"
        if release.source:
            yield f"    chart from {_shown(listing, release.source)}"
        for ref in release.values_from:
            yield f"    values from {_shown(listing, ref)}"
        for ref in release.depends_on:
            yield f"    depends on {_shown(listing, ref)}"
    for secret in listing.of_kind("SealedSecret"):
        keys = ", ".join(secret.keys) or "no keys"
        yield f"  {secret.label} [{keys}] ({_used_by(listing, secret)})"
    if not listing.items:
        yield "  (nothing declared)"


def _url(source: Item) -> str | None:
    """The source's URL as shown: never its credentials."""
    from scaffold import redact

    return redact.url(source.url) if source.url else source.url
