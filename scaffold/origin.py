"""Where a checkout of gitops-scaffold came from: a Git source that holds its exact commit.

Standard library only, and no import of the package: the wheel build hook
(hatch_build.py) loads this file by path, before anything is installed, to record
the checkout's origin in the wheel. Git is asked through the `git` callable the
caller passes (the package passes one over scaffold.proc).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ORIGIN_FILE = "_origin.json"  # in the package directory of a wheel built from a checkout

# Runs `git ARGS` in the checkout; its stripped stdout, or None when git fails.
Git = Callable[[list[str]], "str | None"]


def checkout_origin(root: Path, version: str, git: Git) -> dict[str, str] | None:
    """`{"source", "commit", "tag"}` of the checkout at `root`, None when it is not one.

    `tag` is the release tag `v<version>` when it names that very commit, else empty.
    """
    commit = git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
    top = git(["rev-parse", "--show-toplevel"])
    if not commit or not top or Path(top).resolve() != root.resolve():
        return None
    tag = f"v{version}"
    tagged = git(["rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}"]) == commit
    return {"source": _source(root, commit, git), "commit": commit, "tag": tag if tagged else ""}


def _source(root: Path, commit: str, git: Git) -> str:
    # A remote whose branches hold the commit is where others can fetch it (origin first);
    # a commit made here exists only here.
    remotes = (git(["remote"]) or "").split()
    for remote in sorted(remotes, key=lambda name: name != "origin"):
        holding = git(["for-each-ref", "--count=1", "--contains", commit, "--format=%(refname)",
                       f"refs/remotes/{remote}/"])  # fmt: skip
        url = git(["remote", "get-url", "--", remote])
        if holding and url:
            return _absolute(root, url)
    return str(root.resolve())


def _absolute(root: Path, url: str) -> str:
    # A remote given as a path (relative ones are relative to the checkout) is made absolute.
    if "://" in url or ":" in url.split("/", 1)[0]:
        return url
    return str((root / url).resolve())
