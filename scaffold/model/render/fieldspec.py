"""Field specs: the paths a transformer touches, walked as kustomize's fieldspec filter walks them.

A spec is `{path, kind?, group?, version?, create?}`; `a/b[]/c` visits every element of a list on
the way (`[]` only says "do not create this list"); `\\/` escapes a slash inside a key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scaffold.model.render.problems import NotRendered
from scaffold.model.render.resource import split_api_version

Setter = Callable[[dict[str, Any], str], None]
_SPLIT = re.compile(r"(?<!\\)/")


class PathError(Exception):
    """A field spec meets a scalar where it needs a map or a list."""


def split_path(path: str) -> list[str]:
    """The segments of a field-spec path."""
    return [part.replace("\\/", "/") for part in _SPLIT.split(path)]


def spec_matches(spec: dict[str, Any], obj: dict[str, Any]) -> bool:
    """Whether a field spec's kind, group and version select `obj`."""
    kind = spec.get("kind")
    if kind and kind != obj.get("kind"):
        return False
    group, version = split_api_version(str(obj.get("apiVersion") or ""))
    if spec.get("group") and spec["group"] != group:
        return False
    return not (spec.get("version") and spec["version"] != version)


def apply_spec(
    obj: dict[str, Any], spec: dict[str, Any], create: str | None, setter: Setter
) -> None:
    """Call `setter(container, key)` for every field `spec` reaches in `obj`.

    `create` is the kind of node made where the last field is missing ("scalar" or "map") when
    the spec says `create: true`; intermediate maps are made then too.
    """
    if not spec_matches(spec, obj):
        return
    parts = split_path(str(spec.get("path", "")))
    _walk(obj, parts, create if spec.get("create") else None, setter)


def _walk(node: Any, parts: list[str], create: str | None, setter: Setter) -> None:
    if node is None:
        return
    if isinstance(node, list):
        for element in node:
            _walk(element, parts, create, setter)
        return
    if not isinstance(node, dict):
        raise PathError("expected sequence or mapping node")
    head, rest = parts[0], parts[1:]
    name = head[:-2] if head.endswith("[]") else head
    if not name:
        raise PathError("cannot set or create an empty field name")
    creating = create is not None and not head.endswith("[]")
    if name not in node:
        if not creating:
            return
        node[name] = ("" if create == "scalar" else {}) if not rest else {}
    elif node[name] is None and creating:
        node[name] = ("" if create == "scalar" else {}) if not rest else {}
    if not rest:
        if node[name] is None:
            raise NotRendered(f"a field spec reaching a null value at {name}")
        setter(node, name)
        return
    _walk(node[name], rest, create, setter)
