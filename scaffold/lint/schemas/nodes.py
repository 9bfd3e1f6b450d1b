"""What a composed YAML node becomes once decoded: its JSON type and its merged keys."""

from __future__ import annotations

import yaml

from scaffold.lint.schemas.scalars import number, scalar_type

MERGE_TAG = "tag:yaml.org,2002:merge"


def node_type(node: yaml.Node) -> str:
    """The JSON type a node becomes: object, array or a scalar type."""
    if isinstance(node, yaml.MappingNode):
        return "object"
    if isinstance(node, yaml.SequenceNode):
        return "array"
    assert isinstance(node, yaml.ScalarNode)
    return scalar_type(node)


def merged_pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value pairs with `<<` merge keys expanded; keys written in the mapping win."""
    own: list[tuple[yaml.Node, yaml.Node]] = []
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if key.tag != MERGE_TAG:
            own.append((key, value))
            continue
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if isinstance(source, yaml.MappingNode) and source is not node:
                merged.extend(merged_pairs(source))
    written = {key.value for key, _ in own}
    taken: set[str] = set()
    for key, value in merged:
        if key.value not in written and key.value not in taken:
            own.append((key, value))
            taken.add(key.value)
    return own


def whole_number(node: yaml.Node) -> bool:
    """Whether a numeric scalar has no fractional part (`3.0` passes as an integer)."""
    return isinstance(node, yaml.ScalarNode) and float(number(node)).is_integer()
