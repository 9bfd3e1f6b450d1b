"""Read one Kubernetes release's definitions from either layout they are published in.

Both readers give the same reduced form: per definition the types, properties, required,
items, additionalProperties, enums and the Kubernetes extensions listed in KEYWORDS, and
the kinds each served apiVersion has.

- OpenAPI v3, as kubernetes/kubernetes serves `/openapi/v3` and keeps it in
  `api/openapi-spec/v3/`: `api/v1.json` and `apis/<group>/<version>.json`.
- JSON Schema, as the kubernetes-validate package ships kubernetes-json-schema
  (`kubernetes_validate/kubernetes-json-schema/v1.N.0-local/`): `_definitions.json`,
  whose `$defs` are the release's OpenAPI v2 definitions spelt as JSON Schema.
  That spelling adds "null" to the type of every optional field and an enum of the
  served values to a kind's `apiVersion` and `kind`; both are taken back out, so a
  definition reads as it does in the v3 documents, and the kinds that are only a
  subresource's body are not counted as served (SUBRESOURCE_KINDS).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REF_PREFIX = "#/components/schemas/"
# The JSON Schema layout refers within _definitions.json, and from a kind's own file into it.
JSON_SCHEMA_REF_PREFIXES = ("#/$defs/", "/api/_definitions.json#/$defs/")
KEYWORDS = (
    "type",
    "required",
    "enum",
    "nullable",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-int-or-string",
    "x-kubernetes-patch-merge-key",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
)
# Definitions whose published form (a oneOf of types) stands for a Kubernetes value format.
SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"x-kubernetes-int-or-string": True},
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {"format": "quantity"},
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": {
        "x-kubernetes-preserve-unknown-fields": True
    },
}
# Kinds that are only ever a subresource's body (pods/eviction, serviceaccounts/token,
# <workload>/scale). The v3 documents name them in the group whose resource has the
# subresource, so the v3 reader never counts them as served; the JSON Schema layout
# has one file of definitions and cannot tell. Checked against every kind without a
# List kind: the others (Binding, the reviews) are resources of their own group.
SUBRESOURCE_KINDS = frozenset(
    {
        ("authentication.k8s.io/v1", "TokenRequest"),
        ("autoscaling/v1", "Scale"),
        ("policy/v1", "Eviction"),
    }
)
Definitions = dict[str, Any]
Kinds = dict[str, dict[str, str]]


def reduce_node(schema: dict[str, Any]) -> dict[str, Any]:
    """Keep what validation and merging read from one OpenAPI v3 schema node, recursively."""
    reduced: dict[str, Any] = {k: schema[k] for k in KEYWORDS if k in schema}
    if schema.get("format") == "int-or-string":
        reduced["x-kubernetes-int-or-string"] = True
    ref = schema.get("$ref")
    wrapped = schema.get("allOf")
    if ref is None and isinstance(wrapped, list) and len(wrapped) == 1 and "$ref" in wrapped[0]:
        ref = wrapped[0]["$ref"]  # OpenAPI v3's way to give a reference siblings
    if ref is not None:
        reduced["$ref"] = ref.removeprefix(REF_PREFIX)
    if "properties" in schema:
        reduced["properties"] = {k: reduce_node(v) for k, v in schema["properties"].items()}
    if isinstance(schema.get("items"), dict):
        reduced["items"] = reduce_node(schema["items"])
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        reduced["additionalProperties"] = reduce_node(extra)
    elif extra is not None:
        reduced["additionalProperties"] = extra
    return reduced


def add_kinds(kinds: Kinds, name: str, schema: dict[str, Any], served: str | None) -> None:
    """Record the kinds definition `name` is, at `served` only when given."""
    # Lists, and meta kinds such as DeleteOptions that every group lists, are nothing
    # a repository applies.
    if name.startswith("io.k8s.apimachinery."):
        return
    for gvk in schema.get("x-kubernetes-group-version-kind", ()):
        own = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
        if (served is None or own == served) and not gvk["kind"].endswith("List"):
            kinds.setdefault(own, {})[gvk["kind"]] = name


def group_version(document: Path, root: Path) -> str:
    """`v1` for api/v1.json, `apps/v1` for apis/apps/v1.json."""
    parts = document.relative_to(root).with_suffix("").parts
    if parts[0] == "api":
        return parts[1]
    return f"{parts[1]}/{parts[2]}"


def read_openapi_v3(root: Path) -> tuple[Definitions, Kinds]:
    """The reduced definitions and served kinds of one release's OpenAPI v3 documents."""
    definitions: Definitions = {}
    kinds: Kinds = {}
    for document in sorted([*root.glob("api/*.json"), *root.glob("apis/*/*.json")]):
        api_version = group_version(document, root)
        schemas = json.loads(document.read_text(encoding="utf-8"))["components"]["schemas"]
        for name, schema in schemas.items():
            definitions[name] = SPECIAL.get(name) or reduce_node(schema)
            # A group's document also lists the kinds of others it refers to.
            add_kinds(kinds, name, schema, api_version)
    return definitions, kinds


def openapi_form(schema: Any) -> Any:
    """A JSON Schema node spelt as OpenAPI v3: one type, no "null", component references."""
    if not isinstance(schema, dict):
        return schema
    node = dict(schema)
    if isinstance(node.get("type"), list):
        types = [t for t in node["type"] if t != "null"]
        if len(types) != 1:
            raise ValueError(f"cannot spell type {node['type']!r} as one OpenAPI type")
        node["type"] = types[0]
    ref = node.get("$ref")
    if isinstance(ref, str):
        for prefix in JSON_SCHEMA_REF_PREFIXES:
            if ref.startswith(prefix):
                node["$ref"] = REF_PREFIX + ref.removeprefix(prefix)
    if isinstance(node.get("properties"), dict):
        node["properties"] = {k: openapi_form(v) for k, v in node["properties"].items()}
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            node[key] = openapi_form(node[key])
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(node.get(key), list):
            node[key] = [openapi_form(sub) for sub in node[key]]
    return node


def without_kind_enums(schema: dict[str, Any]) -> dict[str, Any]:
    """A kind's definition without the apiVersion and kind enums the JSON Schema adds."""
    if "x-kubernetes-group-version-kind" not in schema:
        return schema
    properties = dict(schema.get("properties", {}))
    for field in ("apiVersion", "kind"):
        if field in properties:
            properties[field] = {k: v for k, v in properties[field].items() if k != "enum"}
    return {**schema, "properties": properties}


def read_json_schema(root: Path) -> tuple[Definitions, Kinds]:
    """The reduced definitions and served kinds of one release's kubernetes-json-schema."""
    document = json.loads((root / "_definitions.json").read_text(encoding="utf-8"))
    definitions: Definitions = {}
    kinds: Kinds = {}
    for name, schema in sorted(document["$defs"].items()):
        form = openapi_form(without_kind_enums(schema))
        definitions[name] = SPECIAL.get(name) or reduce_node(form)
        add_kinds(kinds, name, schema, None)
    for api_version, kind in SUBRESOURCE_KINDS:
        kinds.get(api_version, {}).pop(kind, None)
    return definitions, {api_version: by_kind for api_version, by_kind in kinds.items() if by_kind}


def read_release(root: Path) -> tuple[Definitions, Kinds]:
    """One release's reduced definitions and served kinds, from whichever layout `root` has."""
    if (root / "api" / "v1.json").is_file():
        return read_openapi_v3(root)
    if (root / "_definitions.json").is_file():
        return read_json_schema(root)
    raise ValueError(f"{root}: neither api/v1.json nor _definitions.json")
