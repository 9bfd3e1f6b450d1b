"""The `${VAR}` substitutions a document asks Flux postBuild for: names and places only.

Flux substitutes the built YAML, so comments never count; `$${VAR}` is an escape
for a literal `${VAR}`, and `${VAR:=x}` / `${VAR:-x}` carry their own default.
"""

from __future__ import annotations

import re

import yaml

from scaffold.model.facts.nodes import Node, position

# An escaped `$${`, or a variable with an optional operator after its name.
VARIABLE = re.compile(r"\$\$\{|\$\{([_a-zA-Z][_a-zA-Z0-9]*)(:?[-=+?][^}]*)?\}")


def names(value: str) -> list[str]:
    """The variables without a default that `value` refers to."""
    return [m.group(1) for m in VARIABLE.finditer(value) if m.group(1) and not m.group(2)]


def used(root: Node) -> tuple[tuple[str, tuple[int, int]], ...]:
    """(name, position) of every variable without default in the scalars of `root`."""
    found: list[tuple[str, tuple[int, int]]] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            value = str(node.value)
            if "${" in value:
                found.extend((name, position(node)) for name in names(value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return tuple(sorted(found, key=lambda item: item[1]))
