"""A Flux object against the bundled CRD schema of the configured Flux release, and the
kinds a document's patches target (a patch may add a field the object leaves out).

Schemas load on the first Flux object a process meets, never before: a repository
without one pays nothing for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from scaffold.flux.vocabulary import KUSTOMIZE_CONFIG_GROUP, KUSTOMIZE_GROUP
from scaffold.model.facts.documents import SchemaViolation
from scaffold.model.facts.nodes import Node, get, items, text

# Groups whose schemas are bundled end in one of these; anything else is never looked up.
BUNDLED_SUFFIXES = (".fluxcd.io", "bitnami.com")
ANY_KIND = "*"
_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_BODY_KIND = re.compile(r"^kind:\s*['\"]?([A-Za-z][A-Za-z0-9]*)", re.M)


def describe(
    fields: Mapping[str, Any], root: Node, flux_minor: str | None, kustomization_file: bool
) -> dict[str, Any]:
    """The `Document` fields of a document with `fields` so far: its schema violations
    (unless flux_minor is None) and the kinds its patches target."""
    found: dict[str, Any] = {}
    api_version, kind = fields.get("api_version"), fields.get("kind")
    group = api_version.rsplit("/", 1)[0] if api_version and "/" in api_version else ""
    if flux_minor is not None and api_version and kind:
        found.update(check_schema(group, api_version, kind, root, flux_minor))
    is_kustomize = kustomization_file or group == KUSTOMIZE_CONFIG_GROUP
    if is_kustomize and isinstance(root, yaml.MappingNode):
        found["patch_kinds"] = _patch_kinds(root)
    elif kind == "Kustomization" and group == KUSTOMIZE_GROUP:
        found["patch_kinds"] = _patch_kinds(get(root, "spec"))
    return found


def check_schema(
    group: str, api_version: str, kind: str, root: Node, flux_minor: str
) -> dict[str, Any]:
    """Whether a schema serves `api_version` and `kind`, and the violations of `root`,
    when its group has bundled schemas."""
    if not group.endswith(BUNDLED_SUFFIXES):
        return {}
    from scaffold.model.schemas import bundle, validate

    if group not in bundle.groups(flux_minor):
        return {}
    schema = bundle.load_schema(flux_minor, api_version, kind)
    if schema is None:
        return {"schema_served": False}
    violations = tuple(
        SchemaViolation(
            v.path, v.line, v.column, v.message, v.hint, required=v.category == validate.REQUIRED
        )
        for v in validate.validate_node(root, schema)
        # The parser reports repeated keys (duplicate-key) for every file already.
        if v.category != validate.DUPLICATE
    )
    return {"schema_served": True, "schema_violations": violations}


def _patch_kinds(owner: Node | None) -> tuple[str, ...]:
    """The kinds the `patches` (and older patch fields) of a kustomization target."""
    found: set[str] = set()
    for item in [*items(get(owner, "patches")), *items(get(owner, "patchesJson6902"))]:
        target = get(item, "target")
        if isinstance(target, yaml.MappingNode):
            found.add(_kind_or_any(text(get(target, "kind"))))
        elif get(item, "patch") is not None:
            found.add(_body_kind(text(get(item, "patch"))))
        # A patch given only by `path` is a file of its own, whose kind the rule reads.
    for item in items(get(owner, "patchesStrategicMerge")):
        body = text(item) or ""
        if "\n" in body:  # an inline patch, not a file name
            found.add(_body_kind(body))
    return tuple(sorted(found))


def _kind_or_any(kind: str | None) -> str:
    # No kind, or a regular expression, may select any kind.
    return kind if kind and _KIND.fullmatch(kind) else ANY_KIND


def _body_kind(body: str | None) -> str:
    match = _BODY_KIND.search(body or "")
    return match[1] if match else ANY_KIND
