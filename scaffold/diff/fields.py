"""Field changes between two versions of an object, Kubernetes-aware.

Maps compare key by key. List items are matched by their strategic-merge key where
the Kubernetes schema kustomize embeds names one (containers and env by `name`, ports
by `containerPort`...), else by `name` when every item is a map with a unique name,
else by position; so a reordering is one "order changed", not a wall of churn.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scaffold.model.render.merge import field_schema, item_schema, schema_for

ADDED, REMOVED, CHANGED, ORDER = "added", "removed", "changed", "order changed"
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
Schema = dict[str, Any] | None


@dataclass(frozen=True)
class FieldChange:
    """One field of a changed object: where, how, and its old and new (masked) values."""

    path: str
    change: str  # added, removed, changed, order changed
    old: Any = None
    new: Any = None


def object_schema(obj: Mapping[str, Any]) -> Schema:
    """The merge schema of `obj`'s type, None for a type Kubernetes does not define."""
    return schema_for(str(obj.get("apiVersion") or ""), str(obj.get("kind") or ""))


def field_changes(old: Any, new: Any, schema: Schema, path: str = "") -> list[FieldChange]:
    """Every change from `old` to `new`, in the order of `old`'s fields then `new`'s."""
    return list(_diff(old, new, schema, path))


def join(path: str, key: str) -> str:
    """`path.key`, or `path["odd/key"]` for a key that is not a plain word."""
    if _PLAIN_KEY.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _diff(old: Any, new: Any, schema: Schema, path: str) -> Iterator[FieldChange]:
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        yield from _diff_maps(old, new, schema, path)
    elif isinstance(old, list) and isinstance(new, list):
        yield from _diff_lists(old, new, schema, path)
    else:
        yield FieldChange(path, CHANGED, old, new)


def _diff_maps(
    old: Mapping[str, Any], new: Mapping[str, Any], schema: Schema, path: str
) -> Iterator[FieldChange]:
    for key, value in old.items():
        where = join(path, key)
        if key not in new:
            yield FieldChange(where, REMOVED, old=value)
        else:
            yield from _diff(value, new[key], field_schema(schema, key), where)
    for key, value in new.items():
        if key not in old:
            yield FieldChange(join(path, key), ADDED, new=value)


def _diff_lists(old: list[Any], new: list[Any], schema: Schema, path: str) -> Iterator[FieldChange]:
    keys = _merge_keys(old, new, schema)
    if keys:
        yield from _diff_keyed(old, new, keys, item_schema(schema), path)
    elif all(not isinstance(v, (Mapping, list)) for v in [*old, *new]):
        if Counter(map(_token, old)) == Counter(map(_token, new)):
            yield FieldChange(path, ORDER, old, new)
        else:
            yield FieldChange(path, CHANGED, old, new)
    else:
        items = item_schema(schema)
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            yield from _diff(a, b, items, f"{path}[{index}]")
        for index in range(len(new), len(old)):
            yield FieldChange(f"{path}[{index}]", REMOVED, old=old[index])
        for index in range(len(old), len(new)):
            yield FieldChange(f"{path}[{index}]", ADDED, new=new[index])


def _token(value: Any) -> str:
    return f"{type(value).__name__}:{value}"


def _merge_keys(old: list[Any], new: list[Any], schema: Schema) -> tuple[str, ...]:
    declared = tuple(schema.get("keys") or [schema["key"]]) if schema and schema.get("key") else ()
    for keys in (declared, ("name",)):
        if keys and _identifies(old, keys) and _identifies(new, keys):
            return keys
    return ()


def _identifies(items: Sequence[Any], keys: tuple[str, ...]) -> bool:
    seen: set[tuple[str, ...]] = set()
    for item in items:
        if not isinstance(item, Mapping) or item.get(keys[0]) is None:
            return False
        ident = _ident(item, keys)
        if ident in seen:
            return False
        seen.add(ident)
    return True


def _ident(item: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("" if item.get(k) is None else str(item.get(k)) for k in keys)


def _label(item: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    parts = [f"{k}={item[k]}" for k in keys if item.get(k) is not None]
    return "[" + ",".join(parts) + "]"


def _diff_keyed(
    old: list[Any], new: list[Any], keys: tuple[str, ...], items: Schema, path: str
) -> Iterator[FieldChange]:
    old_by = {_ident(item, keys): item for item in old}
    new_by = {_ident(item, keys): item for item in new}
    common_old = [k for k in old_by if k in new_by]
    common_new = [k for k in new_by if k in old_by]
    if common_old != common_new:
        yield FieldChange(
            path, ORDER, [_label(old_by[k], keys) for k in common_old],
            [_label(new_by[k], keys) for k in common_new],
        )  # fmt: skip
    for ident, item in old_by.items():
        where = path + _label(item, keys)
        if ident not in new_by:
            yield FieldChange(where, REMOVED, old=item)
        else:
            yield from _diff(item, new_by[ident], items, where)
    for ident, item in new_by.items():
        if ident not in old_by:
            yield FieldChange(path + _label(item, keys), ADDED, new=item)
