"""A HelmRelease does not pin its chart version.

## What it does
Reports a HelmRelease whose `spec.chart.spec` has no `version`, or `version: "*"`.

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

from collections.abc import Iterator

from scaffold.lint.context.repo import RepoContext
from scaffold.lint.model import RawFinding

ID = "unpinned-chart-version"
DEFAULT_LEVEL = "warning"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = 'A HelmRelease chart has no `version`, or `version: "*"`.'


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each HelmRelease chart without a pinned version."""
    for facts, doc in ctx.documents():
        if doc.kind != "HelmRelease" or not doc.has_chart or doc.chart_pos is None:
            continue
        version = (doc.chart_version or "").strip()
        if version and version != "*":
            continue
        yield RawFinding(
            ID,
            facts.path,
            *doc.chart_pos,
            f"HelmRelease `{doc.name or '?'}` does not pin its chart version",
            "set `spec.chart.spec.version` to an exact version",
        )
