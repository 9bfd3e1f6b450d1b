"""kustomize or kustomize-controller would fail to build a Kustomization a cluster applies.

## What it does
Builds every Flux Kustomization a sync path reaches, as `gitops-scaffold build` does
(kustomize, then Flux's own layer: targetNamespace, `spec.patches`, components, images,
name prefix and suffix, postBuild substitution), and reports what that build rejects, at
the file and line of the entry that fails: a resource, patch or component that does not
exist, a patch that matches nothing or cannot apply, a generator whose file is missing, a
cycle of kustomizations, a duplicate object, a strict-mode substitution error (a file
that is not there is `missing-kustomization-entry`'s finding, a listed file that is not a
manifest `not-a-manifest`'s, a cycle `dependency-cycle`'s, not this one's). Only the
clusters holding something that can fail this way are built (a kustomization file, or a
Flux Kustomization with patches, components, images or postBuild); what cannot be
rendered offline (remote bases, Helm charts, plugins, other repositories) is not judged.

## Why is this bad
Flux applies nothing of a Kustomization whose build fails: the whole Kustomization stays
at its last good revision, and everything that `dependsOn` it waits.

## Example
```yaml
# apps/production/kustomization.yaml
resources: [../base]
patches:
  - path: replicas-patch.yaml     # the file was renamed: kustomize fails
```

## Fix
Fix the entry the finding points at; `gitops-scaffold build KUSTOMIZATION` shows the
result once it builds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "unbuildable-kustomization"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "kustomize or kustomize-controller would fail to build a Kustomization a cluster applies."


def rendered_clusters(ctx: RepoContext) -> list[str]:
    """The clusters whose build may fail beyond what other rules see (see `_may_fail`)."""
    return [c for c in ctx.sync_paths if _may_fail(ctx, c)]


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each rejection of a reached Kustomization's build, once per file and line."""
    clusters = rendered_clusters(ctx)
    if not clusters:
        return
    seen: set[tuple[str, int, int, str]] = set()
    for cluster in ctx.rendered(clusters).clusters:
        for kustomization in cluster.kustomizations:
            for problem in kustomization.problems:
                if problem.missing:
                    continue  # another rule names it (see Problem.missing)
                key = (problem.path, problem.line, problem.column, problem.message)
                if key in seen:
                    continue
                seen.add(key)
                line, column = (
                    (problem.line, problem.column)
                    if problem.line
                    else _where(ctx, problem.path, kustomization.name)
                )
                yield RawFinding(
                    ID,
                    problem.path,
                    line,
                    column,
                    f"Flux cannot build Kustomization `{kustomization.key}` on "
                    f"`{cluster.sync_path}`: {problem.message}",
                    "fix this entry; `gitops-scaffold build "
                    f"{kustomization.name}` shows the objects once it builds",
                )


def _may_fail(ctx: RepoContext, cluster: str) -> bool:
    """Whether a build of the cluster can fail beyond what other rules see: a kustomization
    file it reads, or a Flux Kustomization with its own build instructions."""
    graph = ctx.graph
    builds = ctx.builds
    if any(d in builds.kustomization for d in graph.reached):
        for applier in graph.appliers:
            if (
                applier.cluster == cluster
                and applier.directory is not None
                and any(d in builds.kustomization for d in builds.reached(applier.directory))
            ):
                return True
    for applier in graph.appliers:
        doc = applier.doc
        if applier.cluster != cluster or doc is None:
            continue
        if doc.patches or doc.components or doc.has_post_build or doc.patch_kinds:
            return True
    return False


def _where(ctx: RepoContext, path: str, name: str) -> tuple[int, int]:
    """The position of the Flux Kustomization `name` in `path`, else the file's start."""
    facts = ctx.facts.get(path)
    for doc in facts.documents if facts is not None else ():
        if doc.kind == "Kustomization" and doc.name == name:
            return doc.position
    return 1, 1
