"""What a cluster's sync path declares, and what refers to what: read by upgrade, remove, list.

Only the kinds the authoring commands manage are read (HelmRepository and the
other chart sources, HelmRelease, SealedSecret, Secret); values are never kept,
only the names of a SealedSecret's keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from scaffold import yamlfile
from scaffold.authoring.declared import cluster_files, may_declare
from scaffold.errors import ScaffoldError, UsageError
from scaffold.flux.vocabulary import CHART_SOURCE_KINDS
from scaffold.fs import display_path
from scaffold.repository.convention import ClusterDirs
from scaffold.sealing.scopes import SCOPE_ANNOTATIONS, Scope

SOURCE_KINDS = CHART_SOURCE_KINDS
KINDS = (*SOURCE_KINDS, "HelmRelease", "SealedSecret", "Secret")


@dataclass(frozen=True)
class EntryRef:
    """A reference from one object to another, its namespace defaulted to the owner's."""

    kind: str
    name: str
    namespace: str | None


@dataclass(frozen=True)
class Entry:
    """One declared object: where it is and the fields upgrade, remove and list need."""

    kind: str
    name: str
    namespace: str | None
    path: Path
    documents_in_file: int
    chart: str | None = None
    version: str | None = None
    source: EntryRef | None = None
    values_from: tuple[EntryRef, ...] = ()
    depends_on: tuple[EntryRef, ...] = ()
    target_namespace: str | None = None
    url: str | None = None
    keys: tuple[str, ...] = ()
    scope: Scope | None = None
    # The Secret a SealedSecret produces (its template's name and namespace).
    produces: EntryRef | None = None

    @property
    def label(self) -> str:
        """`Kind namespace/name`, as messages name an object."""
        return f"{self.kind} {self.namespace or '-'}/{self.name}"

    def references(self, target: Entry) -> bool:
        """Whether this object refers to `target` (a source, a Secret, a release)."""
        wanted = target.produces or EntryRef(target.kind, target.name, target.namespace)
        refs = (*([self.source] if self.source else []), *self.values_from, *self.depends_on)
        return any(
            ref.kind == wanted.kind
            and ref.name == wanted.name
            and (
                ref.namespace is None
                or wanted.namespace is None
                or ref.namespace == wanted.namespace
            )
            for ref in refs
        )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _dig(doc: Any, *keys: str) -> Any:
    for key in keys:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


def _ref(entry: Any, default_kind: str, owner_namespace: str | None) -> EntryRef | None:
    if not isinstance(entry, dict) or not _text(entry.get("name")):
        return None
    namespace = _text(entry.get("namespace")) or owner_namespace
    return EntryRef(_text(entry.get("kind")) or default_kind, entry["name"], namespace)


def _refs(entries: Any, default_kind: str, owner_namespace: str | None) -> tuple[EntryRef, ...]:
    found = (_ref(e, default_kind, owner_namespace) for e in entries or [])
    return tuple(ref for ref in found if ref is not None) if isinstance(entries, list) else ()


def _scope(meta: Any) -> Scope:
    annotations = _dig(meta, "annotations") or {}
    for scope, annotation in SCOPE_ANNOTATIONS.items():
        if isinstance(annotations, dict) and str(annotations.get(annotation)).lower() == "true":
            return scope
    return Scope.STRICT


def describe(doc: dict[str, Any], path: Path, count: int) -> Entry | None:
    """The Entry for one parsed document, or None when it is not a named object we read."""
    kind, meta = doc.get("kind"), doc.get("metadata")
    name = _text(_dig(meta, "name"))
    if kind not in KINDS or name is None:
        return None
    namespace = _text(_dig(meta, "namespace"))
    base = {
        "kind": kind,
        "name": name,
        "namespace": namespace,
        "path": path,
        "documents_in_file": count,
    }
    if kind == "HelmRelease":
        chart = _dig(doc, "spec", "chart", "spec")
        chart_ref = _dig(doc, "spec", "chartRef")
        return Entry(
            **base,
            chart=_text(_dig(chart, "chart")),
            version=_text(_dig(chart, "version")) or _optional_number(_dig(chart, "version")),
            source=_ref(_dig(chart, "sourceRef") or chart_ref, "HelmRepository", namespace),
            values_from=_refs(_dig(doc, "spec", "valuesFrom"), "Secret", namespace),
            depends_on=_refs(_dig(doc, "spec", "dependsOn"), "HelmRelease", namespace),
            target_namespace=_text(_dig(doc, "spec", "targetNamespace")),
        )
    if kind == "SealedSecret":
        template = _dig(doc, "spec", "template", "metadata")
        data = _dig(doc, "spec", "encryptedData")
        produced = EntryRef(
            "Secret",
            _text(_dig(template, "name")) or name,
            _text(_dig(template, "namespace")) or namespace,
        )
        keys = tuple(sorted(str(k) for k in data)) if isinstance(data, dict) else ()
        return Entry(**base, keys=keys, scope=_scope(meta), produces=produced)
    if kind == "Secret":
        return Entry(**base, produces=EntryRef("Secret", name, namespace))
    return Entry(**base, url=_text(_dig(doc, "spec", "url")))


def _optional_number(value: Any) -> str | None:
    # `version: 1.0` parses as a float; keep what a reader sees.
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _documents(path: Path) -> list[Any]:
    try:
        text = yamlfile.read_text(path)
        if not any(may_declare(text, kind) for kind in KINDS):
            return []
        return list(yamlfile.parse_all(text, str(path)))
    except ScaffoldError:
        return []  # not ours to judge here; the linter reports broken files


def read_inventory(cluster: ClusterDirs) -> list[Entry]:
    """Every object of a managed kind the cluster declares (see `declared.cluster_files`),
    sorted by file."""
    items = []
    for path in cluster_files(cluster, KINDS):
        docs = [d for d in _documents(path) if d is not None]
        for doc in docs:
            item = describe(doc, path, len(docs)) if isinstance(doc, dict) else None
            if item is not None:
                items.append(item)
    return items


class Named(Protocol):
    """What choosing an object by name reads of it (an Entry, or a document of the model)."""

    @property
    def kind(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def namespace(self) -> str | None: ...
    @property
    def path(self) -> str | Path: ...


N = TypeVar("N", bound=Named)


def find(items: Iterable[N], kind: str, name: str, namespace: str | None) -> Iterator[N]:
    """The items of `kind` named `name` (in `namespace` when given; an item naming none may
    land in any)."""
    for item in items:
        in_namespace = namespace is None or (item.namespace or namespace) == namespace
        if item.kind == kind and item.name == name and in_namespace:
            yield item


def referrers(items: list[Entry], target: Entry) -> list[Entry]:
    """The objects that refer to `target`."""
    return [item for item in items if item is not target and item.references(target)]


def choose_one(items: Sequence[N], kind: str, name: str, namespace: str | None, cluster: str) -> N:
    """The one `kind` named `name` of the cluster at sync path `cluster`; UsageError when
    none or several."""
    matches = list(find(items, kind, name, namespace))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = ", ".join(sorted({i.name or "?" for i in items if i.kind == kind})) or "none"
        raise UsageError(
            f"no {kind} {name!r} in cluster {cluster} (declared: {known})",
            hint="check the name, or pass --sync-path for another cluster",
        )
    places = ", ".join(f"{m.namespace or '-'} ({_shown(m.path)})" for m in matches)
    raise UsageError(
        f"several {kind}s named {name!r} in cluster {cluster}: {places}",
        hint="pass --namespace to choose one",
    )


def _shown(path: str | Path) -> str:
    # A repository-relative path is shown as it is; a file's, relative to here.
    return display_path(path) if isinstance(path, Path) else path
