"""Bring the local repository and the remote flux pushed to into agreement.

Flux commits its manifests to the remote branch; the local branch holds the
layout. We merge, never rebase or force: neither side's history is rewritten.
When the remote was empty before flux, the two histories are unrelated and the
merge says so explicitly (`--allow-unrelated-histories`).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scaffold import git
from scaffold.errors import ScaffoldError

SCP_LIKE = re.compile(r"^(?:[^@/]+@)?([^:/]+):(.+)$")


@dataclass(frozen=True)
class Converged:
    """What converging did, and the git commands left for the user."""

    remote: str
    merged: bool
    pushed: bool
    commands_left: tuple[str, ...]


def normalize_url(url: str) -> str:
    """host/path of a git URL, without user, scheme, port or `.git`, for comparison."""
    text = url.strip()
    match = SCP_LIKE.match(text) if "://" not in text else None
    if match:
        host, path = match.group(1), match.group(2)
    else:
        rest = text.split("://", 1)[-1]
        host_part, _, path = rest.partition("/")
        host = host_part.rsplit("@", 1)[-1].split(":", 1)[0]
    path = path.strip("/")
    path = path.removesuffix(".git")
    return f"{host.lower()}/{path}"


def check_names(branch: str, remote: str | None) -> None:
    """Refuse a branch or remote name git would read as an option or a refspec."""
    git.check_ref_part(branch, "the branch", "refs/heads/")
    if remote is not None:
        git.check_ref_part(remote, "--remote", "refs/remotes/")


def _remotes(root: Path) -> dict[str, str]:
    """Each remote's URL as configured: `git remote get-url` would apply url.*.insteadOf."""
    done = git.read_only(["config", "--get-regexp", r"^remote\..*\.url$"], root, check=False)
    remotes: dict[str, str] = {}
    for line in done.stdout.splitlines():
        key, _, url = line.partition(" ")
        remotes.setdefault(key.removeprefix("remote.").removesuffix(".url"), url.strip())
    return remotes


def choose_remote(
    root: Path, url: str, requested: str | None, report: Callable[[str], None]
) -> str:
    """The remote that points at `url`, adding one when none does."""
    remotes = _remotes(root)
    if requested:
        if requested not in remotes:
            git.git(["remote", "add", "--", requested, url], root)
            report(f"added remote {requested} -> {url}")
        return requested
    wanted = normalize_url(url)
    for name, existing in remotes.items():
        if normalize_url(existing) == wanted:
            return name
    name = "origin" if "origin" not in remotes else "flux"
    if name in remotes:
        raise ScaffoldError(
            f"remotes origin and flux exist but none points at {url}",
            hint="pass --remote with the name of the remote flux bootstrapped",
        )
    git.git(["remote", "add", "--", name, url], root)
    report(f"added remote {name} -> {url}")
    return name


def _is_ancestor(root: Path, older: str, newer: str) -> bool:
    args = ["merge-base", "--is-ancestor", "--end-of-options", older, newer]
    return git.read_only(args, root, check=False).returncode == 0


def _merge(root: Path, ref: str, unrelated: bool) -> None:
    identity = () if git.has_identity(root) else git.FALLBACK_IDENTITY
    args = [*identity, "merge", "--no-edit", "--no-verify"]
    if unrelated:
        args.append("--allow-unrelated-histories")
    message = f"Merge flux bootstrap commits from {ref}"
    done = git.git([*args, "-m", message, "--end-of-options", ref], root, check=False)
    if done.returncode == 0:
        return
    unmerged = git.read_only(["diff", "--name-only", "--diff-filter=U"], root, check=False)
    conflicts = unmerged.stdout.split()
    git.git(["merge", "--abort"], root, check=False)
    flag = " --allow-unrelated-histories" if unrelated else ""
    raise ScaffoldError(
        f"merging {ref} conflicts in {', '.join(conflicts) or 'the work tree'};"
        " the merge was undone",
        hint=f"run `git merge{flag} {ref}`, resolve the conflicts, commit, then push",
    )


def converge(
    root: Path,
    url: str,
    branch: str,
    *,
    remote: str | None,
    push: bool,
    report: Callable[[str], None],
) -> Converged:
    """Fetch what flux pushed, merge it into HEAD, and push when asked."""
    name = choose_remote(root, url, remote, report)
    refspec = f"+refs/heads/{branch}:refs/remotes/{name}/{branch}"
    git.git(["fetch", "--quiet", "--", name, refspec], root)
    ref = f"{name}/{branch}"
    merged = False
    if _is_ancestor(root, "HEAD", ref):
        git.git(["merge", "--quiet", "--ff-only", "--end-of-options", ref], root)
        report(f"fast-forwarded to {ref}")
        merged = True
    elif not _is_ancestor(root, ref, "HEAD"):
        base = git.read_only(["merge-base", "--end-of-options", "HEAD", ref], root, check=False)
        related = base.returncode == 0
        _merge(root, ref, unrelated=not related)
        report(f"merged {ref} into the local branch")
        merged = True
    ahead = not _is_ancestor(root, "HEAD", ref)
    push_args = ["push", name, f"HEAD:refs/heads/{branch}"]  # names checked: no `--` shown
    if ahead and push:
        git.git(["push", "--", *push_args[1:]], root)
        report(f"pushed the local branch to {ref}")
    left = (f"git {shlex.join(push_args)}",) if ahead and not push else ()
    return Converged(name, merged, ahead and push, left)
