"""An object as the cluster decodes it, and where each of its values was written.

Validation works on plain objects (dicts, lists, scalars) plus a `SourceMap` that
answers, for a JSON path, the line and column that wrote it and the scalar as written.
`decode` builds both from a composed YAML document with go-yaml v2's typing, as the API
server's decoder reads it; a rendered object brings its own map, whose positions point
into the file (a base, an overlay, a patch) that set each value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml

from scaffold.model.schemas.messages import JsonPath
from scaffold.model.schemas.nodes import merged_pairs
from scaffold.model.schemas.scalars import is_true, number, scalar_type

Position = tuple[int, int]
# Aliases may repeat a subtree; past this many values a document is not decoded.
MAX_VALUES = 200_000


class SourceMap(Protocol):
    """Where the values of one object were written."""

    def value_at(self, path: JsonPath) -> Position:
        """The position of the value at path (its nearest known ancestor's if unknown)."""

    def key_at(self, path: JsonPath) -> Position:
        """The position of the mapping key that ends path (the value's if there is none)."""

    def written(self, path: JsonPath) -> tuple[str, bool] | None:
        """A scalar as the source wrote it, and whether it was quoted; None for others."""


@dataclass
class NodeMap:
    """A SourceMap over one composed YAML document."""

    values: dict[JsonPath, Position] = field(default_factory=dict)
    keys: dict[JsonPath, Position] = field(default_factory=dict)
    scalars: dict[JsonPath, tuple[str, bool]] = field(default_factory=dict)

    def value_at(self, path: JsonPath) -> Position:
        """The position of the value at path (its nearest known ancestor's if unknown)."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def key_at(self, path: JsonPath) -> Position:
        """The position of the mapping key that ends path (the value's if there is none)."""
        return self.keys.get(path) or self.value_at(path)

    def written(self, path: JsonPath) -> tuple[str, bool] | None:
        """A scalar as the source wrote it, and whether it was quoted; None for others."""
        return self.scalars.get(path)


class TooLarge(Exception):
    """The document expands past MAX_VALUES values (an alias bomb)."""


def decode(root: yaml.Node) -> tuple[Any, NodeMap]:
    """The object a YAML document becomes on the cluster, and where its values are."""
    source = NodeMap()
    budget = [MAX_VALUES]
    return _decode(root, (), source, budget, frozenset()), source


def _decode(
    node: yaml.Node, path: JsonPath, source: NodeMap, budget: list[int], open_: frozenset[int]
) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or id(node) in open_:
        raise TooLarge  # too many values, or an alias to a node that holds itself
    mark = node.start_mark
    source.values[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        inside = open_ | {id(node)}
        result: dict[str, Any] = {}
        for key, value in merged_pairs(node):
            name = str(key.value)
            child = (*path, name)
            source.keys[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
            result[name] = _decode(value, child, source, budget, inside)
        return result
    if isinstance(node, yaml.SequenceNode):
        inside = open_ | {id(node)}
        return [
            _decode(item, (*path, index), source, budget, inside)
            for index, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)
    source.scalars[path] = (node.value, bool(node.style))
    return scalar_value(node)


def scalar_value(node: yaml.ScalarNode) -> Any:
    """A scalar's value with go-yaml v2's typing (`yes` is true, `1:30` a string)."""
    found = scalar_type(node)
    if found == "null":
        return None
    if found == "boolean":
        return is_true(node)
    if found == "integer":
        return int(number(node))
    if found == "number":
        return number(node)
    return node.value
