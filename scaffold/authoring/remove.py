"""`remove release|repository|secret`: delete a declared object's file, unless still in use.

A HelmRepository a release installs from, or a SealedSecret whose Secret a
release reads through valuesFrom (or a release another one dependsOn), is not
removed: Flux would fail on the next reconcile. The referrers are listed;
`--force` removes it anyway, with a warning per referrer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from scaffold import fs
from scaffold.authoring import inventory, tracked
from scaffold.authoring.writer import Written
from scaffold.errors import UsageError
from scaffold.repository.names import validate_name, validate_namespace
from scaffold.repository.root import resolve_cluster


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


@dataclass(frozen=True)
class RemoveRequest:
    """What `remove` was asked to delete."""

    what: Removable
    name: str
    namespace: str | None = None
    sync_path: str | None = None
    force: bool = False


def remove(request: RemoveRequest) -> Written:
    """Delete the file declaring the object; refuse while something refers to it."""
    validate_name(request.name, f"{request.what.value} name")
    if request.namespace is not None:
        validate_namespace(request.namespace)
    kind = KIND_OF[request.what]
    cluster = resolve_cluster(request.sync_path)
    items = inventory.read_inventory(cluster.sync_dir)
    target = inventory.choose_one(items, kind, request.name, request.namespace, cluster.sync_path)
    shown = fs.display_path(target.path)
    others = [i for i in items if i.path == target.path and i is not target]
    if others:
        raise UsageError(
            f"{shown} also declares {', '.join(i.label for i in others)}",
            hint="remove the object from that file by hand; nothing was changed",
        )
    if target.documents_in_file > 1:  # a Namespace, a ConfigMap: Flux would prune them too
        raise UsageError(
            f"{shown} holds {target.documents_in_file} documents, not only {target.label}",
            hint="remove the object from that file by hand; nothing was changed",
        )
    users = inventory.referrers(items, target)
    lines = [f"{u.label} ({fs.display_path(u.path)})" for u in users]
    if users and not request.force:
        raise UsageError(
            f"{target.label} is still referenced by: {'; '.join(lines)}",
            hint="remove or change those first, or pass --force to remove it anyway",
        )
    staged = tracked.delete(target.path, cluster.root)
    return Written(
        target.path,
        f"Remove {target.label}",
        kind,
        request.name,
        action="removed",
        staged=staged,
        details={"referenced_by": lines} if lines else {},
        warnings=[f"{line} still refers to {target.label}" for line in lines],
    )
