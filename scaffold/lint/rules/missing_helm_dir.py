"""A sync path lacks one of the helm directories of the convention.

## What it does
Reports a sync path without `helm/repositories`, `helm/releases` or
`helm/secrets`, including one that exists on disk but holds no file Git would
commit: Git does not keep empty directories, so a fresh clone (and CI) lacks it.

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

A sync path that is not a directory at all (the cluster's answers file names
it, but the directory is gone) is one finding, `sync path ... does not exist`.
A sync path given with `--sync-path` or in `.gitops-scaffold.yaml` that does not
exist is an error before any rule runs.

## Fix
`gitops-scaffold lint --fix` creates the missing directories with a `.gitkeep`
so Git keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import CreateFile, RawFinding
from scaffold.repository.convention import HELM_DIRS, helm_dir

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "missing-helm-dir"
DEFAULT_LEVEL = "error"
FIXABLE = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A sync path lacks helm/repositories, helm/releases or helm/secrets."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield one finding per missing helm directory of each sync path."""
    for sync_path in ctx.sync_paths:
        if not ctx.is_dir(sync_path):
            yield RawFinding(
                ID,
                sync_path,
                1,
                1,
                f"sync path {sync_path} does not exist",
                "a cluster's .copier-answers*.yml file names it: restore the directory, or run "
                "`gitops-scaffold lint --fix` to create its helm directories",
                fixes=tuple(CreateFile(f"{helm_dir(sync_path, s)}/.gitkeep") for s in HELM_DIRS),
            )
            continue
        for sub in HELM_DIRS:
            directory = helm_dir(sync_path, sub)
            if ctx.git_keeps_dir(directory):
                continue
            if ctx.is_dir(directory):
                message = (
                    f"`{directory}` exists here but holds no file Git keeps, so a fresh clone "
                    "(and CI) has no such directory"
                )
                hint = f"add {directory}/.gitkeep, or run `gitops-scaffold lint --fix`"
            else:
                message = f"sync path {sync_path} has no `helm/{sub}` directory"
                hint = f"create {directory}/ (with a .gitkeep), or run `gitops-scaffold lint --fix`"
            yield RawFinding(
                ID, sync_path, 1, 1, message, hint, fixes=(CreateFile(f"{directory}/.gitkeep"),)
            )
