"""What a composed YAML node becomes once decoded: its JSON type and its merged keys."""

from __future__ import annotations

import yaml

from scaffold.model.schemas.scalars import number, scalar_type

MERGE_TAG = "tag:yaml.org,2002:merge"


def node_type(node: yaml.Node) -> str:
    """The JSON type a node becomes: object, array or a scalar type."""
    if isinstance(node, yaml.MappingNode):
        return "object"
    if isinstance(node, yaml.SequenceNode):
        return "array"
    assert isinstance(node, yaml.ScalarNode)
    return scalar_type(node)


def merged_pairs(
    node: yaml.MappingNode, visiting: frozenset[int] = frozenset()
) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value pairs with `<<` merge keys expanded; keys written in the mapping win."""
    pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
    if all(key.tag != MERGE_TAG for key, _ in pairs):
        return pairs
    own = [(key, value) for key, value in pairs if key.tag != MERGE_TAG]
    written = {key.value for key, _ in own}
    # Anchors can make a mapping merge itself through another; visiting breaks the cycle.
    visiting = visiting | {id(node)}
    for key, value in pairs:
        if key.tag != MERGE_TAG:
            continue
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, yaml.MappingNode) or id(source) in visiting:
                continue
            for merged_key, merged_value in merged_pairs(source, visiting):
                if merged_key.value not in written:
                    own.append((merged_key, merged_value))
                    written.add(merged_key.value)
    return own


def whole_number(node: yaml.Node) -> bool:
    """Whether a numeric scalar has no fractional part (`3.0` passes as an integer)."""
    return isinstance(node, yaml.ScalarNode) and float(number(node)).is_integer()
