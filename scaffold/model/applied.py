"""Which manifest files no cluster applies: an `.archive/` folder, an app commented out
of its parent kustomization, a folder `.sourceignore` keeps from Flux.

A file is applied when a cluster's build places one of its objects, or reads it: a
kustomization file of a directory a build reaches, a file such a kustomization lists
(a patch, a generator's input), any file of a directory Flux builds without a
kustomization file. Only files holding Kubernetes manifests (or kustomization files)
can be unapplied: a values file or a chart (its `crds/` included) is read by what
uses it.

The answer is only given when the clusters are known and every Kustomization of this
repository was followed: one whose path holds a `${VAR}` no directory matches may
apply anything, and then no file is said to be unapplied.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from scaffold.model.facts.documents import FileFacts
from scaffold.model.flux_graph import FluxGraph
from scaffold.model.kustomize import is_kustomization_file


def unapplied_files(
    graph: FluxGraph, facts: Mapping[str, FileFacts], sync_paths: Iterable[str]
) -> frozenset[str]:
    """The manifest and kustomization files no cluster applies (none when the clusters are
    not known, or some Kustomization of this repository leads where lint cannot follow)."""
    if not list(sync_paths) or not _complete(graph):
        return frozenset()
    applied = _applied(graph)
    charts = tuple(d + "/" for d in graph.builds.chart_dirs)
    return frozenset(
        path
        for path, file_facts in facts.items()
        if path not in applied
        and not (charts and path.startswith(charts))
        and _is_manifest_file(path, file_facts)
    )


def _complete(graph: FluxGraph) -> bool:
    # In this repository (a source root) but at no known directory, and not missing:
    # a `${VAR}` path that may lead anywhere.
    return not any(
        a.source_root is not None and a.directory is None and not a.missing
        for a in graph.appliers
    )


def _applied(graph: FluxGraph) -> set[str]:
    builds = graph.builds
    applied = {placed.item.path for placed in graph.placed}
    reached = set(graph.reached)
    for applier in graph.appliers:
        # A Flux Kustomization's components are built with its path.
        if applier.doc is None or applier.directory is None:
            continue
        for component in applier.doc.components:
            target = posixpath.normpath(posixpath.join(applier.directory, component))
            reached |= builds.reached(target)
    for directory in reached:
        kustomization = builds.kustomization.get(directory)
        if kustomization is None:
            # Flux builds every manifest of it (and of its sub-directories, reached too).
            applied.update(c for c in builds.children.get(directory, ()) if not c.endswith("/"))
            continue
        applied.add(kustomization)
        doc = builds.kustomization_doc(directory)
        for _, entry, _ in doc.entries if doc is not None else ():
            applied.add(posixpath.normpath(posixpath.join(directory, entry)))
    return applied


def _is_manifest_file(path: str, file_facts: FileFacts) -> bool:
    if is_kustomization_file(path):
        return True
    return any(doc.api_version and doc.kind for doc in file_facts.documents if not doc.empty)
