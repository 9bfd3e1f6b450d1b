"""Facts of the documents that shape the Flux graph: Kustomizations (both kinds), sources,
ArtifactGenerators and FluxInstances. Names, paths and keys only, never a value that
could be a secret (postBuild.substitute values are not kept, only their keys)."""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from scaffold.model.facts.documents import Ref
from scaffold.model.facts.loader import Loader
from scaffold.model.facts.nodes import (
    Node,
    dig,
    get,
    is_true,
    items,
    key_node,
    pairs,
    position,
    text,
)

ENTRY_FIELDS = ("resources", "components", "patchesStrategicMerge")
DISABLED = "kustomize.toolkit.fluxcd.io/substitute"
REMOTE = re.compile(
    r"^[a-z][a-z0-9+.-]*://|^(github\.com|gitlab\.com|bitbucket\.org)/|^git@|\?ref="
)


def is_remote(entry: str) -> bool:
    """Whether a kustomization entry names a remote base (a URL), not a file."""
    return bool(REMOTE.search(entry))


def ref(node: Node | None, at: Node | None = None, default_kind: str = "") -> Ref | None:
    """A reference mapping, reported at `at` (its key) when given."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return Ref(
        kind=text(get(node, "kind")) or default_kind,
        name=text(get(node, "name")) or "",
        namespace=text(get(node, "namespace")),
        position=position(at if at is not None else node),
        optional=is_true(get(node, "optional")),
    )


def common(root: Node) -> dict[str, Any]:
    """Facts every document may carry: its name's position, the substitute-disabled mark."""
    metadata = get(root, "metadata")
    name = get(metadata, "name")
    annotations = get(metadata, "annotations")
    return {
        "name_pos": position(name) if name is not None else None,
        "substitution_disabled": text(get(annotations, DISABLED)) == "disabled",
    }


def kustomization_file(root: Node) -> dict[str, Any]:
    """A kustomize kustomization.yaml: the files it lists, its namespace, generators."""
    entries: list[tuple[str, str, tuple[int, int]]] = []
    for field in ENTRY_FIELDS:
        for item in items(get(root, field)):
            value = text(item)
            if value:
                entries.append((field, value, position(item)))
    for field in ("patches", "patchesJson6902"):
        for item in items(get(root, field)):
            value = text(get(item, "path")) if isinstance(item, yaml.MappingNode) else text(item)
            if value:
                where = get(item, "path") if isinstance(item, yaml.MappingNode) else item
                entries.append((field, value, position(where or item)))
    entries.extend(_generator_inputs(root))
    return {
        "entries": tuple(entries),
        "set_namespace": text(get(root, "namespace")),
        "helm_charts": bool(items(get(root, "helmCharts"))),
        "replacements": bool(items(get(root, "replacements"))),
        "components": tuple(e for f, e, _ in entries if f == "components"),
        "resources": tuple(e for f, e, _ in entries if f == "resources"),
        "patches": tuple(e for f, e, _ in entries if f.startswith("patches")),
    }


GENERATORS = ("configMapGenerator", "secretGenerator")


def _generator_inputs(root: Node) -> list[tuple[str, str, tuple[int, int]]]:
    """The files generators read: `files` (`[key=]path`), `envs` and the older `env`."""
    found = []
    for field in GENERATORS:
        for generator in items(get(root, field)):
            env = get(generator, "env")
            sources = [*items(get(generator, "files")), *items(get(generator, "envs"))]
            for item in [*sources, *([env] if env is not None else [])]:
                value = text(item)
                if value:
                    found.append((field, value.rpartition("=")[2], position(item)))
    return found


def flux_kustomization(root: Node) -> dict[str, Any]:
    """A Flux Kustomization: path, source, namespace, postBuild keys, dependsOn."""
    spec = get(root, "spec")
    post_build = get(spec, "postBuild")
    child_keys, child_from = _child_post_build(get(spec, "patches"))
    return {
        "source_ref": ref(get(spec, "sourceRef"), key_node(spec, "sourceRef")),
        "target_namespace": text(get(spec, "targetNamespace")),
        "name_prefix": text(get(spec, "namePrefix")),
        "name_suffix": text(get(spec, "nameSuffix")),
        "depends_on": _depends_on(spec, "Kustomization"),
        "has_post_build": post_build is not None,
        "substitute": tuple(str(k.value) for k, _ in pairs(get(post_build, "substitute"))),
        "substitute_from": tuple(
            r for r in (ref(i) for i in items(get(post_build, "substituteFrom"))) if r
        ),
        "child_substitute": child_keys,
        "child_substitute_from": child_from,
        "components": tuple(t for t in (text(i) for i in items(get(spec, "components"))) if t),
    }


def _depends_on(spec: Node | None, kind: str) -> tuple[Ref, ...]:
    return tuple(r for r in (ref(i, default_kind=kind) for i in items(get(spec, "dependsOn"))) if r)


def helm_release_links(root: Node) -> dict[str, Any]:
    """A HelmRelease's dependsOn and targetNamespace, and the sync path when it renders a
    FluxInstance."""
    spec = get(root, "spec")
    facts: dict[str, Any] = {
        "depends_on": _depends_on(spec, "HelmRelease"),
        "target_namespace": text(get(spec, "targetNamespace")),
    }
    facts.update(instance_sync(dig(spec, "values", "instance", "sync")))
    return facts


def instance_sync(sync: Node | None) -> dict[str, Any]:
    """`sync.path` and `sync.kind` of a FluxInstance spec or the flux-instance chart values."""
    path = text(get(sync, "path"))
    if not path:
        return {}
    return {"sync_path": path, "sync_kind": text(get(sync, "kind")) or "GitRepository"}


def _child_post_build(patches: Node | None) -> tuple[tuple[str, ...], bool]:
    """The postBuild keys that inline patches targeting Kustomizations add to them."""
    keys: list[str] = []
    from_any = False
    for item in items(patches):
        target = get(item, "target")
        patch = text(get(item, "patch"))
        if text(get(target, "kind")) != "Kustomization" or not patch or len(patch) > 100_000:
            continue
        try:
            docs = list(yaml.compose_all(patch, Loader=Loader))
        except yaml.YAMLError:
            continue
        for doc in docs:
            post_build = dig(doc, "spec", "postBuild")
            keys.extend(str(k.value) for k, _ in pairs(get(post_build, "substitute")))
            from_any = from_any or bool(items(get(post_build, "substituteFrom")))
    return tuple(keys), from_any


def git_repository(root: Node) -> dict[str, Any]:
    """A source's URL without any user or password in it."""
    url = text(dig(root, "spec", "url"))
    if not url:
        return {}
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        clean = urlunsplit((parts.scheme, host + port, parts.path, "", ""))
    except ValueError:
        return {}
    return {"source_url": clean.removesuffix(".git").rstrip("/")}


def artifact_generator(root: Node) -> dict[str, Any]:
    """An ArtifactGenerator: its sources by alias and what each artifact copies where."""
    spec = get(root, "spec")
    sources = tuple(
        (text(get(i, "alias")) or "", text(get(i, "kind")) or "", text(get(i, "name")) or "")
        for i in items(get(spec, "sources"))
    )
    artifacts = []
    for item in items(get(spec, "artifacts")):
        copies = tuple(
            (text(get(c, "from")) or "", text(get(c, "to")) or "") for c in items(get(item, "copy"))
        )
        artifacts.append((text(get(item, "name")) or "", copies))
    return {"artifact_sources": sources, "artifacts": tuple(artifacts)}


def normalized(path: str) -> str:
    """A repository-relative POSIX path without `./` or a trailing slash ("" for the root)."""
    clean = posixpath.normpath(path.strip().lstrip("/")) if path.strip() else "."
    return "" if clean == "." else clean
