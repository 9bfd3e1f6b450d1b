"""Reading composed YAML node trees without constructing Python objects.

Rules only need a few fields; building whole documents (and expanding aliases)
would cost time and memory for nothing, and never runs a constructor for an
unknown tag.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from scaffold.model.facts.loader import NULL_TAG

Node = yaml.Node


def position(node: Node) -> tuple[int, int]:
    """The 1-based line and column where `node` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def end_line(node: Node) -> int:
    """The 1-based last line `node` occupies."""
    mark = node.end_mark
    return mark.line if mark.column == 0 and mark.line > node.start_mark.line else mark.line + 1


def pairs(node: Node | None) -> list[tuple[Node, Node]]:
    """The key/value pairs of a mapping node, or none."""
    if isinstance(node, yaml.MappingNode):
        return list(node.value)
    return []


def get(node: Node | None, key: str) -> Node | None:
    """The value under `key` of a mapping node (the last one if repeated, as PyYAML does)."""
    found = None
    for k, v in pairs(node):
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found = v
    return found


def key_node(node: Node | None, key: str) -> Node | None:
    """The key node `key` of a mapping node, for reporting its position."""
    found = None
    for k, _ in pairs(node):
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found = k
    return found


def dig(node: Node | None, *keys: str) -> Node | None:
    """Follow `keys` through nested mappings."""
    for key in keys:
        node = get(node, key)
        if node is None:
            return None
    return node


def text(node: Node | None) -> str | None:
    """The value of a scalar node that is not null, as text."""
    if isinstance(node, yaml.ScalarNode) and node.tag != NULL_TAG:
        return str(node.value)
    return None


def is_true(node: Node | None) -> bool:
    """Whether a scalar node is a YAML true."""
    return isinstance(node, yaml.ScalarNode) and str(node.value).lower() in ("true", "yes", "on")


def is_nonempty(node: Node | None) -> bool:
    """Whether a node is a non-empty mapping or sequence, or a non-null scalar."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        return bool(node.value)
    return text(node) not in (None, "")


def items(node: Node | None) -> list[Node]:
    """The items of a sequence node, or none."""
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def children(node: Node) -> Iterator[Node]:
    """The direct child nodes of `node` (keys and values of a mapping)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield k
            yield v
    elif isinstance(node, yaml.SequenceNode):
        yield from node.value
