"""A HelmRepository or HelmRelease file is not named by the convention.

## What it does
In a sync path's `helm/repositories/`, a file holding one HelmRepository must be
named `<name>.yaml`; in `helm/releases/`, a file holding one HelmRelease must be
named `<chart>-v<version>.yaml` from its `spec.chart.spec` (or, for several
releases of one chart, `<release name>-v<version>.yaml`). A release whose
version is a range, or missing, is left to `unpinned-chart-version`; SealedSecret
files are checked by `sealed-secret-naming`.

## Why is this bad
Every cluster should look the same: the name tells a reviewer what a file holds
and which chart version a cluster runs without opening it, and `add release`
finds an existing release by that name. A file still named after an old chart
version after an upgrade misleads everyone who reads the tree.

## Example
```
clusters/dev/helm/releases/grafana.yaml          # chart grafana, version 8.5.0
clusters/dev/helm/repositories/charts.yaml       # HelmRepository bitnami
```
should be `grafana-v8.5.0.yaml` and `bitnami.yaml`.

## Fix
Rename the file (`git mv`) to the name the finding gives: `gitops-scaffold lint
--fix` does it (`git mv` when Git tracks the file), unless a file of that name
exists. Renovate and Dependabot bump the version in place and never rename:
run `--fix` on their branches.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding, RenameFile
from scaffold.repository.convention import (
    RELEASES,
    REPOSITORIES,
    helm_dir,
    release_file_name,
    repository_file_name,
)

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document, FileFacts
    from scaffold.model.repo import RepoContext

ID = "file-naming"
DEFAULT_LEVEL = "warning"
FIXABLE = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = (
    "A helm/repositories or helm/releases file is not `<name>.yaml` / `<chart>-v<version>.yaml`."
)

# The kinds `accepted_names` knows a file name for.
NAMED_KINDS = frozenset({"HelmRepository", "HelmRelease"})
EXACT_VERSION = re.compile(r"\d+(\.\d+)*([-+][0-9A-Za-z.+-]+)?")


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each single-object file of a helm directory whose name breaks the convention."""
    # Only a file holding one object is named after it: count each file's objects, and
    # keep the documents of the kinds that have a conventional file name.
    count: dict[str, int] = {}
    named: list[tuple[FileFacts, Document]] = []
    for facts, doc in ctx.documents():
        count[facts.path] = count.get(facts.path, 0) + 1
        if doc.kind in NAMED_KINDS:
            named.append((facts, doc))
    for facts, doc in named:
        path = facts.path
        sync_path = ctx.sync_path_of(path)
        if sync_path is None or count[path] != 1:
            continue
        accepted = accepted_names(posixpath.dirname(path), sync_path, doc)
        if accepted and posixpath.basename(path) not in accepted:
            expected = posixpath.join(posixpath.dirname(path), accepted[0])
            yield RawFinding(
                ID,
                path,
                *doc.position,
                f"{doc.kind} `{doc.name or '?'}` should be in a file named `{accepted[0]}`",
                f"git mv {path} {expected} (or run `gitops-scaffold lint --fix`)",
                fixes=(RenameFile(path, expected),),
            )


def accepted_names(directory: str, sync_path: str, doc: Document) -> list[str]:
    """The conventional file names for `doc` in `directory`, preferred first (none: no rule)."""
    if directory == helm_dir(sync_path, REPOSITORIES) and doc.kind == "HelmRepository" and doc.name:
        return [repository_file_name(doc.name)]
    if directory == helm_dir(sync_path, RELEASES) and doc.kind == "HelmRelease" and doc.chart_name:
        version = (doc.chart_version or "").strip().removeprefix("v")
        if EXACT_VERSION.fullmatch(version):
            prefixes = dict.fromkeys(p for p in (doc.chart_name, doc.name) if p)
            return [release_file_name(prefix, version) for prefix in prefixes]
    return []
