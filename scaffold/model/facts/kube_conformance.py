"""A built-in Kubernetes object against the bundled schemas of the configured release, and
the custom resource schemas a CustomResourceDefinition document brings.

Schemas load on the first built-in object a process meets: a repository without one
pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from scaffold.flux.vocabulary import KUSTOMIZE_CONFIG_GROUP
from scaffold.model.facts.conformance import BUNDLED_SUFFIXES
from scaffold.model.facts.documents import SchemaViolation
from scaffold.model.facts.nodes import Node

VALIDATED = "validated"
UNSERVED = "unserved"
# Groups that hold no objects for the API server: kustomize's own files.
NOT_APPLIED = (KUSTOMIZE_CONFIG_GROUP,)


def describe(fields: Mapping[str, Any], root: Node, kubernetes_minor: str | None) -> dict[str, Any]:
    """The `Document` fields of a built-in object's validation, or a CRD's served schemas."""
    api_version, kind = fields.get("api_version"), fields.get("kind")
    if kubernetes_minor is None or not isinstance(root, yaml.MappingNode):
        return {}
    if not api_version or not kind:
        return {}
    group = api_version.rpartition("/")[0]
    if group.endswith(BUNDLED_SUFFIXES) or group in NOT_APPLIED:
        return {}  # Flux and Sealed Secrets kinds: schema-violation checks them
    from scaffold.model.schemas import kubernetes, semantics, sourcemap
    from scaffold.model.schemas.crds import CRD_GROUP, served_schemas

    if group not in kubernetes.builtin_groups() or (not group and api_version != "v1"):
        return {}  # a core-group apiVersion other than v1 is no Kubernetes object (Talos's)
    schema = kubernetes.kind_schema(kubernetes_minor, api_version, kind)
    if schema is None:
        return {"kube_schema": UNSERVED}
    try:
        value, source = sourcemap.decode(root)
    except (sourcemap.TooLarge, RecursionError):
        return {}
    if isinstance(value, dict):
        value.pop("sops", None)  # kustomize-controller decrypts the document and drops it
    found: dict[str, Any] = {"kube_schema": VALIDATED}
    violations = semantics.validate_object(
        value, schema, source, kubernetes.resolver(kubernetes_minor)
    )
    found["kube_violations"] = tuple(
        SchemaViolation(
            v.path, v.line, v.column, v.message, v.hint, required=v.category == "required"
        )
        for v in violations
    )
    if group == CRD_GROUP and kind == "CustomResourceDefinition":
        found["crd_schemas"] = served_schemas(value)
    return found
