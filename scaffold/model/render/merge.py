"""Strategic merge patches, as kustomize applies them (kyaml's `merge2` walker, not apimachinery).

Maps merge key by key; a `null` in the patch deletes; a list merges by its merge key only when
the Kubernetes v1.21 schema kyaml embeds gives it a `merge` strategy, and the merged list holds
the patch's elements first, then the target's others. Without a schema (custom resources) a
list in the patch replaces the target's. `$patch: delete|replace|merge` work on maps and lists.
"""

from __future__ import annotations

import functools
from typing import Any, cast

from scaffold.model.render.data import kustomize_data
from scaffold.model.render.problems import NotRendered
from scaffold.model.render.resource import deep_copy

DIRECTIVE = "$patch"
_CLEAR = object()


class MergeError(Exception):
    """A patch whose shape does not fit its target (a map against a list, say)."""


@functools.cache
def _schemas() -> dict[str, Any]:
    merge_keys: dict[str, Any] = kustomize_data()["mergeKeys"]
    return merge_keys


def _resolve(node: dict[str, Any] | None) -> dict[str, Any] | None:
    while node is not None and "ref" in node and "fields" not in node:
        node = _schemas()["definitions"].get(node["ref"])
    return node


def schema_for(api_version: str, kind: str) -> dict[str, Any] | None:
    """The reduced schema of a type, or None when kyaml knows no schema for it."""
    name = _schemas()["types"].get(f"{api_version}/{kind}")
    return _resolve({"ref": name}) if name else None


def _field(schema: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    if schema is None:
        return None
    child = (schema.get("fields") or {}).get(key) or schema.get("map")
    return _resolve(child) if child else None


def field_schema(schema: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """The schema of field `key` of a map typed by `schema` (None when unknown)."""
    return _field(schema, key)


def item_schema(schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """The schema of the elements of a list typed by `schema` (None when unknown)."""
    return _resolve(schema.get("items")) if schema and schema.get("items") else None


def merge_object(dest: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any] | None:
    """`dest` with `patch` merged in (mutated in place); None when the patch deletes it."""
    schema = schema_for(str(dest.get("apiVersion") or ""), str(dest.get("kind") or ""))
    result = _walk(dest, patch, schema)
    return None if result is _CLEAR or result is None else cast(dict[str, Any], result)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "list"
    return "scalar"


def _walk(dest: Any, origin: Any, schema: dict[str, Any] | None, present: bool = True) -> Any:
    first = dest if dest is not None else origin
    kind = _kind(first) if first is not None else "map"
    for value in (dest, origin):
        if value is not None and _kind(value) != kind:
            raise MergeError(f"wrong node kind: expected {kind}, got {_kind(value)}")
    if kind == "map":
        return _walk_map(dest, origin, schema, present)
    if kind == "list":
        return _walk_list(dest, origin, schema, present)
    return origin if present else dest


def _map_directive(origin: Any) -> str:
    if isinstance(origin, dict) and DIRECTIVE in origin:
        value = origin[DIRECTIVE]
        if value not in ("delete", "replace", "merge"):
            raise MergeError(f"unknown patch strategy '{value}'")
        return str(value)
    return "merge"


def _walk_map(dest: Any, origin: Any, schema: dict[str, Any] | None, present: bool) -> Any:
    if dest is None:
        if _map_directive(origin) == "delete" or origin is None:
            return _CLEAR
        dest = deep_copy(origin)
        dest.pop(DIRECTIVE, None)
    elif present and origin is None:
        return _CLEAR
    else:
        directive = _map_directive(origin)
        if directive == "delete":
            return _CLEAR
        if directive == "replace":
            dest = deep_copy(origin)
            dest.pop(DIRECTIVE, None)
    if not isinstance(origin, dict):
        return dest
    # A field the patch does not name keeps its value: kyaml's walk of it changes nothing
    # (an empty `key:` it drops is refused earlier, see build.py).
    for key in origin:
        if key == DIRECTIVE:
            continue
        value = _walk(dest.get(key), origin[key], _field(schema, key))
        if value is _CLEAR or value is None:
            dest.pop(key, None)
        else:
            dest[key] = value
    return dest


def _walk_list(dest: Any, origin: Any, schema: dict[str, Any] | None, present: bool) -> Any:
    if schema is None or "merge" not in str(schema.get("strategy", "")).split(","):
        return origin if present else dest
    if present and origin is None:
        return _CLEAR
    if not present:
        return dest
    directive, origin = _list_directive(origin)
    if directive == "delete":
        return _CLEAR
    if directive == "replace" or dest is None:
        dest = []
    keys = schema.get("keys") or ([schema["key"]] if schema.get("key") else [])
    if not keys:
        return _merge_primitives(dest, origin)
    return _merge_keyed(dest, origin, keys, _resolve(schema.get("items")))


def _list_directive(origin: list[Any]) -> tuple[str, list[Any]]:
    for element in origin:
        if isinstance(element, dict) and DIRECTIVE in element and len(element) == 1:
            value = element[DIRECTIVE]
            if value not in ("delete", "replace", "merge"):
                raise MergeError(f"unknown patch strategy '{value}'")
            return str(value), [e for e in origin if e is not element]
    return "merge", origin


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _merge_primitives(dest: list[Any], origin: list[Any]) -> list[Any]:
    merged: dict[str, Any] = {}
    for value in [*origin, *dest]:
        if isinstance(value, (dict, list)):
            raise NotRendered("a strategic merge of a list mixing scalars and objects")
        merged.setdefault(_text(value), value)
    return list(merged.values())


def _merge_keyed(
    dest: list[Any], origin: list[Any], keys: list[str], schema: dict[str, Any] | None
) -> list[Any]:
    key = keys[0]
    for element in [*dest, *origin]:
        if not isinstance(element, dict) or not element or key not in element:
            raise NotRendered(f"a strategic merge of a list with an element lacking its key {key}")
        if any(element.get(extra) is not None for extra in keys[1:]):
            raise NotRendered(f"a strategic merge of a list keyed by {'+'.join(keys)}")
        if isinstance(element.get(DIRECTIVE), str) and element[DIRECTIVE] != "delete":
            raise NotRendered(f"a $patch: {element[DIRECTIVE]} inside a list element")
    by_dest: dict[str, Any] = {}
    for element in dest:
        if by_dest.setdefault(_text(element[key]), element) is not element:
            raise NotRendered(f"a strategic merge of a list repeating {key} {element[key]}")
    by_origin: dict[str, Any] = {}
    for element in origin:
        by_origin.setdefault(_text(element[key]), element)
    result = []
    for value in dict.fromkeys([*by_origin, *by_dest]):
        if value in by_origin:
            merged = _walk(by_dest.get(value), by_origin[value], schema)
        else:
            merged = by_dest[value]
        if merged is _CLEAR or not merged:
            continue
        result.append(merged)
    return result
