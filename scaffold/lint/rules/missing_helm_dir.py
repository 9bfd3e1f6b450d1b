"""A sync path lacks one of the helm directories of the convention.

## What it does
Reports a sync path without `helm/repositories`, `helm/releases` or
`helm/secrets`.

## Why is this bad
The layout is the contract between people and tools in this repository: where a
HelmRepository, a HelmRelease or a SealedSecret goes, and what other commands
(`add`, `seal`) expect to find. A missing directory means the next file lands
somewhere else.

## Example
```
clusters/dev/helm/releases/
clusters/dev/helm/repositories/
                                  # clusters/dev/helm/secrets/ is missing
```

## Fix
`gitops-scaffold lint --fix` creates the missing directories with a `.gitkeep`
so Git keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.lint.context.repo import RepoContext
from scaffold.lint.model import CreateFile, RawFinding
from scaffold.repository.convention import HELM_DIRS, helm_dir

ID = "missing-helm-dir"
DEFAULT_LEVEL = "error"
FIXABLE = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A sync path lacks helm/repositories, helm/releases or helm/secrets."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield one finding per missing helm directory of each sync path."""
    for sync_path in ctx.sync_paths:
        for sub in HELM_DIRS:
            directory = helm_dir(sync_path, sub)
            if not ctx.is_dir(directory):
                yield RawFinding(
                    ID,
                    sync_path,
                    1,
                    1,
                    f"sync path {sync_path} has no `helm/{sub}` directory",
                    f"create {directory}/ (with a .gitkeep), or run `gitops-scaffold lint --fix`",
                    fixes=(CreateFile(f"{directory}/.gitkeep"),),
                )
