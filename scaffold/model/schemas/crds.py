"""Schemas of custom resources from the CustomResourceDefinitions a repository applies."""

from __future__ import annotations

import json
from typing import Any

CRD_GROUP = "apiextensions.k8s.io"
# What validation never reads: documentation, defaults and CEL rules are most of the bytes.
DROPPED = frozenset(
    {"description", "default", "example", "externalDocs", "x-kubernetes-validations"}
)


def reduced(schema: Any) -> Any:
    """A schema without the keywords validation never reads, recursively.

    `properties` names fields, so a field called `description` is kept."""
    if isinstance(schema, list):
        return [reduced(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in DROPPED:
            continue
        if key == "properties" and isinstance(value, dict):
            result[key] = {name: reduced(sub) for name, sub in value.items()}
        else:
            result[key] = reduced(value)
    return result


def served_schemas(crd: Any) -> tuple[tuple[str, str, str], ...]:
    """(apiVersion, kind, schema as JSON) of each served version of a decoded CRD."""
    spec = crd.get("spec") if isinstance(crd, dict) else None
    if not isinstance(spec, dict):
        return ()
    group, names = spec.get("group"), spec.get("names")
    kind = names.get("kind") if isinstance(names, dict) else None
    versions = spec.get("versions")
    if not isinstance(group, str) or not isinstance(kind, str) or not isinstance(versions, list):
        return ()
    found = []
    for version in versions:
        if not isinstance(version, dict) or not version.get("served", False):
            continue
        schema = (version.get("schema") or {}).get("openAPIV3Schema")
        if isinstance(schema, dict) and isinstance(version.get("name"), str):
            text = json.dumps(reduced(schema), sort_keys=True, separators=(",", ":"))
            found.append((f"{group}/{version['name']}", kind, text))
    return tuple(found)
