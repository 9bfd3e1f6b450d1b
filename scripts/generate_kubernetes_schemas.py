"""Reduce Kubernetes' published OpenAPI v3 documents to the schema bundle lint ships.

Input, per Kubernetes minor, a directory laid out as kubernetes/kubernetes serves
`/openapi/v3`: `api/v1.json` and `apis/<group>/<version>.json` (the files of
`api/openapi-spec/v3/` of the release branch). The bundled file was made from the
copies that kubernetes-sigs/kubectl-validate vendors under pkg/openapiclient/builtins/:

    python scripts/generate_kubernetes_schemas.py -o scaffold/model/schemas/data/kubernetes.json \
        --source "kubernetes-sigs/kubectl-validate@<commit>:pkg/openapiclient/builtins" \
        --upstream "kubernetes/kubernetes api/openapi-spec/v3, release-1.N branches" \
        1.32=<dir> 1.33=<dir> 1.34=<dir> 1.35=<dir>

Kept: types, properties, required, items, additionalProperties, enums and the
Kubernetes extensions validation and merging read (int-or-string, quantity,
preserve-unknown-fields, embedded-resource, patch merge key and strategy, list type,
list-map keys, map type). Descriptions, defaults and examples are dropped.

Definitions are shared across releases: each definition is stored once per distinct
form, and a release names the form it uses only where it is not the newest one's.
Output is minified with sorted keys, so the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
REF_PREFIX = "#/components/schemas/"
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
# Definitions whose OpenAPI form (a oneOf of types) stands for a Kubernetes value format.
SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"x-kubernetes-int-or-string": True},
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {"format": "quantity"},
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": {
        "x-kubernetes-preserve-unknown-fields": True
    },
}


def reduce_node(schema: dict[str, Any]) -> dict[str, Any]:
    """Keep what validation and merging read from one schema node, recursively."""
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


def group_version(document: Path, root: Path) -> str:
    """`v1` for api/v1.json, `apps/v1` for apis/apps/v1.json."""
    parts = document.relative_to(root).with_suffix("").parts
    if parts[0] == "api":
        return parts[1]
    return f"{parts[1]}/{parts[2]}"


def read_release(root: Path) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """The reduced definitions and the kinds each served apiVersion has in one release."""
    definitions: dict[str, Any] = {}
    kinds: dict[str, dict[str, str]] = {}
    for document in sorted([*root.glob("api/*.json"), *root.glob("apis/*/*.json")]):
        api_version = group_version(document, root)
        schemas = json.loads(document.read_text(encoding="utf-8"))["components"]["schemas"]
        for name, schema in schemas.items():
            definitions[name] = SPECIAL.get(name) or reduce_node(schema)
            for gvk in schema.get("x-kubernetes-group-version-kind", ()):
                own = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                # Lists, and meta kinds such as DeleteOptions that every group lists,
                # are nothing a repository applies.
                meta = name.startswith("io.k8s.apimachinery.")
                if own == api_version and not gvk["kind"].endswith("List") and not meta:
                    kinds.setdefault(api_version, {})[gvk["kind"]] = name
    return definitions, kinds


def references(schema: Any) -> set[str]:
    """The definition names one reduced definition refers to."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        # JSONSchemaProps has a property named `$ref`: only a string is a reference.
        found = {ref} if isinstance(ref, str) else set()
        for value in schema.values():
            found |= references(value)
        return found
    if isinstance(schema, list):
        return set().union(*map(references, schema)) if schema else set()
    return set()


def reachable(definitions: dict[str, Any], kinds: dict[str, dict[str, str]]) -> set[str]:
    """The definitions a served kind needs, directly or through references."""
    todo = [name for by_kind in kinds.values() for name in by_kind.values()]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in definitions:
            continue
        seen.add(name)
        todo.extend(references(definitions[name]))
    return seen


def release_key(minor: str) -> tuple[int, ...]:
    return tuple(int(part) for part in minor.split("."))


def build_bundle(releases: dict[str, Path], source: str, upstream: str) -> dict[str, Any]:
    """One document for every release: shared definition forms and per-release choices."""
    shared: dict[str, list[Any]] = {}
    chosen: dict[str, dict[str, Any]] = {}
    # Newest first, so a definition's first form is the newest release's.
    for minor in sorted(releases, key=release_key, reverse=True):
        definitions, kinds = read_release(releases[minor])
        variants: dict[str, int] = {}
        for name in sorted(reachable(definitions, kinds)):
            forms = shared.setdefault(name, [])
            if definitions[name] not in forms:
                forms.append(definitions[name])
            index = forms.index(definitions[name])
            if index:
                variants[name] = index
        chosen[minor] = {"kinds": kinds, "variants": variants}
    return {
        "format": FORMAT_VERSION,
        "licence": "Apache-2.0",
        "copyright": "The Kubernetes Authors",
        "source": source,
        "upstream": upstream,
        "releases": chosen,
        "definitions": shared,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, write the bundle."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("releases", nargs="+", metavar="MINOR=DIR")
    parser.add_argument("--source", required=True, help="where the documents were read")
    parser.add_argument("--upstream", required=True, help="where that copy came from")
    parser.add_argument("--output", "-o", required=True, type=Path)
    args = parser.parse_args(argv)
    releases = {}
    for item in args.releases:
        minor, _, directory = item.partition("=")
        if not directory or not Path(directory, "api").is_dir():
            parser.error(f"{item!r}: want MINOR=DIR with DIR/api/v1.json")
        releases[minor] = Path(directory)
    bundle = build_bundle(releases, args.source, args.upstream)
    text = json.dumps(bundle, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
