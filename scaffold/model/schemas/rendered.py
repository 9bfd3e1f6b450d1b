"""Rendered objects against their schemas, each violation at the file and line that wrote it.

An object is validated as Flux applies it: after kustomize and postBuild, typed as
kustomize reads YAML (1.2: `value: on` stays a string). Its violations are placed by a
`RenderedMap` (model.schemas.provenance) built only when there is one to place: the
resource document and the patches are read again, with positions, for those objects alone.
A value a Secret gave postBuild is never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scaffold.model.schemas import semantics
from scaffold.model.schemas.located import Located, located_documents
from scaffold.model.schemas.messages import JsonPath
from scaffold.model.schemas.patch_targets import object_name
from scaffold.model.schemas.patch_writers import Read, Writer, patch_writers
from scaffold.model.schemas.provenance import SUBSTITUTED, TRANSFORMED, RenderedMap
from scaffold.model.schemas.sourcemap import Position

if TYPE_CHECKING:
    from scaffold.model.rendering import RenderedKustomization, RenderedObject

GENERATORS = ("configMapGenerator", "secretGenerator")
_QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"")


@dataclass(frozen=True)
class Placed:
    """One violation of a rendered object, at the file that wrote the offending value."""

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str
    required: bool


class Sources:
    """The files rendered objects are traced back to, each read and parsed once."""

    def __init__(self, read: Read, files: Sequence[str]) -> None:
        self.read, self.files = read, files
        self._documents: dict[str, list[Located]] = {}
        self._writers: dict[tuple[str, str], list[Writer]] = {}

    def documents(self, path: str) -> list[Located]:
        """The documents of a file, typed as kustomize reads them (none if unreadable)."""
        if path not in self._documents:
            text = self.read(path)
            self._documents[path] = located_documents(text) if text is not None else []
        return self._documents[path]

    def writers(self, kustomization: RenderedKustomization) -> list[Writer]:
        """The patches the Kustomization's build applies (model.schemas.patch_writers)."""
        key = (kustomization.cluster, kustomization.key)
        if key not in self._writers:
            ref = kustomization.spec.get("sourceRef")
            artifact = isinstance(ref, dict) and ref.get("kind") == "ExternalArtifact"
            # An artifact's paths are not the repository's: only spec.patches can be placed.
            self._writers[key] = patch_writers(
                self.read,
                self.files,
                None if artifact else kustomization.directory,
                kustomization.spec,
                (kustomization.declared_in, kustomization.namespace, kustomization.name),
            )
        return self._writers[key]

    def source_map(
        self, kustomization: RenderedKustomization, rendered: RenderedObject
    ) -> RenderedMap:
        """Where each value of one rendered object was written."""
        documents = self.documents(rendered.file)
        origin = origin_document(documents, rendered.obj)
        return RenderedMap(
            rendered.obj,
            rendered.file,
            origin,
            self.writers(kustomization),
            substituted=kustomization.spec.get("postBuild") is not None,
            hidden=kustomization.secret_values,
            anchor=_generator_entry(documents, rendered.obj) if origin is None else (1, 1),
        )


def origin_document(documents: Sequence[Located], obj: dict[str, Any]) -> Located | None:
    """The resource document that became `obj`: its kind, then the same name and namespace,
    the same name, or a name the built one holds; None when two are as likely."""
    name = object_name(obj)
    meta = obj.get("metadata")
    namespace = meta.get("namespace") if isinstance(meta, dict) else None
    scored: list[tuple[int, Located]] = []
    for doc in documents:
        value = doc.value
        if not isinstance(value, dict) or value.get("kind") != obj.get("kind"):
            continue
        own = object_name(value)
        own_meta = value.get("metadata")
        own_space = own_meta.get("namespace") if isinstance(own_meta, dict) else None
        if own == name:
            scored.append((3 if own_space == namespace else 2, doc))
        elif own and own in name:
            scored.append((1, doc))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    chosen = [doc for score, doc in scored if score == best]
    return chosen[0] if len(chosen) == 1 else None


def _generator_entry(documents: Sequence[Located], obj: dict[str, Any]) -> Position:
    """The generator entry of a kustomization file that made `obj`, else the file's start."""
    name = object_name(obj)
    for doc in documents:
        value = doc.value
        for field in GENERATORS if isinstance(value, dict) else ():
            entries = value.get(field)
            for index, entry in enumerate(entries if isinstance(entries, list) else ()):
                if isinstance(entry, dict) and entry.get("name") and str(entry["name"]) in name:
                    return doc.value_at((field, index)) or (1, 1)
    return (1, 1)


class _Lazy:
    """A SourceMap made on first use: a valid object never reads its files again."""

    def __init__(self, make: Callable[[], RenderedMap]) -> None:
        self._make = make
        self._made: RenderedMap | None = None

    @property
    def made(self) -> RenderedMap:
        if self._made is None:
            self._made = self._make()
        return self._made

    def value_at(self, path: JsonPath) -> Position:
        return self.made.value_at(path)

    def key_at(self, path: JsonPath) -> Position:
        return self.made.key_at(path)

    def written(self, path: JsonPath) -> tuple[str, bool] | None:
        return self.made.written(path)


def violations(
    kustomization: RenderedKustomization,
    rendered: RenderedObject,
    schema: dict[str, Any],
    resolve: semantics.Resolve,
    sources: Sources,
) -> list[Placed]:
    """Every violation of `schema` by the rendered object, each at the file that wrote it."""
    obj = rendered.obj
    value = {k: v for k, v in obj.items() if k != "sops"}  # decrypted and dropped by Flux
    where = _Lazy(lambda: sources.source_map(kustomization, rendered))
    found = []
    for violation in semantics.validate_object(value, schema, where, resolve):
        spot = where.made.spot(violation.segments, key=violation.at_key)
        message = violation.message + _how(spot.how, kustomization.key)
        hint = violation.hint
        if kustomization.secret_values:
            message, hint = (_unquoted(t, kustomization.secret_values) for t in (message, hint))
        line, column = spot.position
        required = violation.category == "required"
        found.append(Placed(spot.file, line, column, violation.path, message, hint, required))
    return found


def _how(how: str, key: str) -> str:
    if how == SUBSTITUTED:
        return f" (after postBuild substitution by Kustomization `{key}`)"
    if how == TRANSFORMED:
        return f" (as Kustomization `{key}` builds it)"
    return ""


def _unquoted(text: str, secrets: Iterable[str]) -> str:
    """`text` with every quoted value holding a Secret's value left out."""
    values = [s for s in secrets if s]

    def hide(match: re.Match[str]) -> str:
        if not any(s in match[0] for s in values):
            return match[0]
        return "the value" if match[0].startswith("`") else "it"

    return _QUOTED.sub(hide, text)
