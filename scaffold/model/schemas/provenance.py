"""Where each value of a rendered object was written: a SourceMap over the files that made it.

The object's resource document gives the position of every value it holds as written
there. A value it does not hold so was set by a patch: the last one applied to the object
that writes that value at that path (a strategic-merge document, followed through lists by
their merge keys; a JSON 6902 `add` or `replace`) is its writer. A value postBuild
substituted is placed at the `${VAR}` that held it. Any other (a name prefix, a label, an
image a transformer set) is placed at its nearest ancestor in the resource document, and
said to be as rendered. A position is never taken from a file that did not write there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from scaffold.model.render.merge import schema_for
from scaffold.model.schemas.follow import (
    Hit,
    equal,
    follow_object,
    follow_operations,
    substituted_from,
    text,
    value_at,
)
from scaffold.model.schemas.located import Located
from scaffold.model.schemas.messages import JsonPath
from scaffold.model.schemas.patch_targets import object_name, same_id, selected
from scaffold.model.schemas.patch_writers import Writer
from scaffold.model.schemas.sourcemap import Position

SUBSTITUTED = "substituted"
TRANSFORMED = "transformed"


@dataclass(frozen=True)
class Spot:
    """Where a value was written: the file, line and column, the scalar as written, and
    how it became the value ("" as written, SUBSTITUTED, or TRANSFORMED)."""

    file: str
    position: Position
    written: tuple[str, bool] | None = None
    how: str = ""


class RenderedMap:
    """A SourceMap for one rendered object (see the module's docstring)."""

    def __init__(
        self,
        obj: dict[str, Any],
        file: str,
        origin: Located | None,
        writers: Sequence[Writer],
        *,
        substituted: bool = False,
        hidden: frozenset[str] = frozenset(),
        anchor: Position = (1, 1),
    ) -> None:
        self.obj, self.file, self.origin = obj, file, origin
        self.writers, self.substituted, self.anchor = writers, substituted, anchor
        # Values a Secret gave postBuild: a substituted scalar holding one is never written out
        self.hidden = [value for value in hidden if value]
        self.schema = schema_for(str(obj.get("apiVersion") or ""), str(obj.get("kind") or ""))
        self._spots: dict[tuple[JsonPath, bool], Spot] = {}

    def value_at(self, path: JsonPath) -> Position:
        """The position of the value at path (its nearest known ancestor's if unknown)."""
        return self.spot(path).position

    def key_at(self, path: JsonPath) -> Position:
        """The position of the mapping key that ends path (the value's if there is none)."""
        return self.spot(path, key=True).position

    def written(self, path: JsonPath) -> tuple[str, bool] | None:
        """The scalar as its writer wrote it (after substitution), and whether quoted."""
        return self.spot(path).written

    def spot(self, path: JsonPath, *, key: bool = False) -> Spot:
        """Who wrote the value (or the key) at `path`, and where."""
        found = self._spots.get((path, key))
        if found is None:
            found = self._spots[(path, key)] = (
                self._key_spot(path) if key and path else self._value_spot(path)
            )
        return found

    @cached_property
    def _patches(self) -> list[tuple[str, Located, bool]]:
        """(file, document, is strategic) of every patch applied to the object, the last
        applied first."""
        meta = self.origin.value.get("metadata") if self.origin is not None else None
        meta = meta if isinstance(meta, dict) else {}
        original = (
            str(meta.get("name") or object_name(self.obj)),
            str(meta.get("namespace") or ""),
        )
        found = []
        for writer in reversed(self.writers):
            for doc in reversed(writer.documents):
                if writer.target is not None:
                    applies = selected(writer.target, self.obj, original)
                else:
                    applies = writer.strategic and isinstance(doc.value, dict) and same_id(
                        doc.value, self.obj, original[0]
                    )
                if applies:
                    found.append((writer.file, doc, writer.strategic))
        return found

    @property
    def _origin_first(self) -> list[tuple[str, Located, bool]]:
        """The resource document, then the patches from the last applied."""
        own = [(self.file, self.origin, True)] if self.origin is not None else []
        return own + self._patches

    @property
    def _last_first(self) -> list[tuple[str, Located, bool]]:
        """The patches from the last applied, then the resource document."""
        own = [(self.file, self.origin, True)] if self.origin is not None else []
        return self._patches + own

    def _value_spot(self, path: JsonPath) -> Spot:
        value = value_at(self.obj, path)
        for file, doc, strategic in self._origin_first:
            hit = self._follow(doc, path, strategic)
            if hit is not None and equal(hit[1], value):
                return Spot(file, _position(doc, hit[0]), doc.written(hit[0]))
        if self.substituted and not isinstance(value, (dict, list)):
            for file, doc, strategic in self._last_first:
                hit = self._follow(doc, path, strategic)
                if hit is not None and substituted_from(hit[1], value):
                    quoted = (doc.written(hit[0]) or ("", False))[1]
                    shown = text(value)
                    written = None if any(h in shown for h in self.hidden) else (shown, quoted)
                    return Spot(file, _position(doc, hit[0]), written, SUBSTITUTED)
        if isinstance(value, (dict, list)):
            for file, doc, strategic in self._origin_first:
                hit = self._follow(doc, path, strategic)
                if hit is not None and type(hit[1]) is type(value):
                    return Spot(file, _position(doc, hit[0]))
        return self._nearest(path)

    def _key_spot(self, path: JsonPath) -> Spot:
        for file, doc, strategic in self._origin_first:
            hit = self._follow(doc, path, strategic)
            if hit is not None:
                where = doc.key_at(hit[0]) or doc.value_at(hit[0])
                if where is not None:
                    return Spot(file, where)
        return self._nearest(path[:-1])

    def _nearest(self, path: JsonPath) -> Spot:
        """The nearest ancestor of `path` the resource document holds (a transformer's)."""
        if self.origin is not None:
            for end in range(len(path), -1, -1):
                hit = self._follow(self.origin, path[:end], True)
                if hit is not None:
                    return Spot(self.file, _position(self.origin, hit[0]), None, TRANSFORMED)
        return Spot(self.file, self.anchor, None, TRANSFORMED)

    def _follow(
        self, doc: Located, path: JsonPath, strategic: bool
    ) -> Hit | None:
        if strategic:
            return follow_object(doc.value, self.obj, self.schema, path)
        return follow_operations(doc.value, path)


def _position(doc: Located, path: JsonPath) -> Position:
    return doc.value_at(path) or doc.key_at(path) or (1, 1)
