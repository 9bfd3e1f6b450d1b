"""Reduce CustomResourceDefinition YAML to the compact JSON schema bundle the linter ships.

The bundled files were made from each controller's config/crd/bases/ at the version that
fluxcd/flux2 pins in manifests/bases/<controller>/kustomization.yaml, one --source per
controller so the file records where every CRD came from:

    python scripts/generate_flux_schemas.py --release "flux v2.9.4 (fluxcd/flux2@<commit>)" \
        --copyright "The Flux authors" -o scaffold/model/schemas/data/flux-2.9.json \
        --source fluxcd/helm-controller,v1.6.3,v1.6.3,<commit>,<dir with its CRDs> ...

Only served versions are kept; output is minified with sorted keys, so it is deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

FORMAT_VERSION = 1

# Keywords a value check needs; descriptions, defaults, CEL rules and list-map hints are dropped
# because the validator does not evaluate them and they are most of the bytes.
VALUE_KEYWORDS = (
    "type", "required", "enum", "pattern", "format", "nullable",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties",
    "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
    "x-kubernetes-embedded-resource",
)
SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf")


def reduce_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Keep only what validation reads from one OpenAPI v3 schema node, recursively."""
    reduced: dict[str, Any] = {k: schema[k] for k in VALUE_KEYWORDS if k in schema}
    if "properties" in schema:
        reduced["properties"] = {
            name: reduce_schema(sub) for name, sub in schema["properties"].items()
        }
    if "items" in schema:
        reduced["items"] = reduce_schema(schema["items"])
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        reduced["additionalProperties"] = reduce_schema(extra)
    elif extra is not None:
        reduced["additionalProperties"] = extra
    if "not" in schema:
        reduced["not"] = reduce_schema(schema["not"])
    for key in SUBSCHEMA_LISTS:
        if key in schema:
            reduced[key] = [reduce_schema(sub) for sub in schema[key]]
    return reduced


def crd_files(paths: list[Path]) -> list[Path]:
    """Expand directories to the YAML files in them, sorted so output does not depend on order."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            found.add(path)
    return sorted(found, key=lambda p: (p.name, str(p)))


def read_crds(path: Path) -> list[dict[str, Any]]:
    """The CustomResourceDefinition documents in one file."""
    with path.open(encoding="utf-8") as stream:
        docs = list(yaml.load_all(stream, Loader=yaml.CSafeLoader))
    return [d for d in docs if isinstance(d, dict) and d.get("kind") == "CustomResourceDefinition"]


def add_crd(crd: dict[str, Any], schemas: dict[str, Any], deprecated: dict[str, str]) -> None:
    """Add every served version of one CRD to the bundle."""
    group = crd["spec"]["group"]
    kind = crd["spec"]["names"]["kind"]
    for version in crd["spec"]["versions"]:
        if not version.get("served", False):
            continue
        api_version = f"{group}/{version['name']}"
        schema = version["schema"]["openAPIV3Schema"]
        schemas.setdefault(api_version, {})[kind] = reduce_schema(schema)
        if version.get("deprecated"):
            warning = version.get("deprecationWarning") or f"{api_version} {kind} is deprecated"
            deprecated[f"{api_version}/{kind}"] = warning


def parse_source(text: str) -> tuple[dict[str, str], Path]:
    """Split a --source value REPO,VERSION,REF,COMMIT,PATH into its record and path."""
    fields = text.split(",")
    if len(fields) != 5:
        raise SystemExit(f"--source wants REPO,VERSION,REF,COMMIT,PATH, got {text!r}")
    repo, version, ref, commit, path = fields
    return {"repo": repo, "version": version, "ref": ref, "commit": commit}, Path(path)


def build_bundle(args: argparse.Namespace) -> dict[str, Any]:
    """Assemble the bundle document: provenance, licence, schemas, deprecations."""
    schemas: dict[str, Any] = {}
    deprecated: dict[str, str] = {}
    sources: list[dict[str, Any]] = []
    plain = [(None, Path(p)) for p in args.paths]
    attributed = [parse_source(s) for s in args.source]
    for record, path in [*attributed, *plain]:
        files = crd_files([path])
        for file in files:
            for crd in read_crds(file):
                add_crd(crd, schemas, deprecated)
        if record is not None:
            sources.append({**record, "files": [f.name for f in files]})
    return {
        "format": FORMAT_VERSION,
        "release": args.release,
        "licence": args.licence,
        "copyright": args.copyright,
        "sources": sorted(sources, key=lambda s: s["repo"]),
        "deprecated": deprecated,
        "schemas": schemas,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, write one bundle file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", help="CRD YAML files or directories of them")
    parser.add_argument(
        "--source", action="append", default=[], metavar="REPO,VERSION,REF,COMMIT,PATH",
        help="CRDs under PATH came from REPO at COMMIT (checked out as REF; the release "
        "pins VERSION); repeatable",
    )
    parser.add_argument("--release", default="", help="the release the CRDs belong to")
    parser.add_argument("--licence", default="Apache-2.0")
    parser.add_argument("--copyright", default="")
    parser.add_argument("--output", "-o", required=True, type=Path)
    args = parser.parse_args(argv)
    if not args.paths and not args.source:
        parser.error("give CRD paths or --source")
    bundle = build_bundle(args)
    if not bundle["schemas"]:
        raise SystemExit("no served CustomResourceDefinition versions found")
    text = json.dumps(bundle, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
