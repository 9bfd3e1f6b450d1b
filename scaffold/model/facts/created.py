"""What a producer yields: the (kind, name, namespace) of an object its cluster creates.

Shared by the table of `scaffold.model.facts.producers` and the modules it merges in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scaffold.model.facts.nodes import Node

# (kind, name, namespace): None is the producer's own namespace, ANYWHERE every one.
Created = tuple[str, str, str | None]
ANYWHERE = "*"

Producer = Callable[[Node, str], Iterator[Created]]


def secret(name: str | None, namespace: str | None = None) -> Iterator[Created]:
    """A Secret of `name`, when there is one, in `namespace` (None: the producer's own)."""
    if name:
        yield "Secret", name, namespace
