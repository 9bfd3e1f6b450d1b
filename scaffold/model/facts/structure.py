"""Whole-document checks on the node graph: duplicate keys and alias bombs.

The walk is iterative (an explicit stack) and visits each node once, keyed by
identity, so deep nesting never raises RecursionError and an anchor reused a
million times costs one visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import yaml

from scaffold.model.facts.loader import MERGE_TAG
from scaffold.model.facts.nodes import Node, children, position

# Past this many nodes once aliases are expanded, anything that expands the
# document (kustomize, kubectl, a Python YAML load) would blow up.
EXPANSION_LIMIT = 1_000_000


# Mappings whose keys may themselves be secret (a Secret's data, Helm values).
SECRET_HOLDERS = frozenset({"data", "stringData", "values"})


@dataclass(frozen=True)
class DuplicateKey:
    """A key repeated in one mapping: where it is repeated and where it first was."""

    key: str
    position: tuple[int, int]
    first: tuple[int, int]
    # Under data, stringData or values: the key itself may be a secret.
    sensitive: bool = False


def duplicate_keys(mapping: yaml.MappingNode, sensitive: bool = False) -> list[DuplicateKey]:
    """The repeated scalar keys of one mapping node."""
    seen: dict[tuple[str, str], tuple[int, int]] = {}
    found = []
    for key, _ in mapping.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == MERGE_TAG:
            continue
        ident = (key.tag, key.value)
        if ident in seen:
            found.append(DuplicateKey(str(key.value), position(key), seen[ident], sensitive))
        else:
            seen[ident] = position(key)
    return found


def scan(root: Node, anchors: bool = True) -> tuple[list[DuplicateKey], int]:
    """Duplicate keys of every mapping, and how many alias references the graph has.

    Without anchors in the text no node can be shared, so identity tracking is skipped.
    Scalars are never pushed: they hold no keys, and an alias bomb needs collections.
    """
    seen: set[int] | None = set() if anchors else None
    stack = [(root, False)]
    duplicates: list[DuplicateKey] = []
    aliases = 0
    # Every collection of every document passes here: node types by identity, bound once.
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, sensitive = stack.pop()
        if seen is not None:
            if id(node) in seen:
                aliases += 1
                continue
            seen.add(id(node))
        kind = type(node)
        if kind is mapping:
            pairs = node.value
            keys = [k.value if type(k) is scalar else id(k) for k, _ in pairs]
            if len(set(keys)) != len(keys):
                duplicates.extend(duplicate_keys(cast(yaml.MappingNode, node), sensitive))
            for key, value in pairs:
                if type(value) is not scalar:
                    below = sensitive or getattr(key, "value", None) in SECRET_HOLDERS
                    stack.append((value, below))
                if type(key) is not scalar:
                    stack.append((key, sensitive))
        elif kind is sequence:
            stack.extend((v, sensitive) for v in node.value if type(v) is not scalar)
    return duplicates, aliases


def expanded_size(root: Node, limit: int = EXPANSION_LIMIT) -> int:
    """How many nodes the document has once aliases are expanded (capped just past `limit`)."""
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if not done and id(node) in entered:
            # An alias to an ancestor: the expansion never ends.
            sizes[id(node)] = limit + 1
            continue
        entered.add(id(node))
        kids = list(children(node))
        if done:
            sizes[id(node)] = min(limit + 1, 1 + sum(sizes.get(id(k), 0) for k in kids))
            continue
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(root)]
