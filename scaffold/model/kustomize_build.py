"""Which objects a directory builds to, as kustomize and kustomize-controller build it.

Offline and from facts only: `resources` (files and directories, recursively),
`components`, `namespace:` (which also renames `Namespace` objects), generator
names. Without a `kustomization.yaml` kustomize-controller generates one listing
every manifest below the path, a subdirectory holding its own kustomization file
counting as one unit. Remote bases and `helmCharts` are not fetched nor inflated.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from scaffold.model.facts.documents import Document, FileFacts
from scaffold.model.facts.flux_kinds import GENERATORS, is_remote
from scaffold.model.kustomize import is_kustomization_file
from scaffold.model.post_order import post_order
from scaffold.repository.convention import HELM_CHART_FILE

# Kinds that never take a namespace (the built-in ones kustomize knows, and the
# `Cluster*` convention of custom resources).
CLUSTER_SCOPED = frozenset(
    (
        "Namespace", "Node", "PersistentVolume", "StorageClass", "CustomResourceDefinition",
        "PriorityClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "APIService",
        "IngressClass", "RuntimeClass", "CSIDriver", "CSINode", "VolumeSnapshotClass",
        "GatewayClass", "PodSecurityPolicy", "CertificateSigningRequest", "FlowSchema",
        "PriorityLevelConfiguration", "VolumeAttachment",
    )
)  # fmt: skip


def namespaced(kind: str | None) -> bool:
    """Whether objects of `kind` live in a namespace."""
    return bool(kind) and kind not in CLUSTER_SCOPED and not str(kind).startswith("Cluster")


@dataclass(frozen=True)
class Item:
    """One object a build yields: where it is defined and the name and namespace it gets.

    `namespace` None with `settled` False means a `replacements` may set it: unknown.
    """

    path: str
    index: int
    kind: str
    name: str
    namespace: str | None
    group: str = ""
    settled: bool = True
    generated: bool = False


@dataclass(frozen=True)
class MissingEntry:
    """A file or directory a kustomization file lists that is not there."""

    path: str
    field: str
    entry: str
    position: tuple[int, int]
    reason: str


# A build of more objects than this (kustomization files listing each other many times
# over, an input made to exhaust memory) stops there, reported once.
MAX_OBJECTS = 100_000


class KustomizeBuilds:
    """The repository's files and kustomization files, built directory by directory."""

    def __init__(self, facts: Mapping[str, FileFacts], files: Iterable[str]) -> None:
        self.facts = facts
        self.files = frozenset(files)
        self.children: dict[str, list[str]] = defaultdict(list)
        self.dirs: set[str] = {""}
        for path in sorted(self.files):
            directory = posixpath.dirname(path)
            self.children[directory].append(path)
            while directory and directory not in self.dirs:
                self.dirs.add(directory)
                parent = posixpath.dirname(directory)
                self.children[parent].append(directory + "/")
                directory = parent
        self.kustomization: dict[str, str] = {}
        self.chart_dirs: set[str] = set()
        for path in self.files:
            directory, _, name = path.rpartition("/")
            if is_kustomization_file(path):
                self.kustomization.setdefault(directory, path)
            elif name == HELM_CHART_FILE:
                self.chart_dirs.add(directory)
        self.missing: dict[str, MissingEntry] = {}
        self._built: dict[str, tuple[Item, ...]] = {}
        self._generated: dict[str, tuple[Item, ...]] = {}

    def kustomization_doc(self, directory: str) -> Document | None:
        """The first document of the kustomization file of `directory`."""
        path = self.kustomization.get(directory)
        docs = self.facts[path].documents if path is not None and path in self.facts else ()
        return docs[0] if docs and not docs[0].empty else None

    def build(self, directory: str) -> tuple[Item, ...]:
        """What kustomize builds from `directory` (its kustomization file must exist)."""
        if directory not in self._built:
            # Bases before their users, iteratively: a chain of thousands of kustomization
            # files never recurses. Each is first marked built empty, so a cycle builds
            # nothing more.
            order = [d for d in post_order(directory, self._bases) if d not in self._built]
            self._built.update(dict.fromkeys(order, ()))
            for each in order:
                self._built[each] = tuple(self._build(each))
        return self._built[directory]

    def _bases(self, directory: str) -> Iterable[str]:
        doc = self.kustomization_doc(directory)
        for field, entry, _ in doc.entries if doc is not None else ():
            if field in ("resources", "components") and not is_remote(entry) and "${" not in entry:
                target = posixpath.normpath(posixpath.join(directory, entry))
                if target in self.dirs and target in self.kustomization:
                    yield target

    def flux_build(self, directory: str) -> tuple[Item, ...]:
        """What kustomize-controller builds from `directory`, generating a kustomization
        when it has none."""
        if directory in self.kustomization:
            return self.build(directory)
        if directory not in self._generated:
            # The deepest directories first (thousands of levels never recurse).
            for each in post_order(directory, self._generated_subdirs):
                if each not in self._generated:
                    self._generated[each] = tuple(self._generate(each))
        return self._generated[directory]

    def _generated_subdirs(self, directory: str) -> Iterable[str]:
        for child in self.children.get(directory, ()):
            sub = child[:-1]
            if child.endswith("/") and sub not in self.chart_dirs and sub not in self.kustomization:
                yield sub

    def _generate(self, directory: str) -> Iterable[Item]:
        for child in self.children.get(directory, ()):
            if child.endswith("/"):
                sub = child[:-1]
                if sub in self.chart_dirs:
                    continue
                yield from self.flux_build(sub)
            elif child.lower().endswith((".yaml", ".yml")):
                yield from self.items_of(child, manifests_only=True)

    def document(self, item: Item) -> Document | None:
        """The document an item comes from (None for a generated one)."""
        facts = self.facts.get(item.path)
        if facts is None or item.generated or item.index >= len(facts.documents):
            return None
        return facts.documents[item.index]

    def items_of(self, path: str, manifests_only: bool = False) -> Iterable[Item]:
        """The objects the documents of one file define."""
        for doc in self.facts[path].documents if path in self.facts else ():
            if doc.empty or not doc.kind or (manifests_only and not doc.api_version):
                continue
            yield Item(path, doc.index, doc.kind, doc.name or "", doc.namespace, doc.group)

    def _build(self, directory: str) -> list[Item]:
        path = self.kustomization[directory]
        doc = self.kustomization_doc(directory)
        if doc is None:
            return []
        items: dict[Item, None] = {}
        replaced = doc.replacements
        for field, entry, position in doc.entries:
            if field not in ("resources", "components") or is_remote(entry) or "${" in entry:
                continue
            target = posixpath.normpath(posixpath.join(directory, entry))
            if target in self.files:
                items.update(dict.fromkeys(self.items_of(target)))
            elif target in self.dirs and target in self.kustomization:
                # The same object reached twice (`./x`, `x/`, a base listed by two listed
                # directories) is one object, as kustomize's resource ids are: never a copy.
                items.update(dict.fromkeys(self.build(target)))
                if len(items) > MAX_OBJECTS:
                    self._record_missing(
                        path, field, entry, position, target,
                        reason=f"makes the build exceed {MAX_OBJECTS} objects; not followed",
                    )  # fmt: skip
                    items = dict(list(items.items())[:MAX_OBJECTS])
                    break
                # A component's replacements act on the resources of its user.
                component = self.kustomization_doc(target) if field == "components" else None
                replaced = replaced or bool(component and component.replacements)
            else:
                self._record_missing(path, field, entry, position, target)
        for field, entry, position in doc.entries:
            if field.startswith("patches") and not is_remote(entry):
                target = posixpath.normpath(posixpath.join(directory, entry))
                if target not in self.files:
                    self._record_missing(path, field, entry, position, target)
            elif field in GENERATORS and "${" not in entry:
                # A generator reads a file; a directory is left to kustomize to judge.
                target = posixpath.normpath(posixpath.join(directory, entry))
                if target not in self.files and target not in self.dirs:
                    self._record_missing(path, field, entry, position, target)
        items.update(
            (Item(path, doc.index, kind, name, None, generated=True), None)
            for kind, name in doc.generated
        )
        built = (self._transform(item, doc.set_namespace, replaced) for item in items)
        return list(dict.fromkeys(built))

    def _record_missing(
        self,
        path: str,
        field: str,
        entry: str,
        position: tuple[int, int],
        target: str,
        reason: str | None = None,
    ) -> None:
        if reason is None:
            missing = "is a directory without a kustomization.yaml"
            reason = missing if target in self.dirs else "does not exist"
        key = f"{path}:{position}"
        self.missing[key] = MissingEntry(path, field, entry, position, reason)

    @staticmethod
    def _transform(item: Item, namespace: str | None, replaced: bool) -> Item:
        if namespace:
            if item.kind == "Namespace":
                item = replace(item, name=namespace)
            elif namespaced(item.kind):
                item = replace(item, namespace=namespace)
        if replaced and item.kind == "Kustomization":
            # A replacement may write spec.targetNamespace: what it applies is unsettled.
            item = replace(item, settled=False)
        return item

    def build_everything(self) -> list[MissingEntry]:
        """Build every kustomization file; the entries that are missing, in path order."""
        for directory in sorted(self.kustomization):
            self.build(directory)
        return sorted(self.missing.values(), key=lambda m: (m.path, m.position))

    def reached(self, directory: str) -> set[str]:
        """The directories whose kustomization files a (Flux) build of `directory` reads."""
        found: set[str] = set()
        stack = [directory]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            doc = self.kustomization_doc(current) if current in self.kustomization else None
            if doc is None:
                stack.extend(c[:-1] for c in self.children.get(current, ()) if c.endswith("/"))
                continue
            for field, entry, _ in doc.entries:
                target = posixpath.normpath(posixpath.join(current, entry))
                if field in ("resources", "components") and target in self.dirs:
                    stack.append(target)
        return found
