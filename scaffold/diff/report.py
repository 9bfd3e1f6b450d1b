"""What a comparison found: per cluster, the objects that changed, images, and dangers."""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.diff.fields import FieldChange
from scaffold.diff.objects import Identity

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
# Where a cluster is: on both sides, or on one side only (all its objects added or removed).
BOTH = "both"


@dataclass(frozen=True)
class Where:
    """Where an object comes from on one side: its file and the Kustomization applying it."""

    file: str
    kustomization: str


@dataclass(frozen=True)
class ObjectChange:
    """One object added, removed, changed or moved (a changed one may have moved too)."""

    identity: Identity
    api_version: str  # the head's, or the base's for a removed object
    change: str  # added, removed, changed, moved
    base: Where | None
    head: Where | None
    lines: tuple[str, ...] = ()  # one-line summaries: a chart bump, a Secret's keys
    fields: tuple[FieldChange, ...] = ()

    @property
    def moved(self) -> bool:
        """Whether the object comes from another file or Kustomization than before."""
        return self.base is not None and self.head is not None and self.base != self.head

    @property
    def file(self) -> str:
        """The file to point at: the head's, or the base's for a removed object."""
        where = self.head or self.base
        assert where is not None
        return where.file


@dataclass(frozen=True)
class ImageChange:
    """A container image added, removed or changed, and the objects that run it."""

    change: str  # added, removed, changed
    old: str | None
    new: str | None
    owners: tuple[str, ...]


@dataclass(frozen=True)
class Danger:
    """A change that can hurt: data deleted, an update refused, rights widened..."""

    cluster: str
    identity: Identity
    reason: str  # pruned, immutable, rbac, suspended, prune-enabled
    message: str
    file: str


@dataclass(frozen=True)
class ClusterDiff:
    """What the change does to one cluster (its sync path)."""

    cluster: str
    presence: str  # both, added (head only), removed (base only)
    objects: tuple[ObjectChange, ...]
    images: tuple[ImageChange, ...]
    dangers: tuple[Danger, ...]

    @property
    def changed(self) -> bool:
        """Whether anything Flux applies on this cluster changes."""
        return bool(self.objects) or self.presence != BOTH

    def count(self, change: str) -> int:
        """How many objects have `change` (a changed object that moved counts as changed)."""
        return sum(1 for o in self.objects if o.change == change)


@dataclass(frozen=True)
class Report:
    """The comparison of every cluster on either side, in sync-path order."""

    clusters: tuple[ClusterDiff, ...]

    @property
    def dangers(self) -> tuple[Danger, ...]:
        """Every cluster's dangers, in cluster order."""
        return tuple(d for c in self.clusters for d in c.dangers)

    @property
    def changed(self) -> bool:
        """Whether the change does anything to any cluster."""
        return any(c.changed for c in self.clusters)

    def count(self, change: str) -> int:
        """How many objects have `change`, over every cluster."""
        return sum(c.count(change) for c in self.clusters)

    def summary(self) -> str:
        """One line: clusters changed, objects by change, dangers."""
        total = len(self.clusters)
        changed = [c for c in self.clusters if c.changed]
        clusters = f"{total} cluster{'' if total == 1 else 's'}"
        if not changed:
            return f"no changes in {clusters}"
        counts = ", ".join(
            f"{n} {change}"
            for change in (ADDED, REMOVED, CHANGED, MOVED)
            if (n := self.count(change))
        )
        dangers = len(self.dangers)
        line = f"{len(changed)} of {clusters} changed"
        line += f": {counts}" if counts else ""
        return line + (f"; {dangers} danger{'' if dangers == 1 else 's'}" if dangers else "")
