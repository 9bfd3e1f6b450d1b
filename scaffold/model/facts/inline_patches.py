"""Duplicate keys inside inline kustomize patches, placed on the file's own lines.

An inline patch (`patches[].patch` of a kustomization.yaml, of a Flux Kustomization
or of a HelmRelease's kustomize post-renderer) is YAML inside a string: the file's
parse never sees its keys, but kustomize parses it and rejects a repeated key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import yaml

from scaffold.model.facts import structure
from scaffold.model.facts.loader import Loader
from scaffold.model.facts.nodes import Node, children, get, items, position, text

# A patch is a few kilobytes; a larger string is data, not a patch.
MAX_PATCH = 100_000


def duplicate_keys(root: Node, source: str) -> list[structure.DuplicateKey]:
    """The repeated keys of every inline patch of `root`, at their lines in `source`."""
    found: list[structure.DuplicateKey] = []
    for patch in _inline_patches(root):
        value = text(patch)
        if not value or len(value) > MAX_PATCH:
            continue
        try:
            documents = list(yaml.compose_all(value, Loader=Loader))
        except yaml.YAMLError:
            continue
        place = _placer(patch, source)
        for document in documents:
            if document is None:
                continue
            duplicates, _ = structure.scan(document, "&" in value)
            found.extend(
                replace(dup, position=place(dup.position), first=place(dup.first))
                for dup in duplicates
            )
    return found


def _inline_patches(root: Node) -> Iterator[Node]:
    """Each `patch` string of an item of a `patches` list, at any depth."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for item in items(get(node, "patches")):
                patch = get(item, "patch")
                if isinstance(patch, yaml.ScalarNode):
                    yield patch
        stack.extend(c for c in children(node) if not isinstance(c, yaml.ScalarNode))


Place = Callable[[tuple[int, int]], tuple[int, int]]


def _placer(patch: Node, source: str) -> Place:
    """Map a (line, column) inside a literal block patch to the file; anything else is
    reported where the patch string starts."""
    start = position(patch)
    if getattr(patch, "style", None) != "|":
        return lambda _: start
    lines = source.splitlines()
    first = start[0]  # the line after the `|` indicator is the patch's line 1
    body = [line for line in lines[first : first + 1000] if line.strip()]
    indent = len(body[0]) - len(body[0].lstrip(" ")) if body else 0
    return lambda at: (first + at[0], indent + at[1])
