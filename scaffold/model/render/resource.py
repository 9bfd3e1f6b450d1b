"""One object in a build, with the history kustomize keeps beside it (its build annotations)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scaffold.model.render.data import cluster_scoped

NOT_NAMESPACEABLE = "_non_namespaceable_"


def split_api_version(api_version: str) -> tuple[str, str]:
    """(group, version) of an apiVersion."""
    group, slash, version = api_version.rpartition("/")
    return (group, version) if slash else ("", api_version)


@dataclass(frozen=True)
class ResId:
    """kustomize's identity of an object: group, version, kind, name, namespace."""

    group: str
    version: str
    kind: str
    name: str
    namespace: str

    @property
    def cluster_scoped(self) -> bool:
        api = f"{self.group}/{self.version}" if self.group else self.version
        return f"{api}/{self.kind}" in cluster_scoped()

    @property
    def effective_namespace(self) -> str:
        if self.cluster_scoped:
            return NOT_NAMESPACEABLE
        return self.namespace or "default"

    def equals(self, other: ResId) -> bool:
        """kustomize's ResId.Equals: same group, version, kind, name and effective namespace."""
        return (
            self.name == other.name
            and self.kind == other.kind
            and self.group == other.group
            and self.version == other.version
            and self.effective_namespace == other.effective_namespace
        )

    def gvk_selected(self, group: str, version: str, kind: str) -> bool:
        """Gvk.IsSelected: each non-empty selector field matches."""
        return (
            (not group or group == self.group)
            and (not version or version == self.version)
            and (not kind or kind == self.kind)
        )

    def __str__(self) -> str:
        gvk = ".".join(
            (self.kind or "[noKind]", self.version or "[noVer]", self.group or "[noGrp]")
        )
        return f"{gvk}/{self.name or '[noName]'}.{self.namespace or '[noNs]'}"


class Resource:
    """A Kubernetes object as a plain dict, plus kustomize's bookkeeping about it."""

    __slots__ = (
        "behavior",
        "empty_null",
        "needs_hash",
        "obj",
        "prefixes",
        "prev",
        "refby",
        "source",
        "suffixes",
    )

    def __init__(self, obj: dict[str, Any], source: str) -> None:
        self.obj = obj
        self.source = source
        self.prev: list[tuple[str, str, str]] = []  # (kind, name, effective namespace)
        self.prefixes: list[str] = []
        self.suffixes: list[str] = []
        self.refby: list[str] = []
        self.needs_hash = False
        self.behavior = ""
        self.empty_null = False

    def copy(self) -> Resource:
        """An independent copy (the object tree too)."""
        other = Resource(deep_copy(self.obj), self.source)
        other.prev = list(self.prev)
        other.prefixes = list(self.prefixes)
        other.suffixes = list(self.suffixes)
        other.refby = list(self.refby)
        other.needs_hash = self.needs_hash
        other.behavior = self.behavior
        other.empty_null = self.empty_null
        return other

    @property
    def meta(self) -> dict[str, Any]:
        meta = self.obj.get("metadata")
        if not isinstance(meta, dict):
            meta = self.obj["metadata"] = {}
        return meta

    @property
    def kind(self) -> str:
        return str(self.obj.get("kind") or "")

    @property
    def api_version(self) -> str:
        return str(self.obj.get("apiVersion") or "")

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or "")

    @property
    def namespace(self) -> str:
        return str(self.meta.get("namespace") or "")

    def cur_id(self) -> ResId:
        group, version = split_api_version(self.api_version)
        return ResId(group, version, self.kind, self.name, self.namespace)

    def prev_ids(self) -> list[ResId]:
        group, version = split_api_version(self.api_version)
        return [ResId(group, version, k, n, ns) for k, n, ns in self.prev]

    def org_id(self) -> ResId:
        return self.prev_ids()[0] if self.prev else self.cur_id()

    def all_ids(self) -> list[ResId]:
        return [self.cur_id(), *self.prev_ids()]

    def store_previous_id(self) -> None:
        cur = self.cur_id()
        self.prev.append((cur.kind, cur.name, cur.effective_namespace))

    def labels(self) -> dict[str, Any]:
        labels = self.meta.get("labels")
        return labels if isinstance(labels, dict) else {}

    def annotations(self) -> dict[str, Any]:
        annotations = self.meta.get("annotations")
        return annotations if isinstance(annotations, dict) else {}


def deep_copy(value: Any) -> Any:
    """A copy of a JSON-like tree, much faster than copy.deepcopy."""
    if type(value) is dict:
        return {k: deep_copy(v) if type(v) in (dict, list) else v for k, v in value.items()}
    if type(value) is list:
        return [deep_copy(v) if type(v) in (dict, list) else v for v in value]
    return value
