"""Following a path of a rendered object into a document that wrote part of it.

A strategic-merge patch and the resource document hold the object's shape: a list that
strategic merge merges is followed by its merge key (merged lists put the patch's
elements first, so indexes move), any other list by index. A JSON 6902 patch writes the
value of an `add` or `replace` at its pointer. Values are compared as JSON values.
"""

from __future__ import annotations

import re
from typing import Any

from scaffold.model.render.merge import field_schema, item_schema
from scaffold.model.schemas.messages import JsonPath

MISSING = object()
_VARIABLE = re.compile(r"\$\{[^}]*\}")
Hit = tuple[JsonPath, Any]


def follow_object(
    source: Any, obj: Any, schema: dict[str, Any] | None, path: JsonPath
) -> Hit | None:
    """The path and value in `source` of what became the value at `path` of `obj` (whose
    strategic-merge schema is `schema`), if `source` holds it."""
    rendered: Any = obj
    out: list[str | int] = []
    for segment in path:
        if isinstance(segment, int):
            if not isinstance(source, list) or not isinstance(rendered, list):
                return None
            element = rendered[segment] if segment < len(rendered) else MISSING
            index = _counterpart(source, element, segment, schema)
            if index is None:
                return None
            source, rendered, schema = source[index], element, item_schema(schema)
            out.append(index)
        else:
            if not isinstance(source, dict) or segment not in source:
                return None
            source = source[segment]
            rendered = rendered.get(segment) if isinstance(rendered, dict) else None
            schema = field_schema(schema, segment)
            out.append(segment)
    return tuple(out), source


def follow_operations(operations: Any, path: JsonPath) -> Hit | None:
    """The value a JSON 6902 `add` or `replace` wrote at `path` (the last one's), if any."""
    if not isinstance(operations, list):
        return None
    for number in range(len(operations) - 1, -1, -1):
        op = operations[number]
        if not isinstance(op, dict) or op.get("op") not in ("add", "replace") or "value" not in op:
            continue
        pointer = op.get("path")
        if not isinstance(pointer, str):
            continue
        steps = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
        if len(steps) > len(path) or not all(
            step == str(segment) or (step == "-" and isinstance(segment, int))
            for step, segment in zip(steps, path, strict=False)
        ):
            continue
        value = op["value"]
        out: list[str | int] = [number, "value"]
        for segment in path[len(steps) :]:
            value = value_at(value, (segment,))
            if value is MISSING:
                break
            out.append(segment)
        else:
            return tuple(out), value
    return None


def _merge_keys(schema: dict[str, Any] | None) -> list[str] | None:
    """The merge keys of a list strategic merge merges; None for one it replaces."""
    if schema is None or "merge" not in str(schema.get("strategy", "")).split(","):
        return None
    return list(schema.get("keys") or ([schema["key"]] if schema.get("key") else []))


def _counterpart(
    source: list[Any], element: Any, index: int, schema: dict[str, Any] | None
) -> int | None:
    """The index in `source` of the element that became `element` (at `index`)."""
    keys = _merge_keys(schema)
    if keys and isinstance(element, dict) and keys[0] in element:
        wanted = text(element[keys[0]])
        for position, item in enumerate(source):
            if isinstance(item, dict) and keys[0] in item and text(item[keys[0]]) == wanted:
                return position
        return None
    if keys is not None and not keys and not isinstance(element, (dict, list)):
        return next((i for i, item in enumerate(source) if equal(item, element)), None)
    return index if index < len(source) else None


def value_at(value: Any, path: JsonPath) -> Any:
    """The value at `path` in a JSON-like tree, or MISSING."""
    for segment in path:
        if isinstance(segment, int):
            if not isinstance(value, list) or segment >= len(value):
                return MISSING
        elif not isinstance(value, dict) or segment not in value:
            return MISSING
        value = value[segment]
    return value


def equal(a: Any, b: Any) -> bool:
    """Equal as JSON values (`1` is not `true`, `3` is not `"3"`)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def text(value: Any) -> str:
    """A scalar as it reads in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def substituted_from(written: Any, value: Any) -> bool:
    """Whether a string holding `${VAR}` may have become `value` by substitution."""
    if not isinstance(written, str) or "${" not in written or equal(written, value):
        return False
    pattern = ".*".join(re.escape(part) for part in _VARIABLE.split(written))
    return re.fullmatch(pattern, text(value), re.DOTALL) is not None
