"""A Helm object is outside its helm directory.

## What it does
Under a sync path that uses the `helm/` layout, reports a HelmRepository outside
`helm/repositories`, a HelmRelease outside `helm/releases` and a SealedSecret
outside `helm/secrets`.

## Why is this bad
Flux does not care where a file is, but people and tools do: `add` and `seal`
look in the helm directories, and a reviewer looking for a release will not find
it elsewhere.

## Example
```
clusters/dev/podinfo.yaml            # a HelmRelease
clusters/dev/helm/releases/          # where it belongs
```

## Fix
Move the file into the directory for its kind (`git mv`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding
from scaffold.repository.convention import HOME_OF_KIND, helm_dir

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "misplaced-manifest"
DEFAULT_LEVEL = "warning"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A HelmRepository, HelmRelease or SealedSecret is outside its helm directory."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each Helm object of a helm-layout sync path outside its directory."""
    for facts, doc in ctx.documents():
        home = HOME_OF_KIND.get(doc.kind or "")
        sync_path = ctx.sync_path_of(facts.path)
        if home is None or sync_path is None or not ctx.helm_layout(sync_path):
            continue
        directory = helm_dir(sync_path, home) + "/"
        if not facts.path.startswith(directory):
            yield RawFinding(
                ID,
                facts.path,
                *doc.position,
                f"{doc.kind} `{doc.name or '?'}` is outside {directory}",
                f"move it to {directory}",
            )
