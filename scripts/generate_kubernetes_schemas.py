"""Reduce Kubernetes' published API definitions to the schema bundle lint ships.

Input, per Kubernetes minor, a directory in one of the two layouts
scripts/kubernetes_schema_sources.py reads, each giving the same reduced form:

- OpenAPI v3, as kubernetes/kubernetes serves `/openapi/v3` (`api/v1.json`,
  `apis/<group>/<version>.json`; `api/openapi-spec/v3/` of the release branch), here
  the copies kubernetes-sigs/kubectl-validate vendors under pkg/openapiclient/builtins/;
- JSON Schema, `kubernetes_validate/kubernetes-json-schema/v1.N.0-local/` of the
  kubernetes-validate package, for releases kubectl-validate has not vendored yet.

The bundled file was made so (one --source per place the releases were read):

    python scripts/generate_kubernetes_schemas.py -o scaffold/model/schemas/data/kubernetes.json \
        --source 1.32,1.33,1.34,1.35 "kubernetes-sigs/kubectl-validate@<commit>:..." "<upstream>" \
        --source 1.36,1.37 "kubernetes-validate <version>: ..." "<upstream>" \
        1.32=<builtins>/1.32 ... 1.36=<kubernetes-json-schema>/v1.36.0-local ...

scripts/compare_kubernetes_sources.py checks the JSON Schema reader against the
releases both layouts have.

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

from kubernetes_schema_sources import read_release

FORMAT_VERSION = 1


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


Provenance = tuple[list[str], str, str]  # (minors, where read, where that copy came from)


def build_bundle(releases: dict[str, Path], provenance: list[Provenance]) -> dict[str, Any]:
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
    sources = [
        {"releases": sorted(minors, key=release_key), "source": source, "upstream": upstream}
        for minors, source, upstream in provenance
    ]
    return {
        "format": FORMAT_VERSION,
        "licence": "Apache-2.0",
        "copyright": "The Kubernetes Authors",
        "sources": sorted(sources, key=lambda entry: release_key(entry["releases"][0])),
        "releases": chosen,
        "definitions": shared,
    }


def parse_provenance(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[Provenance]:
    """Each --source's releases, checked to name every release given exactly once."""
    provenance: list[Provenance] = []
    named: list[str] = []
    for minors, source, upstream in args.source:
        provenance.append((minors.split(","), source, upstream))
        named += minors.split(",")
    given = [item.partition("=")[0] for item in args.releases]
    if sorted(named) != sorted(given):
        parser.error(f"--source names releases {sorted(named)}, but {sorted(given)} are given")
    return provenance


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, write the bundle."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("releases", nargs="+", metavar="MINOR=DIR")
    parser.add_argument(
        "--source",
        nargs=3,
        action="append",
        required=True,
        metavar=("MINORS", "SOURCE", "UPSTREAM"),
        help="releases MINORS (comma-separated) were read from SOURCE, a copy of UPSTREAM",
    )
    parser.add_argument("--output", "-o", required=True, type=Path)
    args = parser.parse_args(argv)
    releases = {}
    for item in args.releases:
        minor, _, directory = item.partition("=")
        if not directory or not Path(directory).is_dir():
            parser.error(f"{item!r}: want MINOR=DIR")
        releases[minor] = Path(directory)
    try:
        bundle = build_bundle(releases, parse_provenance(parser, args))
    except ValueError as error:  # a directory in neither layout
        parser.error(str(error))
    text = json.dumps(bundle, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
