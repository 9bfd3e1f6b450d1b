"""A HelmRelease does not pin its chart version.

## What it does
Reports a HelmRelease whose `spec.chart.spec` has no `version`, or `version: "*"`,
unless a kustomize overlay that builds it patches a version in (a patch file
naming the same HelmRelease with `spec.chart.spec.version`). A chart taken from a
GitRepository or Bucket path is versioned by its `Chart.yaml`, so `version` does
not apply there.

## Why is this bad
helm-controller then installs whatever the repository serves as latest: a new
major version of the chart reaches the cluster on its own, without review, and
the file name's `-v<version>` no longer says what runs.

## Example
```yaml
spec:
  chart:
    spec:
      chart: podinfo
      sourceRef: {kind: HelmRepository, name: podinfo}
```

## Fix
Set `version:` to the exact version (or a bounded range such as `6.5.x`), and
name the file `<chart>-v<version>.yaml`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document
    from scaffold.model.repo import RepoContext

ID = "unpinned-chart-version"
DEFAULT_LEVEL = "warning"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = 'A HelmRelease chart has no `version`, or `version: "*"`.'


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each HelmRelease chart without a pinned version."""
    patched = _patched_versions(ctx)
    for facts, doc in ctx.documents():
        if doc.kind != "HelmRelease" or not doc.has_chart or doc.chart_pos is None:
            continue
        source = doc.chart_source_ref.kind if doc.chart_source_ref else ""
        if source in ("GitRepository", "Bucket") or _pinned(doc.chart_version):
            continue
        if _pinned_by_overlays(ctx, facts.path, doc, patched.get(doc.name or "", [])):
            continue
        yield RawFinding(
            ID,
            facts.path,
            *doc.chart_pos,
            f"HelmRelease `{doc.name or '?'}` does not pin its chart version",
            "set `spec.chart.spec.version` to an exact version",
        )


def _pinned(version: str | None) -> bool:
    value = (version or "").strip()
    return bool(value) and value != "*"


Overlay = tuple[str, set[tuple[str, int]]]


def _pinned_by_overlays(
    ctx: RepoContext, path: str, doc: Document, overlays: list[Overlay]
) -> bool:
    """Whether overlays patch a version into every build that applies the HelmRelease
    (into some build, when no sync path applies it)."""
    document = (path, doc.index)
    pinning = [directory for directory, built in overlays if document in built]
    if not pinning:
        return False
    placements = ctx.graph.placements(path, doc.index)
    for placed in placements:
        directory = placed.applier.directory
        if directory is None or not ctx.tree.reached(directory) & set(pinning):
            return False
    return True


def _patched_versions(ctx: RepoContext) -> dict[str, list[Overlay]]:
    """HelmRelease name -> each overlay that patches a version into one of that name, with
    the documents it builds."""
    found: dict[str, list[Overlay]] = {}
    tree = ctx.tree
    for directory in tree.kustomization:
        kustomization = tree.kustomization_doc(directory)
        if kustomization is None:
            continue
        for field, entry, _ in kustomization.entries:
            patch = posixpath.normpath(posixpath.join(directory, entry))
            if not field.startswith("patches") or patch not in ctx.facts:
                continue
            for doc in ctx.facts[patch].documents:
                if doc.kind == "HelmRelease" and doc.name and _pinned(doc.chart_version):
                    built = {(i.path, i.index) for i in tree.build(directory)}
                    found.setdefault(doc.name, []).append((directory, built))
    return found
