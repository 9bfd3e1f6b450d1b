"""The bundled Kubernetes schemas: which kinds a release serves, their definitions, merge keys.

One data file holds every bundled release (see scripts/generate_kubernetes_schemas.py);
it loads on the first built-in object a process validates, never before. The same data
gives strategic merge its patch merge keys and list types: one source of truth.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from scaffold.model.schemas.bundle import DATA

KUBERNETES_MINORS = ("1.32", "1.33", "1.34", "1.35", "1.36", "1.37")
DEFAULT_KUBERNETES_MINOR = KUBERNETES_MINORS[-1]
FILE = "kubernetes.json"
OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
Schema = dict[str, Any]
PATCH_KEYWORDS = (
    "x-kubernetes-patch-merge-key",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
)
# "1.35", "v1.35", "1.35.2": a release named by its minor, with or without a patch.
_RELEASE = re.compile(r"v?1\.(\d+)(?:\.(?:\d+|x))?")


_VERSION = re.compile(r"v(\d+)(?:(alpha|beta)(\d+))?")
_MATURITY = {"alpha": 0, "beta": 1, None: 2}


def version_priority(version: str) -> tuple[int, int, int]:
    """Kubernetes' order of API versions: GA above beta above alpha, then by number."""
    match = _VERSION.fullmatch(version)
    if match is None:
        return (-1, 0, 0)
    return (_MATURITY[match[2]], int(match[1]), int(match[3] or 0))


class UnknownKubernetesMinor(ValueError):
    """A Kubernetes minor version the bundle has no schemas for."""


def kubernetes_minor_of(version: str) -> str:
    """The bundled minor that `version` names; UnknownKubernetesMinor when there is none."""
    match = _RELEASE.fullmatch(version.strip())
    minor = f"1.{int(match[1])}" if match else version
    if minor not in KUBERNETES_MINORS:
        known = ", ".join(KUBERNETES_MINORS)
        raise UnknownKubernetesMinor(f"no schemas for Kubernetes {version}; known: {known}")
    return minor


@cache
def _bundle() -> dict[str, Any]:
    with (DATA / FILE).open(encoding="utf-8") as stream:
        document: dict[str, Any] = json.load(stream)
    return document


def _release(minor: str) -> dict[str, Any]:
    release: dict[str, Any] | None = _bundle()["releases"].get(minor)
    if release is None:
        raise UnknownKubernetesMinor(f"no schemas for Kubernetes {minor}")
    return release


def served_api_versions(minor: str) -> dict[str, frozenset[str]]:
    """Every built-in apiVersion the release serves, with its kinds."""
    kinds: dict[str, dict[str, str]] = _release(minor)["kinds"]
    return {api_version: frozenset(by_kind) for api_version, by_kind in kinds.items()}


@cache
def builtin_groups() -> frozenset[str]:
    """The API groups some bundled release serves ("" is the core group): Kubernetes' own.

    Not every `*.k8s.io` group is: Gateway API and volume snapshots come as CRDs."""
    return frozenset(
        api_version.rpartition("/")[0]
        for release in _bundle()["releases"].values()
        for api_version in release["kinds"]
    )


def definition(minor: str, name: str) -> Schema:
    """The reduced definition `name` as the release has it."""
    forms: list[Schema] = _bundle()["definitions"][name]
    form: Schema = forms[_release(minor)["variants"].get(name, 0)]
    return form


def kind_schema(minor: str, api_version: str, kind: str) -> Schema | None:
    """The schema of a built-in kind at apiVersion, or None when the release serves none."""
    name = _release(minor)["kinds"].get(api_version, {}).get(kind)
    return definition(minor, name) if name is not None else None


def resolver(minor: str) -> Resolver:
    """The $ref resolver of one release."""
    return Resolver(minor)


class Resolver:
    """Follows `$ref` into the release's definitions; a referring node's own keys win."""

    def __init__(self, minor: str | None) -> None:
        self.minor = minor

    def __call__(self, schema: Schema) -> Schema:
        name = schema.get("$ref")
        if not isinstance(name, str) or self.minor is None:
            return schema
        target = definition(self.minor, name)
        if len(schema) == 1:
            return target
        return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}


def merge_strategy(minor: str, api_version: str, kind: str, path: tuple[str, ...]) -> Schema:
    """The patch keywords of the field at `path` (mapping keys; lists are stepped through):
    `x-kubernetes-patch-merge-key`, `-patch-strategy`, `-list-type`, `-list-map-keys`."""
    schema = kind_schema(minor, api_version, kind)
    resolve = resolver(minor)
    node: Schema = resolve(schema) if schema is not None else {}
    for segment in path:
        while "items" in node:
            node = resolve(node["items"])
        child = node.get("properties", {}).get(segment) or node.get("additionalProperties")
        if not isinstance(child, dict):
            return {}
        node = resolve(child)
    return {k: v for k, v in node.items() if k in PATCH_KEYWORDS}
