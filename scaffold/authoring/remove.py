"""`remove release|repository|secret`: delete a declared object's file, unless still in use.

"In use" is what the model sees: any object any cluster gets (or any document no
cluster applies) whose reference this object answers — a HelmRepository a release
installs from, the Secret a SealedSecret makes for a release's valuesFrom, a release
another one dependsOn — wherever its file lives, not only under `helm/`. Flux would
fail on the next reconcile. The users are listed; `--force` removes it anyway, with
a warning per user.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from scaffold import fs
from scaffold.authoring import tracked
from scaffold.authoring.inventory import choose_one
from scaffold.authoring.writer import Written
from scaffold.errors import ScaffoldError, UsageError
from scaffold.model.facts.documents import Document
from scaffold.model.repo import RepoContext
from scaffold.model.usage import Use
from scaffold.repository.convention import ClusterDirs
from scaffold.repository.names import validate_name, validate_namespace
from scaffold.repository.root import find_root
from scaffold.views.clusters import resolve_cluster


class Removable(str, Enum):
    """What `remove` removes, by the word the user types."""

    release = "release"
    repository = "repository"
    secret = "secret"


KIND_OF = {
    Removable.release: "HelmRelease",
    Removable.repository: "HelmRepository",
    Removable.secret: "SealedSecret",
}


class StillInUse(ScaffoldError):
    """The object is still used: removing it would break what Flux applies (exit 1)."""


@dataclass(frozen=True)
class RemoveRequest:
    """What `remove` was asked to delete."""

    what: Removable
    name: str
    namespace: str | None = None
    sync_path: str | None = None
    force: bool = False


@dataclass(frozen=True)
class Declared:
    """The document that declares the object to remove."""

    path: str
    doc: Document
    namespace: str | None

    @property
    def kind(self) -> str | None:
        """The object's kind."""
        return self.doc.kind

    @property
    def name(self) -> str | None:
        """The object's name."""
        return self.doc.name

    @property
    def label(self) -> str:
        """`Kind namespace/name`."""
        return f"{self.doc.kind} {self.namespace or '-'}/{self.doc.name}"


def remove(request: RemoveRequest) -> Written:
    """Delete the file declaring the object; refuse while anything the model sees uses it."""
    from scaffold.lint.engine import configured_model

    validate_name(request.name, f"{request.what.value} name")
    if request.namespace is not None:
        validate_namespace(request.namespace)
    kind = KIND_OF[request.what]
    model = configured_model(find_root(Path.cwd()))
    cluster = resolve_cluster(request.sync_path, model=model)
    target = _choose(model, cluster, kind, request.name, request.namespace)
    path = cluster.root / target.path
    shown = fs.display_path(path)
    others = [
        d for d in model.facts[target.path].documents if not d.empty and d.index != target.doc.index
    ]
    if others:
        names = ", ".join(
            f"{d.kind or 'document'} {d.namespace or '-'}/{d.name or '?'}" for d in others
        )
        raise UsageError(
            f"{shown} also declares {names}",
            hint="remove the object from that file by hand; nothing was changed",
        )
    lines = _users(model, cluster, target)
    if lines and not request.force:
        raise StillInUse(
            f"{target.label} is still used by: {'; '.join(lines)}",
            hint="remove or change those first, or pass --force to remove it anyway",
        )
    staged = tracked.delete(path, cluster.root)
    return Written(
        path,
        f"Remove {target.label}",
        kind,
        request.name,
        action="removed",
        staged=staged,
        details={"referenced_by": lines} if lines else {},
        warnings=[f"{line} still refers to {target.label}" for line in lines],
    )


def _choose(
    model: RepoContext, cluster: ClusterDirs, kind: str, name: str, namespace: str | None
) -> Declared:
    """The one object of `kind` named `name` the cluster gets (or, if none, declared under
    its sync path); UsageError when none or several."""
    placed = {
        (p.item.path, p.item.index): Declared(p.item.path, p.doc, p.namespace)
        for p in model.graph.placed_in(cluster.sync_path)
        if p.doc is not None and p.item.kind == kind and not p.item.generated
    }
    candidates = list(placed.values()) or [
        Declared(facts.path, doc, doc.namespace)
        for facts, doc in model.documents(flux_only=False)
        if doc.kind == kind and facts.path.startswith(cluster.sync_path + "/")
    ]
    return choose_one(candidates, kind, name, namespace, cluster.sync_path)


def _users(model: RepoContext, cluster: ClusterDirs, target: Declared) -> list[str]:
    """Each object that uses the target, once: `Kind namespace/name (file)` and, when it is
    another cluster's, which."""
    seen: dict[str, None] = {}
    for use in model.usage.users_of(target.path, target.doc.index):
        seen.setdefault(_shown(use, cluster), None)
    return list(seen)


def _shown(use: Use, cluster: ClusterDirs) -> str:
    where = f"{use.path}"
    if use.cluster is not None and use.cluster != cluster.sync_path:
        where += f", cluster {use.cluster}"
    elif use.cluster is None:
        where += ", applied by no cluster"
    return f"{use.label} ({where})"
