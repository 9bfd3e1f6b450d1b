"""Compare releases read from a second layout with what the bundle holds for them.

The bundle's releases were read from the OpenAPI v3 documents; a release can also be
read from the kubernetes-json-schema layout (scripts/kubernetes_schema_sources.py).
Where both exist, the second reader is trusted only if it gives, definition by
definition, what the bundle holds:

    python scripts/compare_kubernetes_sources.py scaffold/model/schemas/data/kubernetes.json \\
        1.32=<kubernetes_validate/kubernetes-json-schema>/v1.32.0-local ...

Prints, per release, what the reader normalised in its input and every remaining
difference by class (keyword, property present on one side only, kind served on one
side only); exits 1 when any difference remains.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from generate_kubernetes_schemas import reachable
from kubernetes_schema_sources import (
    JSON_SCHEMA_REF_PREFIXES,
    SUBRESOURCE_KINDS,
    Definitions,
    Kinds,
    read_release,
)

Difference = tuple[str, str]  # (class, where)


def bundled_release(bundle: dict[str, Any], minor: str) -> tuple[Definitions, Kinds]:
    """The definitions a bundled release uses, and its kinds."""
    release = bundle["releases"][minor]
    variants = release["variants"]
    definitions = {
        name: forms[variants.get(name, 0)] for name, forms in bundle["definitions"].items()
    }
    return definitions, release["kinds"]


def differences(ours: Any, theirs: Any, where: str) -> list[Difference]:
    """How two reduced schema nodes differ, keyword by keyword, recursively."""
    if not (isinstance(ours, dict) and isinstance(theirs, dict)):
        return [] if ours == theirs else [("value", where)]
    found: list[Difference] = []
    for key in sorted(set(ours) | set(theirs)):
        if key not in theirs or key not in ours:
            side = "bundle" if key in theirs else "new reader"
            found.append((f"{key} only in the {side}", where))
        elif key == "properties":
            for name in sorted(set(ours[key]) | set(theirs[key])):
                if name in ours[key] and name in theirs[key]:
                    found += differences(ours[key][name], theirs[key][name], f"{where}.{name}")
                else:
                    side = "bundle" if name in theirs[key] else "new reader"
                    found.append((f"property only in the {side}", f"{where}.{name}"))
        elif key in ("items", "additionalProperties"):
            found += differences(ours[key], theirs[key], f"{where}[{key}]")
        elif ours[key] != theirs[key]:
            found.append((f"{key} differs", where))
    return found


def compare(ours: tuple[Definitions, Kinds], theirs: tuple[Definitions, Kinds]) -> list[Difference]:
    """Every difference between one release as read and as bundled."""
    (our_definitions, our_kinds), (their_definitions, their_kinds) = ours, theirs

    def served(kinds: Kinds) -> set[str]:
        return {f"{av} {kind} = {name}" for av, by in kinds.items() for kind, name in by.items()}

    ours_served, theirs_served = served(our_kinds), served(their_kinds)
    found = [("kind only in the new reader", k) for k in sorted(ours_served - theirs_served)]
    found += [("kind only in the bundle", k) for k in sorted(theirs_served - ours_served)]
    our_names = reachable(our_definitions, our_kinds)
    their_names = reachable(their_definitions, their_kinds)
    found += [("definition only in the new reader", n) for n in sorted(our_names - their_names)]
    found += [("definition only in the bundle", n) for n in sorted(their_names - our_names)]
    for name in sorted(our_names & their_names):
        found += differences(our_definitions[name], their_definitions[name], name)
    return found


def normalised(root: Path) -> Counter[str]:
    """What the JSON Schema reader changes in its input, by class, for the report."""
    counts: Counter[str] = Counter()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("type"), list) and "null" in node["type"]:
                counts['"null" taken out of a type'] += 1
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(JSON_SCHEMA_REF_PREFIXES):
                counts["$ref spelt as a component name"] += 1
            for key, value in node.items():
                if key != "enum":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    document = json.loads((root / "_definitions.json").read_text(encoding="utf-8"))
    for schema in document["$defs"].values():
        walk(schema)
        if "x-kubernetes-group-version-kind" in schema:
            for field in ("apiVersion", "kind"):
                if "enum" in schema.get("properties", {}).get(field, {}):
                    counts[f"enum of a kind's {field} dropped"] += 1
            for gvk in schema["x-kubernetes-group-version-kind"]:
                own = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                if (own, gvk["kind"]) in SUBRESOURCE_KINDS:
                    counts["subresource kind not counted as served"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    """Compare each named release; print the classes; 1 if anything differs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", type=Path)
    parser.add_argument("releases", nargs="+", metavar="MINOR=DIR")
    args = parser.parse_args(argv)
    bundle = json.loads(args.bundle.read_text(encoding="utf-8"))
    failed = False
    for item in args.releases:
        minor, _, directory = item.partition("=")
        ours = read_release(Path(directory))
        found = compare(ours, bundled_release(bundle, minor))
        compared = len(reachable(*ours))
        print(f"Kubernetes {minor}: {compared} definitions, {len(found)} differences")
        for label, count in sorted(normalised(Path(directory)).items()):
            print(f"  normalised: {label}: {count}")
        for label, count in sorted(Counter(label for label, _ in found).items()):
            examples = ", ".join(where for other, where in found if other == label)
            print(f"  {label}: {count} ({examples[:300]})")
        failed = failed or bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
