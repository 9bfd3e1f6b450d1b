"""How a generated ConfigMap or Secret joins the objects so far: `behavior` create (the
default: a new object), merge (data and metadata onto the existing one) or replace."""

from __future__ import annotations

from scaffold.model.render.problems import BuildError
from scaffold.model.render.resource import Resource


def absorb(resources: list[Resource], res: Resource, where: str, line: int, column: int) -> None:
    """AbsorbAll of one generated object: appended, or merged into / replacing its namesake."""
    cur = res.cur_id()
    matches = [r for r in resources if any(i.equals(cur) for i in r.all_ids())]
    if not matches:
        if res.behavior in ("merge", "replace"):
            raise BuildError(
                where, f"id {cur} does not exist; cannot merge or replace", line, column
            )
        resources.append(res)
        return
    if len(matches) > 1:
        raise BuildError(
            where, f"found multiple objects that could accept merge of {cur}", line, column
        )
    old = matches[0]
    if res.behavior not in ("merge", "replace"):
        raise BuildError(where, f"id {cur} exists; behavior must be merge or replace", line, column)
    meta = res.meta
    meta["labels"] = {**old.labels(), **res.labels()}
    annotations = {**old.annotations(), **res.annotations()}
    if annotations:
        meta["annotations"] = annotations
    if not meta["labels"]:
        del meta["labels"]
    meta["name"] = old.name
    if old.namespace:
        meta["namespace"] = old.namespace
    else:
        meta.pop("namespace", None)
    if res.behavior == "merge":
        for field_name in ("data", "binaryData"):
            merged = {**(old.obj.get(field_name) or {}), **(res.obj.get(field_name) or {})}
            if merged:
                res.obj[field_name] = merged
    res.prev, res.prefixes, res.suffixes = (
        list(old.prev),
        list(old.prefixes),
        list(old.suffixes),
    )
    res.needs_hash = res.needs_hash and old.needs_hash
    res.behavior = old.behavior
    resources[resources.index(old)] = res
