"""Which files lint reads: what Git would commit, or (outside Git) a gitignore-aware walk."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import fs, git
from scaffold.errors import ScaffoldError
from scaffold.model.files.gitignore import (
    GITIGNORE,
    IgnoreRules,
    inside,
    read_lines,
    rules_from_files,
    walk,
)

# `ls-files -s -v`: a tag, then mode, blob, stage and path; an untracked file is `? path`.
STAGED = re.compile(
    r"^(?P<tag>\S) (?P<mode>\d{6}) (?P<blob>[0-9a-f]{40,64}) \d\t(?P<path>.*)$", re.DOTALL
)
UNTRACKED = "? "
# Tags of entries whose work-tree file Git does not compare with the index: lower case is
# assume-unchanged (also every file added under core.ignoreStat), S skip-worktree.
SKIP_WORKTREE = "Ss"
SUBMODULE_MODE = "160000"
SOURCEIGNORE = ".sourceignore"
# What source-controller leaves out of every artifact before `.sourceignore` applies
# (its VCS, CI and extra defaults); `.sourceignore` may re-include them.
FLUX_DEFAULT_EXCLUDES = (
    ".git/", ".gitignore", ".gitmodules", ".gitattributes",
    ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml",
    "cloudbuild.yaml", "codeship-services.yml", "codeship-steps.yml",
    "**/.goreleaser.yml", "**/.goreleaser.brew.yml", "**/.sops.yaml", "**/.flux.yaml",
    "**/.golangci.yaml",
)  # fmt: skip
REGULAR_MODE = "100"
SHA1_HEX = 40


@dataclass
class Discovery:
    """The files to lint, the tracked ones (None outside Git) and the ignore rules in force."""

    root: Path
    files: list[str]
    ignore: IgnoreRules
    tracked: frozenset[str] | None = None
    blobs: dict[str, str] = field(default_factory=dict)
    # (path, message, hint) of each file not read: symlinks out of the root or unresolvable
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    # Tracked files Git reports unchanged without looking (assume-unchanged, skip-worktree)
    unverified: frozenset[str] = frozenset()

    @property
    def in_git(self) -> bool:
        """Whether the root is a Git work tree."""
        return self.tracked is not None


def discover(root: Path) -> Discovery:
    """The files of the repository at `root` (already its top level when in Git).

    Outside a work tree in CI (`CI` set, as every CI service does), the files on
    disk came from a checkout: all of them, ignored names included, count as
    committed, so the rules about committed files keep guarding.
    """
    if git.has_git() and (root / ".git").exists():
        _refuse_special_ignore_file(root)
        return _from_git(root)
    symlinks: list[str] = []
    if in_ci():
        files, rules = walk(root, symlinks, honour_ignore=False)
        tracked = frozenset(files)
        return Discovery(root, files, rules, tracked, skipped=_unfollowed(root, symlinks))
    files, rules = walk(root, symlinks)
    return Discovery(root, files, rules, skipped=_unfollowed(root, symlinks))


def in_ci() -> bool:
    """Whether this runs in CI: the `CI` variable set, and not to false."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _refuse_special_ignore_file(root: Path) -> None:
    """Git opens `.gitignore` without checking it first: a FIFO there would block it forever."""
    try:
        mode = os.lstat(root / GITIGNORE).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise ScaffoldError(
            f"{GITIGNORE}: not a regular file (Git would wait on it forever)",
            hint="replace it with a regular file",
        )


def _from_git(root: Path) -> Discovery:
    out = git.read_only(
        ["-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--others",
         "--exclude-standard", "-s", "-v"],
        root,
    ).stdout  # fmt: skip
    tracked: set[str] = set()
    blobs: dict[str, str] = {}
    listed: set[str] = set()
    unverified: set[str] = set()
    for entry in out.split("\0"):
        if not entry:
            continue
        staged = STAGED.match(entry)
        if staged is None:
            listed.add(entry.removeprefix(UNTRACKED))
            continue
        if staged["mode"] == SUBMODULE_MODE:
            continue
        tracked.add(staged["path"])
        if staged["tag"].islower() or staged["tag"] in SKIP_WORKTREE:
            unverified.add(staged["path"])
        if staged["mode"].startswith(REGULAR_MODE):  # a symlink's blob is its target's name
            blobs[staged["path"]] = staged["blob"]
        listed.add(staged["path"])
    top = str(root)
    files = sorted(p for p in listed if _is_lintable(root, top, p))
    rules = rules_from_files(
        root, [p for p in files if p == GITIGNORE or p.endswith("/" + GITIGNORE)]
    )
    symlinks = [p for p in listed.difference(files) if (root / p).is_symlink()]
    skipped = _unfollowed(root, symlinks)
    return Discovery(root, files, rules, frozenset(tracked), blobs, skipped, frozenset(unverified))


def _unfollowed(root: Path, symlinks: list[str]) -> list[tuple[str, str, str]]:
    """Why each symlink lint does not follow matters: out of the root, or unresolvable.

    A symlink to a directory inside the root is simply not walked twice.
    """
    skipped = []
    for rel in sorted(symlinks):
        full = root / rel
        if not full.exists():
            message = f"symlink `{rel}` does not resolve (dangling, or a loop); not followed"
            hint = "remove it, or point it at a file in the repository"
        elif not inside(root, full):
            message = f"symlink `{rel}` points outside the repository; not followed"
            hint = "replace it by the file it points to, or by a symlink inside the repository"
        elif fs.reads_git_dir(full, root):
            message = f"symlink `{rel}` points into a .git directory; not followed"
            hint = "remove it: Git's own files (config, hooks) are not the repository's content"
        else:
            continue
        skipped.append((rel, message, hint))
    return skipped


def unmodified_blobs(discovery: Discovery) -> dict[str, str]:
    """Blob ids of the tracked files whose work-tree content is what the index holds.

    `git diff-files` compares the index's stat data with the work tree (and the
    content of racily clean entries), so this costs a stat per file, not a read.
    It compares every field it can (ctime too: `cp -p` and `rsync -t` keep the mtime
    of a same-size edit), and an entry Git never compares (assume-unchanged,
    skip-worktree) is not taken on its word: its bytes decide.
    """
    if not discovery.blobs:
        return {}
    done = git.read_only(
        ["-c", "core.quotepath=off", "-c", "core.checkStat=default", "-c", "core.trustctime=true",
         "diff-files", "--name-only", "-z"], discovery.root,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return {}
    modified = set(done.stdout.split("\0")) | discovery.unverified
    return {p: blob for p, blob in discovery.blobs.items() if p not in modified}


def content_keys(discovery: Discovery, paths: Sequence[str]) -> dict[str, str | None]:
    """Each file's content key: its Git blob id when the work tree holds what the index
    does (a stat, no read), else the blob id of its bytes; None if it cannot be read."""
    clean = unmodified_blobs(discovery)
    hex_length = hex_length_of(discovery)
    return {
        path: clean.get(path) or _digest_of(discovery.root / path, hex_length) for path in paths
    }


def hex_length_of(discovery: Discovery) -> int:
    """How long the repository's blob ids are (SHA-1, or SHA-256)."""
    return len(next(iter(discovery.blobs.values()), "x" * SHA1_HEX))


def content_digest(data: bytes, hex_length: int = SHA1_HEX) -> str:
    """The id Git gives a blob of `data` (SHA-1, or SHA-256 in a SHA-256 repository)."""
    algorithm = hashlib.sha1 if hex_length == SHA1_HEX else hashlib.sha256
    return algorithm(b"blob %d\0" % len(data) + data).hexdigest()


def _digest_of(path: Path, hex_length: int) -> str | None:
    try:
        return content_digest(path.read_bytes(), hex_length)
    except OSError:
        return None


def _is_lintable(root: Path, top: str, rel: str) -> bool:
    if rel == ".git" or rel.startswith(".git/"):
        return False
    try:
        mode = os.lstat(os.path.join(top, rel)).st_mode  # os.path: pathlib costs more per file
    except OSError:
        return False  # deleted in the work tree
    if stat.S_ISREG(mode):
        return True
    full = root / rel
    linked = stat.S_ISLNK(mode) and inside(root, full) and full.is_file()
    return linked and not fs.reads_git_dir(full, root)


def flux_source_ignore(root: Path) -> IgnoreRules:
    """What source-controller leaves out of the artifact: its defaults, then `.sourceignore`."""
    path = root / SOURCEIGNORE
    return source_ignore_rules(read_lines(path) if path.is_file() else [])


def source_ignore_rules(lines: list[str]) -> IgnoreRules:
    """Flux's default excludes, then the lines of a `.sourceignore`."""
    rules = IgnoreRules()
    rules.add("", [*FLUX_DEFAULT_EXCLUDES, *lines])
    return rules
