"""Composing YAML text into node trees as cheaply as libyaml allows.

libyaml's parser calls back into Python for every node: `resolve` to pick its
tag and `descend_resolver`/`ascend_resolver` for path resolvers. PyYAML's safe
loader registers no path resolvers, so those two do nothing; and the implicit
tag of a plain scalar depends on its text alone, so it is looked up once per
distinct short text. The tags are exactly those of `yaml.CSafeLoader`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.resolver import Resolver

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the pure-Python composer
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


STR_TAG = Resolver.DEFAULT_SCALAR_TAG
SEQ_TAG = Resolver.DEFAULT_SEQUENCE_TAG
MAP_TAG = Resolver.DEFAULT_MAPPING_TAG
# Texts longer than this (certificates, ciphertext) are rarely repeated: not worth keeping.
CACHED_TEXT = 64
CACHE_SIZE = 200_000

_RESOLVER = Resolver()
_PLAIN_TAGS: dict[str, str] = {}


def plain_tag(value: str) -> str:
    """The implicit tag of a plain (unquoted) scalar, as the safe loader resolves it."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = str(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]
        if len(value) <= CACHED_TEXT:
            if len(_PLAIN_TAGS) >= CACHE_SIZE:
                _PLAIN_TAGS.clear()
            _PLAIN_TAGS[value] = tag
    return tag


class NodeLoader(_Parser):
    """A parser that composes nodes and resolves tags, and constructs nothing."""

    def descend_resolver(self, parent: Any, index: Any) -> None:
        """No path resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers are registered: nothing to track."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node without an explicit one."""
        if kind is yaml.ScalarNode:
            return plain_tag(value) if implicit[0] else STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG


def compose_documents(text: str) -> Iterator[yaml.Node | None]:
    """The root node of each document of `text` (None for an empty stream's document)."""
    loader = NodeLoader(text)
    try:
        while loader.check_node():
            yield loader.get_node()
    finally:
        loader.dispose()


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while node trees are built and dropped.

    A node tree holds no reference cycle (aliases share nodes; only an alias to
    its own ancestor loops, and the collector frees that once it runs again), so
    reference counting frees it; left on, the collector rescans every live node
    of a document again and again while it is built, which costs more than
    parsing it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
