"""What can hurt, found in a comparison: data pruned, updates refused, rights widened, Flux stopped.

- Pruned: an object removed under a Kustomization with `prune: true` is deleted from the
  cluster; for a PersistentVolumeClaim or PersistentVolume its data, for a StatefulSet its
  pods, for a Namespace everything in it, for a CustomResourceDefinition every object of
  its kind. Flux keeps an object annotated `kustomize.toolkit.fluxcd.io/prune: disabled`.
- Immutable: a change the API server refuses to make in place (its validation rules).
- RBAC widened: a new `*` in a (Cluster)Role rule, a new binding to `cluster-admin`.
- Flux: a Kustomization or HelmRelease newly suspended, a Kustomization's prune turned on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from scaffold.diff.fields import ADDED, CHANGED, FieldChange
from scaffold.diff.objects import Identity
from scaffold.diff.quantity import parse_quantity

KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io"
HELM_GROUP = "helm.toolkit.fluxcd.io"
RBAC_GROUP = "rbac.authorization.k8s.io"
PRUNE_ANNOTATION = "kustomize.toolkit.fluxcd.io/prune"
PRUNED_LOSS = {
    ("", "PersistentVolumeClaim"): "its volume's data",
    ("", "PersistentVolume"): "its data when its reclaim policy is Delete",
    ("apps", "StatefulSet"): "its pods",
    ("", "Namespace"): "everything in it",
    ("apiextensions.k8s.io", "CustomResourceDefinition"): "every object of its kind",
}
# A StatefulSet's spec fields the API server updates in place; any other is refused.
STATEFULSET_MUTABLE = (
    "replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
    "persistentVolumeClaimRetentionPolicy", "minReadySeconds",
)  # fmt: skip
# A PersistentVolumeClaim's spec is immutable but for these (growing its storage request).
CLAIM_MUTABLE = ("spec.resources.requests", "spec.volumeAttributesClassName")
# A PersistentVolume's spec fields that are not its volume source (which is immutable).
VOLUME_NOT_SOURCE = (
    "accessModes", "capacity", "claimRef", "mountOptions", "nodeAffinity",
    "persistentVolumeReclaimPolicy", "storageClassName", "volumeAttributesClassName",
)  # fmt: skip
IMMUTABLE_PATHS: dict[tuple[str, str], tuple[str, ...]] = {
    ("apps", "Deployment"): ("spec.selector",),
    ("apps", "ReplicaSet"): ("spec.selector",),
    ("apps", "DaemonSet"): ("spec.selector",),
    ("batch", "Job"): ("spec.selector", "spec.template", "spec.completionMode"),
    (RBAC_GROUP, "RoleBinding"): ("roleRef",),
    (RBAC_GROUP, "ClusterRoleBinding"): ("roleRef",),
    ("scheduling.k8s.io", "PriorityClass"): ("value",),
    ("storage.k8s.io", "StorageClass"): (
        "parameters", "provisioner", "reclaimPolicy", "volumeBindingMode",
    ),
}  # fmt: skip
OPAQUE = "Opaque"  # the type of a Secret that names none
WILDCARD_FIELDS = ("verbs", "resources", "apiGroups", "nonResourceURLs")


def under(path: str, prefix: str) -> bool:
    """Whether `path` is `prefix` or a field below it."""
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def pruned(identity: Identity, obj: Mapping[str, Any], kustomization: str) -> str | None:
    """Why removing `obj` under a pruning Kustomization hurts, or None."""
    loss = PRUNED_LOSS.get((identity.group, identity.kind))
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    if loss is None or annotations.get(PRUNE_ANNOTATION) == "disabled":
        return None
    return f"removed under {kustomization} (prune: true): Flux deletes it, and {loss}"


def immutable(
    identity: Identity,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    fields: Sequence[FieldChange],
) -> Iterator[str]:
    """A message for each field change the API server refuses to make in place."""
    kind = (identity.group, identity.kind)
    refused = [f.path for f in fields if _refused(kind, f, old, new)]
    if refused:
        yield f"the API server refuses to change {', '.join(refused)} in place (immutable)"
    if kind == ("", "PersistentVolumeClaim"):
        before, after = (_storage_request(o) for o in (old, new))
        if before is not None and after is not None and after < before:
            yield "a PersistentVolumeClaim's storage request can not shrink"
    if kind == ("", "Secret") and (old.get("type") or OPAQUE) != (new.get("type") or OPAQUE):
        yield "the API server refuses to change a Secret's type in place (immutable)"
    locked = kind in (("", "ConfigMap"), ("", "Secret")) and old.get("immutable") is True
    if locked and any(old.get(k) != new.get(k) for k in ("data", "binaryData", "immutable")):
        yield "it is immutable: the API server refuses any change to its data"


def _refused(
    kind: tuple[str, str], change: FieldChange, old: Mapping[str, Any], new: Mapping[str, Any]
) -> bool:
    path = change.path
    if kind in IMMUTABLE_PATHS:
        return any(under(path, p) for p in IMMUTABLE_PATHS[kind])
    if kind == ("apps", "StatefulSet"):
        top = path.split(".")[1].split("[")[0] if path.startswith("spec.") else ""
        return bool(top) and top not in STATEFULSET_MUTABLE
    if kind == ("", "Service"):
        external = "ExternalName" in ((old.get("spec") or {}).get("type"),
                                      (new.get("spec") or {}).get("type"))  # fmt: skip
        ip_field = under(path, "spec.clusterIP") or under(path, "spec.clusterIPs")
        return ip_field and not external and change.change in (ADDED, CHANGED)
    if kind == ("", "PersistentVolumeClaim"):
        return path.startswith("spec.") and not any(under(path, p) for p in CLAIM_MUTABLE)
    if kind == ("", "PersistentVolume"):
        top = path.split(".")[1].split("[")[0] if path.startswith("spec.") else ""
        return top == "volumeMode" or (bool(top) and top not in VOLUME_NOT_SOURCE)
    return False


def _storage_request(claim: Mapping[str, Any]) -> float | None:
    value = ((claim.get("spec") or {}).get("resources") or {}).get("requests") or {}
    storage = value.get("storage") if isinstance(value, Mapping) else None
    return parse_quantity(storage) if isinstance(storage, (str, int, float)) else None


def rbac_widened(
    identity: Identity, old: Mapping[str, Any] | None, new: Mapping[str, Any]
) -> Iterator[str]:
    """A message for each right `new` grants that `old` (None: a new object) did not."""
    if identity.group != RBAC_GROUP:
        return
    if identity.kind in ("Role", "ClusterRole"):
        before = _wildcards(old) if old is not None else set()
        for field, rule in sorted(_wildcards(new) - before):
            yield f"RBAC widened: new '*' in {field} of rule {rule}"
    elif identity.kind in ("RoleBinding", "ClusterRoleBinding") and _to_cluster_admin(new):
        if old is None or not _to_cluster_admin(old):
            yield "RBAC widened: a new binding to cluster-admin"
        else:
            added = _subjects(new) - _subjects(old)
            if added:
                names = ", ".join(sorted(added))
                yield f"RBAC widened: new subjects of a cluster-admin binding: {names}"


def _wildcards(role: Mapping[str, Any]) -> set[tuple[str, str]]:
    found = set()
    for rule in role.get("rules") or ():
        if not isinstance(rule, Mapping):
            continue
        for field in WILDCARD_FIELDS:
            if "*" in (rule.get(field) or ()):
                found.add((field, json.dumps(rule, sort_keys=True, default=str)))
    return found


def _to_cluster_admin(binding: Mapping[str, Any]) -> bool:
    ref = binding.get("roleRef") or {}
    return (
        isinstance(ref, Mapping)
        and ref.get("kind") == "ClusterRole"
        and ref.get("name") == ("cluster-admin")
    )


def _subjects(binding: Mapping[str, Any]) -> set[str]:
    return {
        f"{s.get('kind')} {s.get('namespace') or ''}/{s.get('name')}".replace(" /", " ")
        for s in binding.get("subjects") or ()
        if isinstance(s, Mapping)
    }


def flux_stopped(
    identity: Identity, old: Mapping[str, Any], new: Mapping[str, Any]
) -> Iterator[str]:
    """A Kustomization or HelmRelease newly suspended; a Kustomization's prune turned on."""
    flux = {(KUSTOMIZE_GROUP, "Kustomization"), (HELM_GROUP, "HelmRelease")}
    if (identity.group, identity.kind) not in flux:
        return
    before, after = old.get("spec") or {}, new.get("spec") or {}
    if after.get("suspend") is True and before.get("suspend") is not True:
        yield "suspended: Flux stops reconciling it"
    turned_on = after.get("prune") is True and before.get("prune") is not True
    if identity.kind == "Kustomization" and turned_on:
        yield "prune turned on: what leaves its path is deleted from the cluster from now on"
