"""`replacements`: copy a field of one object into fields of others (kustomize's replacement
filter). Paths are dotted, with `[key=value]` list selectors and numeric indexes."""

from __future__ import annotations

import re
from typing import Any

from scaffold.model.render.problems import BuildError, NotRendered
from scaffold.model.render.resource import ResId, Resource
from scaffold.model.render.selectors import matches_selectors

_PART = re.compile(r"\[[^\]]*\]|[^.\[\]]+")


def split_field_path(path: str) -> list[str]:
    """`a.b[c=d].e` or `a.b.[c=d].e` as its segments."""
    return _PART.findall(path)


def _selected_by(rid: ResId, selector: dict[str, Any]) -> bool:
    if selector.get("name") and selector["name"] != rid.name:
        return False
    if selector.get("namespace"):
        other = ResId(rid.group, rid.version, rid.kind, "", str(selector["namespace"]))
        if other.effective_namespace != rid.effective_namespace:
            return False
    return rid.gvk_selected(
        str(selector.get("group") or ""),
        str(selector.get("version") or ""),
        str(selector.get("kind") or ""),
    )


def _lookup(node: Any, parts: list[str], create: bool) -> list[tuple[Any, Any]]:
    """(container, key) of every field the path reaches."""
    head, rest = parts[0], parts[1:]
    found: list[tuple[Any, Any]] = []
    if head.startswith("["):
        key, _, value = head[1:-1].partition("=")
        if not isinstance(node, list):
            return []
        matches = [
            i for i, e in enumerate(node) if isinstance(e, dict) and _text(e.get(key)) == value
        ]
        if not matches and create:
            raise NotRendered("a replacement creating a list element")
        pairs: list[tuple[Any, Any]] = [(node, i) for i in matches]
    elif isinstance(node, list):
        if head == "*":
            pairs = [(node, i) for i in range(len(node))]
        elif head.isdigit() and int(head) < len(node):
            pairs = [(node, int(head))]
        else:
            return []
    elif isinstance(node, dict):
        if head not in node or node[head] is None:
            if not create:
                return []
            node[head] = {} if rest else None
        pairs = [(node, head)]
    else:
        return []
    for container, key in pairs:
        if rest:
            found += _lookup(container[key], rest, create)
        else:
            found.append((container, key))
    return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _retype(text: str, old: Any) -> Any:
    """A scalar written into a scalar field keeps the field's YAML type."""
    if isinstance(old, str) or old is None:
        return text
    if isinstance(old, bool):
        if text in ("true", "false"):
            return text == "true"
    elif isinstance(old, int):
        if re.fullmatch(r"[-+]?[0-9]+", text):
            return int(text)
    elif isinstance(old, float) and re.fullmatch(r"[-+]?[0-9.eE+-]+", text):
        return float(text)
    raise NotRendered(f"a replacement writing a string into a {type(old).__name__} field")


def _source_value(resources: list[Resource], spec: dict[str, Any], where: str) -> Any:
    source = spec.get("source")
    if not isinstance(source, dict):
        raise BuildError(where, "replacements must specify a source and at least one target")
    matches = [r for r in resources if any(_selected_by(i, source) for i in r.all_ids())]
    if len(matches) != 1:
        what = "nothing selected by" if not matches else "multiple matches for selector"
        raise BuildError(where, f"replacements: {what} {source}")
    path = str(source.get("fieldPath") or "metadata.name")
    found = _lookup(matches[0].obj, split_field_path(path), False)
    if not found or found[0][0][found[0][1]] in (None, "", {}, []):
        raise BuildError(where, f"fieldPath `{path}` is missing for replacement source")
    value = found[0][0][found[0][1]]
    options = source.get("options") or {}
    if options.get("delimiter"):
        if isinstance(value, (dict, list)):
            raise BuildError(where, "delimiter option can only be used with scalar nodes")
        pieces = _text(value).split(str(options["delimiter"]))
        index = int(options.get("index") or 0)
        if not 0 <= index < len(pieces):
            raise BuildError(where, f"options.index {index} is out of bounds")
        value = pieces[index]
    return value


def apply_replacements(resources: list[Resource], specs: list[dict[str, Any]], where: str) -> None:
    """Every replacement, in order, over `resources` (mutated)."""
    for spec in specs:
        value = _source_value(resources, spec, where)
        for target in spec.get("targets") or ():
            _apply_target(resources, value, target, where)


def _apply_target(
    resources: list[Resource], value: Any, target: dict[str, Any], where: str
) -> None:
    select = target.get("select")
    if not isinstance(select, dict):
        raise BuildError(where, "target must specify resources to select")
    rejects = [r for r in target.get("reject") or () if isinstance(r, dict)]
    options = target.get("options") or {}
    for res in resources:
        ids = res.all_ids()
        if not matches_selectors(res, select, where):
            continue
        if any(
            (r.get("labelSelector") or r.get("annotationSelector"))
            and matches_selectors(res, r, where)
            for r in rejects
        ):
            continue
        if not any(_selected_by(i, select) for i in ids):
            continue
        if any(
            any(_selected_by(i, r) for i in ids)
            for r in rejects
            if any(r.get(k) for k in ("group", "version", "kind", "name", "namespace"))
        ):
            continue
        for path in target.get("fieldPaths") or ["metadata.name"]:
            fields = _lookup(res.obj, split_field_path(str(path)), bool(options.get("create")))
            if not fields:
                raise BuildError(where, f"unable to find field {path!r} in replacement target")
            for container, key in fields:
                container[key] = _new_value(container[key], value, options, where)


def _new_value(old: Any, value: Any, options: dict[str, Any], where: str) -> Any:
    if options.get("delimiter"):
        if isinstance(old, (dict, list)):
            raise BuildError(where, "delimiter option can only be used with scalar nodes")
        pieces = _text(old).split(str(options["delimiter"]))
        index = int(options.get("index") or 0)
        if index < 0:
            pieces.insert(0, _text(value))
        elif index >= len(pieces):
            pieces.append(_text(value))
        else:
            pieces[index] = _text(value)
        return _retype(str(options["delimiter"]).join(pieces), old)
    if isinstance(value, (dict, list)) or isinstance(old, (dict, list)) or old is None:
        return value
    return _retype(_text(value), old)
