"""Name references: after prefixes, suffixes and hashes renamed objects, the fields that name
them follow (kustomize's nameReference transformer and its `nameref` filter)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scaffold.model.render.fieldspec import PathError, apply_spec
from scaffold.model.render.problems import BuildError
from scaffold.model.render.resource import Resource, split_api_version


def _same_ending(a: list[str], b: list[str]) -> bool:
    shortest, longest = (a, b) if len(a) <= len(b) else (b, a)
    if not shortest:
        return len(longest) == 0
    return longest[len(longest) - len(shortest) :] == shortest


def _affixes_equal(res: Resource, referrer: Resource, allow_empty: bool) -> bool:
    if allow_empty:
        prefix = (
            not res.prefixes
            or not referrer.prefixes
            or _same_ending(res.prefixes, referrer.prefixes)
        )
        suffix = (
            not res.suffixes
            or not referrer.suffixes
            or _same_ending(res.suffixes, referrer.suffixes)
        )
        return prefix and suffix
    return _same_ending(res.prefixes, referrer.prefixes) and _same_ending(
        res.suffixes, referrer.suffixes
    )


def _could_refer(referrer: Resource, resources: list[Resource]) -> list[Resource]:
    cur = referrer.cur_id()
    if cur.cluster_scoped:
        return resources
    binding: set[str] = set()
    if referrer.kind == "RoleBinding":
        for subject in referrer.obj.get("subjects") or ():
            if (
                isinstance(subject, dict)
                and subject.get("kind") == "ServiceAccount"
                and isinstance(subject.get("namespace"), str)
            ):
                binding.add(subject["namespace"])
    result = []
    for res in resources:
        rid = res.cur_id()
        if (
            rid.cluster_scoped
            or rid.effective_namespace == cur.effective_namespace
            or res.namespace in binding
        ):
            result.append(res)
    return result


class _Reference:
    """One field spec of a referrer that names objects of `target` (group, version, kind)."""

    def __init__(
        self,
        referrer: Resource,
        spec: dict[str, Any],
        target: dict[str, Any],
        candidates: list[Resource],
    ) -> None:
        self.referrer, self.spec, self.candidates = referrer, spec, candidates
        self.target = (target.get("group", ""), target.get("version", ""), target.get("kind", ""))

    def select(
        self, old: str, candidates: list[Resource], *, with_namespace: bool
    ) -> Resource | None:
        group, version, kind = self.target
        found = [
            r
            for r in candidates
            if any(p.name == old for p in r.prev_ids())
            and any(p.gvk_selected(group, version, kind) for p in r.prev_ids())
        ]
        if str(self.spec.get("path", "")).endswith("roleRef/name"):
            role = self.referrer.obj.get("roleRef")
            if isinstance(role, dict) and "apiGroup" in role and "kind" in role:
                found = [
                    r
                    for r in found
                    if any(
                        p.gvk_selected(str(role["apiGroup"] or ""), "", str(role["kind"] or ""))
                        for p in r.prev_ids()
                    )
                ]
        ref = self.referrer.cur_id()
        if not ref.cluster_scoped:
            found = [
                r
                for r in found
                if r.cur_id().cluster_scoped
                or r.kind == "ServiceAccount"
                or r.cur_id().effective_namespace == ref.effective_namespace
            ]
        if len(found) == 1:
            return found[0]
        found = [r for r in found if _affixes_equal(r, self.referrer, True)]
        if len(found) > 1:
            found = [r for r in found if _affixes_equal(r, self.referrer, False)]
        if len(found) == 1:
            return found[0]
        if not found:
            return None
        first = found[0]
        if all(
            r.name == first.name and (not with_namespace or r.namespace == first.namespace)
            for r in found
        ):
            return first
        ids = ", ".join(str(r.cur_id()) for r in found)
        raise BuildError(self.referrer.source, f"found multiple possible referrals: {ids}")

    def set(self, node: dict[str, Any], key: str) -> None:
        value = node[key]
        if isinstance(value, list):
            for index, element in enumerate(value):
                self._one(value, index, element)
        else:
            self._one(node, key, value)

    def _one(self, container: Any, key: Any, value: Any) -> None:
        if isinstance(value, dict):
            self._mapping(value)
        elif isinstance(value, str):
            referral = self.select(value, self.candidates, with_namespace=False)
            if referral is not None:
                container[key] = referral.name

    def _mapping(self, node: dict[str, Any]) -> None:
        if "name" not in node:
            raise BuildError(self.referrer.source, "path config error; no 'name' field in node")
        candidates = self.candidates
        if "namespace" in node:
            namespace = node["namespace"]
            by_org = [r for r in candidates if r.org_id().effective_namespace == namespace]
            candidates = by_org or [
                r for r in candidates if r.cur_id().effective_namespace == namespace
            ]
        referral = self.select(str(node["name"]), candidates, with_namespace=True)
        if referral is None:
            return
        if referral.name == node["name"] and not referral.namespace:
            return
        node["name"] = referral.name
        if referral.namespace:
            node["namespace"] = referral.namespace


def fix_references(resources: list[Resource], back_refs: Sequence[dict[str, Any]]) -> None:
    """Rewrite every name reference to an object renamed during the build."""
    renamed = any(r.prev for r in resources)
    if not renamed:
        return
    for back_ref in back_refs:
        for spec in back_ref.get("fieldSpecs") or ():
            for res in resources:
                org = res.org_id()
                if not org.gvk_selected(
                    spec.get("group", ""), spec.get("version", ""), spec.get("kind", "")
                ):
                    continue
                reference = _Reference(res, spec, back_ref, _could_refer(res, resources))
                group, version = split_api_version(res.api_version)
                current = {**spec, "kind": res.kind, "group": group, "version": version}
                try:
                    apply_spec(res.obj, {**current, "create": False}, None, reference.set)
                except PathError as exc:
                    raise BuildError(res.source, f"updating name reference: {exc}") from exc
