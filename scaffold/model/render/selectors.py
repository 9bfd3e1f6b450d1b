"""Selecting objects: patch targets (regular expressions on ids) and label/annotation selectors."""

from __future__ import annotations

import re
from typing import Any

from scaffold.model.render.problems import BuildError
from scaffold.model.render.resource import Resource

_REQUIREMENT = re.compile(
    r"\s*(?P<not>!)?\s*(?P<key>[A-Za-z0-9_./-]+)\s*"
    r"(?:(?P<op>==|=|!=)\s*(?P<value>[A-Za-z0-9_.-]*)"
    r"|\s(?P<set>in|notin)\s*\((?P<values>[^)]*)\))?\s*(?:,|$)"
)


def parse_selector(text: str, where: str) -> list[tuple[str, str, list[str]]]:
    """A Kubernetes label selector as (key, operator, values) requirements."""
    requirements: list[tuple[str, str, list[str]]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _REQUIREMENT.match(text, position)
        if not match or match.end() == position:
            raise BuildError(where, f"unable to parse requirement in selector {text!r}")
        position = match.end()
        key = match["key"]
        if match["not"]:
            if match["op"] or match["set"]:
                raise BuildError(where, f"invalid selector {text!r}")
            requirements.append((key, "!", []))
        elif match["op"]:
            requirements.append((key, "!=" if match["op"] == "!=" else "=", [match["value"]]))
        elif match["set"]:
            values = [v.strip() for v in match["values"].split(",") if v.strip()]
            requirements.append((key, match["set"], values))
        else:
            requirements.append((key, "exists", []))
    return requirements


def matches_selector(entries: dict[str, Any], text: str, where: str) -> bool:
    """Whether a labels (or annotations) map satisfies a selector; an empty selector does."""
    if not text:
        return True
    for key, op, values in parse_selector(text, where):
        present = key in entries
        value = "" if entries.get(key) is None else str(entries.get(key))
        ok = {
            "exists": present,
            "!": not present,
            "=": present and value == values[0],
            "!=": not present or value != values[0],
            "in": present and value in values,
            "notin": not present or value not in values,
        }[op]
        if not ok:
            return False
    return True


def matches_selectors(res: Resource, selector: dict[str, Any], where: str) -> bool:
    """The label and annotation selectors of a selector mapping."""
    return matches_selector(
        res.labels(), str(selector.get("labelSelector") or ""), where
    ) and matches_selector(res.annotations(), str(selector.get("annotationSelector") or ""), where)


def _anchored(pattern: Any, where: str) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(f"^(?:{pattern})$")
    except re.error as exc:
        raise BuildError(where, f"invalid regular expression {pattern!r} in target") from exc


def select(resources: list[Resource], target: dict[str, Any], where: str) -> list[Resource]:
    """The objects a patch `target` selects (name and namespace by original or current id)."""
    fields = {
        f: _anchored(target.get(f), where)
        for f in ("group", "version", "kind", "name", "namespace")
    }
    chosen = []
    for res in resources:
        cur, org = res.cur_id(), res.org_id()
        space = fields["namespace"]
        if space and not (
            space.match(org.effective_namespace) or space.match(cur.effective_namespace)
        ):
            continue
        name = fields["name"]
        if name and not (name.match(org.name) or name.match(cur.name)):
            continue
        wanted = [(fields[f], getattr(cur, f)) for f in ("group", "version", "kind")]
        if any(p is not None and not p.match(value) for p, value in wanted):
            continue
        if matches_selectors(res, target, where):
            chosen.append(res)
    return chosen
