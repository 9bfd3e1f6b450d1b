"""`build`: the rendered objects of each cluster as YAML documents or one JSON document.

Secret values are masked (a placeholder and a keyed digest) unless the caller shows them;
SealedSecret and SOPS ciphertext stay as written. Names and paths in comments are escaped:
nothing from the repository reaches the terminal as a control character.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import redact
from scaffold.errors import UsageError
from scaffold.flux.vocabulary import HELM_GROUP
from scaffold.model.render.flux import goyaml
from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.helm_values import effective_values
from scaffold.model.render.flux.secrets import Masker, mask_credentials, mask_object
from scaffold.model.render.flux.value_sources import Key, index_value_sources
from scaffold.model.rendering import (
    ClusterRendering,
    RenderedKustomization,
    RenderedObject,
    Rendering,
)

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


@dataclass(frozen=True)
class Shown:
    """What to print: which clusters, one Kustomization or all, Secret values or not."""

    kustomization: str | None = None
    show_secrets: bool = False


def unchanged(root: Path, sync_paths: Sequence[str]) -> tuple[Rendering, Callable[[], None]] | None:
    """The clusters from the render cache, read without the files' facts, when nothing any
    of them read has changed since, and what keeps them; else None."""
    from scaffold import errors
    from scaffold.lint.config import load_config
    from scaffold.model import render_cache
    from scaffold.model.render.source_reader import artifact_reader
    from scaffold.model.source import WorkTree
    from scaffold.model.sync_paths import declared_sync_paths

    source = WorkTree(root)
    try:
        config = load_config(root)
        clusters = declared_sync_paths(source, sync_paths, config.sync_paths)
    except errors.ScaffoldError:
        return None  # the full path says what is wrong
    if not clusters or not all(source.is_dir(c) for c in clusters):
        return None
    with artifact_reader(source, source.discover(), source.source_ignore()) as reader:
        return render_cache.reuse_all(root, clusters, reader)


def directory_rendering(root: Path, directory: str) -> Rendering:
    """One directory built as Flux builds a Kustomization's `spec.path` (no postBuild)."""
    from scaffold.model.render.source_reader import SourceReader
    from scaffold.model.rendering import render_directory
    from scaffold.model.source import WorkTree

    source = WorkTree(root)
    discovery = source.discover()
    files = source.reader(discovery)
    try:
        built = render_directory(SourceReader(discovery.files, files), directory)
    finally:
        files.close()
    result = RenderedKustomization("", "", directory or ".", "", directory)
    result.objects = [
        RenderedObject(o, f) for o, f in zip(built.objects, built.sources, strict=True)
    ]
    result.not_rendered = list(built.not_rendered)
    result.problems = list(built.problems)
    if not result.rendered:
        result.objects = []
    return Rendering([ClusterRendering("", [result])])


def as_yaml(clusters: Sequence[ClusterRendering], shown: Shown, masker: Masker) -> str:
    """Every object as a YAML document headed by a comment naming where it comes from."""
    out: list[str] = []
    for cluster in clusters:
        for kustomization in cluster.kustomizations:
            for reason in _reasons(kustomization):
                out.append(
                    f"# cluster {_safe(cluster.sync_path)}, Kustomization "
                    f"{_safe(kustomization.key)}: {_safe(reason)}\n"
                )
            memo: dict[str, str] = {}
            where = (
                f"# cluster: {_safe(cluster.sync_path)}\n"
                f"# kustomization: {_safe(kustomization.key)}\n"
                if cluster.sync_path
                else ""
            )
            for rendered in kustomization.objects:
                text = _object_text(rendered, kustomization, shown, masker, memo)
                out.append(f"---\n{where}# file: {_safe(rendered.file)}\n{text}")
    return "".join(out)


def _object_text(
    rendered: RenderedObject,
    kustomization: RenderedKustomization,
    shown: Shown,
    masker: Masker,
    memo: dict[str, str],
) -> str:
    """One object's YAML as printed; the text is kept with it when nothing was masked."""
    clean = kustomization.clean  # nothing to mask: as kept, text and all
    if clean and rendered.text:
        return rendered.text  # a kept object is not even read back from the cache
    obj = rendered.obj if clean else shown_object(rendered.obj, kustomization, shown, masker, memo)
    text = goyaml.dump_for_output(obj)
    if (obj is rendered.obj or obj == rendered.obj) and not _secret_data(obj):
        rendered.text = text  # nothing masked: the render cache keeps this text
    return text


def cluster_dict(cluster: ClusterRendering, shown: Shown, masker: Masker) -> dict[str, Any]:
    """One cluster of the JSON document (docs/json-output.md)."""
    index = cluster_index(cluster)
    return {
        "sync_path": cluster.sync_path,
        "kustomizations": [_kustomization(k, shown, masker, index) for k in cluster.kustomizations],
    }


def shown_object(
    obj: dict[str, Any],
    kustomization: RenderedKustomization,
    shown: Shown,
    masker: Masker,
    memo: dict[str, str] | None = None,
) -> Any:
    """`obj` as printed: unless Secrets are shown, no value of a Secret, of a credential-like
    key or of a URL's user information."""
    if shown.show_secrets:
        return obj
    if obj.get("kind") == "Secret" and str(obj.get("apiVersion", "v1")) == "v1":
        masked = dict(mask_object(obj, masker))
        meta = masked.get("metadata")
        if isinstance(meta, dict):
            meta = dict(mask_credentials(meta, masker, kustomization.secret_values))
            notes = meta.get("annotations")
            if isinstance(notes, dict) and LAST_APPLIED in notes:  # a copy of the plaintext
                meta["annotations"] = {
                    **notes,
                    LAST_APPLIED: masker.mask(str(notes[LAST_APPLIED]).encode()),
                }
            masked["metadata"] = meta
        return masked
    return mask_credentials(obj, masker, kustomization.secret_values, memo)


def summary_lines(clusters: Sequence[ClusterRendering]) -> Iterator[str]:
    """The lines for stderr before the count: what was not rendered and why, the
    variables left."""
    for cluster in clusters:
        for kustomization in cluster.kustomizations:
            where = f"{cluster.sync_path}: Kustomization {kustomization.key}"
            for reason in _reasons(kustomization):
                yield f"{where}: {reason}"
            if kustomization.kept:
                yield f"{where}: left as written: ${{{'}, ${'.join(kustomization.kept)}}}"


def total_line(objects: int, kustomizations: int, clusters: int, failed: int) -> str:
    """The count stderr ends with."""
    tail = f", {failed} not built (see above)" if failed else ""
    return f"{objects} objects from {kustomizations} Kustomizations on {clusters} cluster(s){tail}"


def directory_of(path: Path, root: Path) -> str:
    """`path` (a directory on disk) relative to the repository `root`, or a UsageError."""
    target = path.resolve()
    if target != root and root not in target.parents:
        raise UsageError(
            f"{path} is not inside the repository {root}",
            hint="pass a directory of this repository to --path",
        )
    if not target.is_dir():
        raise UsageError(f"{path} is not a directory", hint="pass the directory to build")
    return target.relative_to(root).as_posix() if target != root else ""


Index = dict[Key, Mapping[str, Any]]


def cluster_index(cluster: ClusterRendering) -> Index:
    """The cluster's ConfigMaps and Secrets by (kind, namespace, name)."""
    return index_value_sources(rendered.obj for _, rendered in cluster.objects())


def helm_values(release: dict[str, Any], index: Index, shown: Shown, masker: Masker) -> Any:
    """The values helm-controller gives a HelmRelease's chart, merged from the repository's
    `valuesFrom` ConfigMaps and Secrets in Flux's order: what a Secret gave is masked, and so
    is any value under a credential-like key, unless Secrets are shown."""
    namespace = str((release.get("metadata") or {}).get("namespace") or "default")
    where = f"HelmRelease {namespace}/{(release.get('metadata') or {}).get('name')}"

    def find(kind: str, name: str) -> Mapping[str, Any] | None:
        return index.get((kind, namespace, name))

    def without_secrets(kind: str, name: str) -> Mapping[str, Any] | None:
        return None if kind == "Secret" else find(kind, name)

    try:
        merged = effective_values(release, find, where)
        public = merged if shown.show_secrets else effective_values(release, without_secrets, where)
    except FluxRenderError as exc:
        return {"error": redact.message(exc.message)}
    values: Any = merged.values
    if not shown.show_secrets:
        values = mask_credentials(_from_secrets(merged.values, public.values, masker), masker)
    return {
        "values": values,
        "complete": merged.complete,
        "unavailable": list(merged.unavailable),
    }


def _from_secrets(values: Any, public: Any, masker: Masker) -> Any:
    """`values` with every leaf that differs from `public` (what a Secret gave) masked."""
    if isinstance(values, dict):
        other = public if isinstance(public, dict) else {}
        return {k: _from_secrets(v, other.get(k, _MISSING), masker) for k, v in values.items()}
    if isinstance(values, list):
        if values == public:
            return values
        return [_from_secrets(v, _MISSING, masker) for v in values]
    if values == public and public is not _MISSING:
        return values
    return masker.mask(str(values).encode()) if values is not None else None


_MISSING = object()


def _kustomization(
    kustomization: RenderedKustomization, shown: Shown, masker: Masker, index: Index
) -> dict[str, Any]:
    return {
        "namespace": kustomization.namespace,
        "name": kustomization.name,
        "file": kustomization.declared_in or None,
        "path": kustomization.directory,
        "rendered": kustomization.rendered,
        "not_rendered": [redact.message(r) for r in kustomization.not_rendered],
        "problems": [redact.message(str(p)) for p in kustomization.problems],
        "variables_left": list(kustomization.kept),
        "sources_unavailable": list(kustomization.unavailable),
        "objects": [
            {
                "file": o.file,
                "object": o.obj
                if kustomization.clean
                else shown_object(o.obj, kustomization, shown, masker),
                **(
                    {"helm": helm_values(o.obj, index, shown, masker)}
                    if is_helm_release(o.obj)
                    else {}
                ),
            }
            for o in kustomization.objects
        ],
    }


def _secret_data(obj: dict[str, Any]) -> bool:
    return obj.get("kind") == "Secret" and bool(obj.get("data") or obj.get("stringData"))


def is_helm_release(obj: dict[str, Any]) -> bool:
    return str(obj.get("apiVersion", "")).startswith(HELM_GROUP + "/") and obj.get("kind") == (
        "HelmRelease"
    )


def _reasons(kustomization: RenderedKustomization) -> list[str]:
    return [f"not rendered: {redact.message(r)}" for r in kustomization.not_rendered] + [
        f"rejected: {redact.message(str(p))}" for p in kustomization.problems
    ]


def _safe(text: str) -> str:
    """One line of printable text: control characters escaped."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )
