"""Dependencies before dependents, without recursion.

A chain of nested directories or of kustomization files listing each other can be
thousands of levels deep; following it by recursion raised RecursionError. Builders
visit the chain in this order instead, so each step finds what it needs already built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def post_order(start: str, children: Callable[[str], Iterable[str]]) -> list[str]:
    """`start` and every node it reaches, each after the nodes it reaches first.

    An edge back to a node still being visited (a cycle) is skipped: the caller
    decides what a cycle builds.
    """
    order: list[str] = []
    seen = {start}
    stack: list[tuple[str, Iterable[str]]] = [(start, iter(children(start)))]
    while stack:
        node, pending = stack[-1]
        child = next(iter(pending), None)
        if child is None:
            stack.pop()
            order.append(node)
        elif child not in seen:
            seen.add(child)
            stack.append((child, iter(children(child))))
    return order
