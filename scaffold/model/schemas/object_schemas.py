"""The schema the API server checks one object against, by its apiVersion and kind.

A built-in kind has the bundled schema of the configured release (none at an apiVersion
the release does not serve); a custom kind has the served version's schema of a CRD the
repository applies, with `metadata` checked as any object's. Flux and Sealed Secrets kinds
are schema-violation's, kustomize's own files are no objects: neither is looked up here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from scaffold.flux.vocabulary import KUSTOMIZE_CONFIG_GROUP
from scaffold.model.facts.conformance import BUNDLED_SUFFIXES
from scaffold.model.facts.loader import Loader

if TYPE_CHECKING:  # the validators load on the first object validated, never before
    from scaffold.model.schemas.validate import Violation

Schema = dict[str, Any]
# What `schema_of` says of an object besides its schema
BUILTIN = "builtin"
CUSTOM = "custom"
UNSERVED = "unserved"
NO_SCHEMA = "none"
NOT_OURS = "not ours"


def is_ours(api_version: str) -> bool:
    """Whether objects of this apiVersion are this validation's (not Flux's, not kustomize's)."""
    group = api_version.rpartition("/")[0]
    return not group.endswith(BUNDLED_SUFFIXES) and group != KUSTOMIZE_CONFIG_GROUP


def schema_of(
    api_version: str, kind: str, minor: str, crds: Mapping[tuple[str, str], str]
) -> tuple[str, Schema | None]:
    """(BUILTIN, CUSTOM, UNSERVED, NO_SCHEMA or NOT_OURS, the schema to check it against)."""
    from scaffold.model.schemas import kubernetes

    if not api_version or not kind or not is_ours(api_version):
        return NOT_OURS, None
    group = api_version.rpartition("/")[0]
    if group in kubernetes.builtin_groups() and (group or api_version == "v1"):
        schema = kubernetes.kind_schema(minor, api_version, kind)
        return (BUILTIN, schema) if schema is not None else (UNSERVED, None)
    text = crds.get((api_version, kind))
    if text is None:
        return NO_SCHEMA, None
    return CUSTOM, custom_schema(text)


@cache
def custom_schema(text: str) -> Schema:
    """A CRD version's schema (JSON text) as the API server checks a custom resource."""
    from scaffold.model.schemas import kubernetes

    schema: Schema = json.loads(text)
    # The API server checks a custom resource's metadata as any object's.
    schema.setdefault("properties", {})["metadata"] = {"$ref": kubernetes.OBJECT_META}
    for key in ("apiVersion", "kind"):
        schema["properties"].setdefault(key, {"type": "string"})
    return schema


def custom_resource_violations(text: str, index: int, schema: str, minor: str) -> list[Violation]:
    """The violations of document `index` of a file's `text` against a CRD version's schema,
    read with the API server's YAML 1.1 typing."""
    import yaml

    from scaffold.model.schemas import kubernetes, semantics, sourcemap

    try:
        roots = list(yaml.compose_all(text, Loader=Loader))
        value, source = sourcemap.decode(roots[index])
    except (yaml.YAMLError, IndexError, RecursionError, sourcemap.TooLarge):
        return []
    return semantics.validate_object(
        value, custom_schema(schema), source, kubernetes.resolver(minor)
    )


def served_instead(api_version: str, kind: str, minor: str) -> list[str]:
    """The apiVersions the release serves `kind` at in the same group, as mature as the one
    written or more (a removed one is removed-kubernetes-api's: none then)."""
    from scaffold.model.schemas.kubernetes import served_api_versions, version_priority
    from scaffold.model.schemas.removed_apis import removal

    if removal(api_version, kind, minor) is not None:
        return []  # removed-kubernetes-api names the release and the replacement
    written = version_priority(api_version.rpartition("/")[2])
    group = api_version.rpartition("/")[0]
    return sorted(
        v
        for v, kinds in served_api_versions(minor).items()
        if kind in kinds and v.rpartition("/")[0] == group
        and version_priority(v.rpartition("/")[2]) >= written
    )
