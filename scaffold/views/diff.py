"""`diff`: the two states compared, each read through the model's source, never checked out.

The base defaults to where HEAD left its upstream branch (else `main` or `master`), the
head to the work tree with what is not committed yet. Both are rendered as `build` renders
them; the head reuses every Kustomization of the base whose spec and inputs read the same,
so a change re-renders only what it feeds. A Kustomization not rendered on either side is
left out of the comparison on both, and named: a diff never shows a guess.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold import git
from scaffold.errors import UsageError
from scaffold.model.source import GitRevision, Source, WorkTree, resolve_commit
from scaffold.repository.sync_path import normalize_sync_path

if TYPE_CHECKING:
    from scaffold.diff.report import Report

DEFAULT_BRANCHES = ("main", "master", "origin/main", "origin/master")


@dataclass
class Compared:
    """The report, and what was left out of it and why."""

    report: Report
    base_label: str
    head_label: str
    left_out: list[str] = field(default_factory=list)
    built: int = 0
    reused: int = 0


def default_base(root: Path) -> str:
    """The commit to compare with: HEAD's merge-base with its upstream, else with main/master."""
    head = git.read_only(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root, check=False)
    if head.returncode != 0:
        raise UsageError(
            f"{root} has no commit to compare with",
            hint="commit once, or name both sides: gitops-scaffold diff BASE HEAD",
        )
    upstream = git.read_only(
        ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"], root, check=False
    )
    candidates = [upstream.stdout.strip()] if upstream.returncode == 0 else []
    candidates += [b for b in DEFAULT_BRANCHES if b not in candidates]
    for branch in candidates:
        exists = git.read_only(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{branch}^{{commit}}"],
            root,
            check=False,
        )
        if exists.returncode != 0:
            continue
        found = git.read_only(["merge-base", "HEAD", exists.stdout.strip()], root, check=False)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
        raise UsageError(
            f"HEAD and {branch} have no common commit in {root}"
            + (" (a shallow clone)" if _shallow(root) else ""),
            hint="fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` in "
            "actions/checkout), or name the base: gitops-scaffold diff BASE",
        )
    raise UsageError(
        f"no base to compare with in {root}: HEAD has no upstream branch, and there is no "
        "main or master",
        hint="name the base: gitops-scaffold diff BASE (a branch, tag or commit)",
    )


def _shallow(root: Path) -> bool:
    done = git.read_only(["rev-parse", "--is-shallow-repository"], root, check=False)
    return done.stdout.strip() == "true"


def sides(root: Path, base: str | None, head: str | None) -> tuple[Source, Source]:
    """The two states: revisions read from Git, and the work tree when `head` is None."""
    git.require_git()
    if git.toplevel(root) is None:
        raise UsageError(f"{root} is not in a Git repository", hint="diff compares revisions")
    base_commit = resolve_commit(root, base) if base is not None else default_base(root)
    head_source: Source = (
        GitRevision(root, resolve_commit(root, head)) if head is not None else WorkTree(root)
    )
    return GitRevision(root, base_commit), head_source


def compare_sides(
    root: Path, base: str | None, head: str | None, sync_paths: Sequence[str]
) -> Compared:
    """What going from `base` to `head` does to each cluster (or to `sync_paths`)."""
    from scaffold.model.gc_pause import no_cyclic_gc

    # Both sides' objects stay alive to the end: the collector would only rescan them.
    with no_cyclic_gc():
        return _compare_sides(root, base, head, sync_paths)


def _compare_sides(
    root: Path, base: str | None, head: str | None, sync_paths: Sequence[str]
) -> Compared:
    from scaffold.diff.report import Report
    from scaffold.views.diff_sides import compared_clusters

    before, after = sides(root, base, head)
    asked = [normalize_sync_path(s) for s in sync_paths]
    key = secrets.token_bytes(32)  # one key for both sides' masks, in every worker
    pieces = compared_clusters(root, before, after, asked, key)
    diffs = sorted((d for p in pieces for d in p.diff), key=lambda d: d.cluster)
    return Compared(
        Report(tuple(diffs)),
        before.label,
        after.label,
        sorted(line for p in pieces for line in p.notes),
        built=sum(p.built for p in pieces),
        reused=sum(p.reused for p in pieces),
    )
