"""A HelmRelease does not pin its chart version.

## What it does
Reports a HelmRelease whose `spec.chart.spec` has no `version`, or a version that
is not one exact SemVer version: a range (`">=15.5.0"`, `"6.x"`, `"~1.2"`, `"8.5"`)
or `"*"`. A kustomize overlay that builds it may patch the version in (a patch file
naming the same HelmRelease with `spec.chart.spec.version`); a range in that patch
is reported on the patch. A chart taken from a GitRepository or Bucket path is
versioned by its `Chart.yaml`, so `version` does not apply there.

## Why is this bad
Flux reads `spec.chart.spec.version` as a constraint: with none, a range or `*`,
helm-controller installs the newest chart that matches, so a new chart version
(a new major one, for `*` or `>=`) reaches the cluster without a commit or a
review, and the file name's `-v<version>` no longer says what runs.

## Example
```yaml
spec:
  chart:
    spec:
      chart: podinfo
      sourceRef: {kind: HelmRepository, name: podinfo}
```

## Fix
Set `version:` to the exact version (`6.5.0`), and name the file
`<chart>-v<version>.yaml`. A release meant to follow a range keeps it with
`# gitops-scaffold: disable=unpinned-chart-version` on the line, as
`add release --allow-range` accepts it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.flux.vocabulary import is_exact_version as is_exact
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document
    from scaffold.model.repo import RepoContext

ID = "unpinned-chart-version"
DEFAULT_LEVEL = "warning"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A HelmRelease chart has no exact `version` (none, a range or `*`)."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each HelmRelease chart without a pinned version."""
    patched, ranged_patches = _patched_versions(ctx)
    yield from ranged_patches
    for facts, doc in ctx.documents():
        if doc.kind != "HelmRelease" or not doc.has_chart or doc.chart_pos is None:
            continue
        source = doc.chart_source_ref.kind if doc.chart_source_ref else ""
        if source in ("GitRepository", "Bucket") or _is_exact(doc.chart_version):
            continue
        if _given(doc.chart_version):
            yield _range(facts.path, doc)
            continue
        if _pinned_by_overlays(ctx, facts.path, doc, patched.get(doc.name or "", [])):
            continue
        yield RawFinding(
            ID,
            facts.path,
            *doc.chart_pos,
            f"HelmRelease `{doc.name or '?'}` does not pin its chart version",
            "set `spec.chart.spec.version` to an exact version; without one Flux installs "
            "the newest chart without a commit",
        )


def _given(version: str | None) -> bool:
    value = (version or "").strip()
    return bool(value) and value != "*"


def _is_exact(version: str | None) -> bool:
    return is_exact((version or "").strip())


def _range(path: str, doc: Document) -> RawFinding:
    return RawFinding(
        ID,
        path,
        *(doc.chart_pos or (1, 1)),
        f"HelmRelease `{doc.name or '?'}` takes chart version `{doc.chart_version}`, a range: "
        "Flux installs the newest match, so the chart changes without a commit",
        "set `spec.chart.spec.version` to one exact version such as 1.2.3",
    )


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
        if directory is None or not ctx.builds.reached(directory) & set(pinning):
            return False
    return True


def _patched_versions(ctx: RepoContext) -> tuple[dict[str, list[Overlay]], list[RawFinding]]:
    """HelmRelease name -> each overlay that patches a version into one of that name, with
    the documents it builds; and a finding for each patched version that is a range."""
    found: dict[str, list[Overlay]] = {}
    ranges: dict[tuple[str, int], RawFinding] = {}
    builds = ctx.builds
    for directory in builds.kustomization:
        kustomization = builds.kustomization_doc(directory)
        if kustomization is None:
            continue
        for field, entry, _ in kustomization.entries:
            patch = posixpath.normpath(posixpath.join(directory, entry))
            if not field.startswith("patches") or patch not in ctx.facts:
                continue
            for doc in ctx.facts[patch].documents:
                if doc.kind == "HelmRelease" and doc.name and _given(doc.chart_version):
                    built = {(i.path, i.index) for i in builds.build(directory)}
                    found.setdefault(doc.name, []).append((directory, built))
                    if not _is_exact(doc.chart_version):
                        ranges[(patch, doc.index)] = _range(patch, doc)
    return found, list(ranges.values())
