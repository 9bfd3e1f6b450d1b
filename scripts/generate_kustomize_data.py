"""Extract the data kustomize builds with into the JSON table `scaffold.model.render` ships.

From a clone of kubernetes-sigs/kustomize (any checkout; files are read with `git show`):

    python scripts/generate_kustomize_data.py --repo <kustomize clone> \
        -o scaffold/model/render/data/kustomize.json

What is taken, each from the revision kustomize v5.5.0 (the one `kubectl` v1.32 embeds) uses:

- the builtin field specs (`api/internal/konfig/builtinpluginconsts/*.go`, tag kustomize/v5.5.0):
  which fields commonLabels, namespace, namePrefix, images, replicas and the name references
  touch, copied as data;
- the types kustomize knows to be cluster-scoped (`precomputedIsNamespaceScoped`,
  `kyaml/openapi/openapi.go`, tag kyaml/v0.18.1);
- strategic-merge keys and strategies (`x-kubernetes-patch-strategy`, `-merge-key`,
  `x-kubernetes-list-map-keys`) of the Kubernetes v1.21.2 OpenAPI document kyaml embeds
  (`kyaml/openapi/kubernetesapi/data/*.bundle-v1.json.gz`, the JSON form of v0.18.1's
  `swagger.pb`), reduced to the properties that lead to a list with a strategy.

The output is minified with sorted keys, so it is deterministic.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

KUSTOMIZE_TAG = "kustomize/v5.5.0"
KYAML_TAG = "kyaml/v0.18.1"
CONSTS = "api/internal/konfig/builtinpluginconsts"
FIELD_SPEC_FILES = (
    "commonannotations", "commonlabels", "images", "metadatalabels", "nameprefix",
    "namereference", "namespace", "namesuffix", "replicas", "templatelabels",
)  # fmt: skip
BUNDLE = "kyaml/openapi/kubernetesapi/data/kubernetes-openapi-union-v1.21.2.bundle-v1.json.gz"
EXTENSIONS = {
    "x-kubernetes-patch-strategy": "strategy",
    "x-kubernetes-patch-merge-key": "key",
    "x-kubernetes-list-map-keys": "keys",
}


def git_show(repo: Path, revision: str, path: str) -> bytes:
    """The bytes of `path` at `revision` in `repo`."""
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"{revision}:{path}"], check=True, capture_output=True
    ).stdout


def field_specs(repo: Path) -> dict[str, Any]:
    """The builtin transformer configuration, as kustomize joins its Go string constants."""
    constants: dict[str, str] = {}
    for name in FIELD_SPEC_FILES:
        source = git_show(repo, KUSTOMIZE_TAG, f"{CONSTS}/{name}.go").decode()
        for match in re.finditer(r"(\w+)\s*=\s*`(.*?)`(\s*\+\s*(\w+))?", source, re.S):
            constants[match.group(1)] = match.group(2) + "\x00" + (match.group(4) or "")
    joined = []
    for text in constants.values():
        body, _, tail = text.partition("\x00")
        joined.append(body + (constants[tail].partition("\x00")[0] if tail else ""))
    config: dict[str, Any] = {}
    for text in joined:
        loaded = yaml.safe_load(text)
        if isinstance(loaded, dict):
            config.update(loaded)
    return config


def cluster_scoped(repo: Path) -> list[str]:
    """`apiVersion/kind` of every type kyaml knows to be cluster-scoped."""
    source = git_show(repo, KYAML_TAG, "kyaml/openapi/openapi.go").decode()
    table = source.split("precomputedIsNamespaceScoped = map[yaml.TypeMeta]bool{", 1)[1]
    table = table.split("\n}", 1)[0]
    pattern = r'\{APIVersion: "([^"]+)", Kind: "([^"]+)"\}:\s*(true|false)'
    return sorted(f"{v}/{k}" for v, k, scoped in re.findall(pattern, table) if scoped == "false")


def merge_keys(repo: Path) -> dict[str, Any]:
    """Reduced definitions: only the properties that lead to a list with a patch strategy."""
    commit = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%H", "--", BUNDLE],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    bundle = json.loads(gzip.decompress(git_show(repo, commit, BUNDLE)))
    definitions: dict[str, Any] = bundle["definitions"]

    def node(schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref", "")
        out: dict[str, Any] = {"ref": ref.rsplit("/", 1)[-1]} if ref else {}
        for ext, short in EXTENSIONS.items():
            if ext in schema:
                out[short] = schema[ext]
        if isinstance(schema.get("items"), dict):
            out["items"] = node(schema["items"])
        if isinstance(schema.get("additionalProperties"), dict):
            out["map"] = node(schema["additionalProperties"])
        if isinstance(schema.get("properties"), dict):
            out["fields"] = {k: node(v) for k, v in schema["properties"].items()}
        return out

    reduced = {name: node(schema) for name, schema in definitions.items()}
    relevant: set[str] = set()

    def leads(n: dict[str, Any]) -> bool:
        if "strategy" in n or n.get("ref") in relevant:
            return True
        children = [n.get("items"), n.get("map"), *(n.get("fields") or {}).values()]
        return any(leads(c) for c in children if c)

    changed = True
    while changed:
        changed = False
        for name, n in reduced.items():
            if name not in relevant and leads(n):
                relevant.add(name)
                changed = True

    def prune(n: dict[str, Any]) -> dict[str, Any] | None:
        if not leads(n):
            return None
        out = {k: v for k, v in n.items() if k in ("ref", "strategy", "key", "keys")}
        if out.get("ref") not in relevant:
            out.pop("ref", None)
        for k in ("items", "map"):
            child = prune(n[k]) if k in n else None
            if child:
                out[k] = child
        fields = {k: c for k, v in (n.get("fields") or {}).items() if (c := prune(v))}
        if fields:
            out["fields"] = fields
        return out

    # kyaml maps a type to its schema by each definition's x-kubernetes-group-version-kind.
    types = {
        "/".join(filter(None, (gvk.get("group"), gvk["version"], gvk["kind"]))): name
        for name, schema in definitions.items()
        if name in relevant
        for gvk in schema.get("x-kubernetes-group-version-kind", ())
    }
    return {
        "source": f"kubernetes-sigs/kustomize@{commit}:{BUNDLE}",
        "kubernetes": bundle["coverage"]["ceiling"],
        "types": types,
        "definitions": {name: prune(reduced[name]) for name in sorted(relevant)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True, help="a kustomize git clone")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    data = {
        "format": 1,
        "kustomize": KUSTOMIZE_TAG,
        "fieldSpecs": field_specs(args.repo),
        "clusterScoped": cluster_scoped(args.repo),
        "mergeKeys": merge_keys(args.repo),
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
