"""Git plumbing used across commands, all through the one subprocess wrapper."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from scaffold import proc
from scaffold.errors import UsageError

# Used only when the user has no identity configured, so a commit never fails on a fresh machine.
FALLBACK_IDENTITY = (
    "-c",
    "user.name=gitops-scaffold",
    "-c",
    "user.email=gitops-scaffold@localhost",
)


# Settings under which git runs no program the user's or the repository's configuration
# names: no file-system monitor, no hooks (`--no-verify` alone leaves prepare-commit-msg,
# post-commit, reference-transaction and post-index-change running).
NO_PROGRAMS = ("-c", "core.fsmonitor=false", "-c", f"core.hooksPath={os.devnull}")
# What every command that only reads runs under.
READ_ONLY = NO_PROGRAMS


def no_programs_environment() -> dict[str, str]:
    """NO_PROGRAMS as environment variables, for a program that runs git itself (Copier):
    git takes GIT_CONFIG_COUNT entries as it takes `-c`, above every configuration file."""
    pairs = [setting.split("=", 1) for setting in NO_PROGRAMS[1::2]]
    count = os.environ.get("GIT_CONFIG_COUNT", "")
    first = int(count) if count.isdigit() else 0  # the user's own entries stay, ours come last
    env = {"GIT_CONFIG_COUNT": str(first + len(pairs))}
    for index, (key, value) in enumerate(pairs, start=first):
        env |= {f"GIT_CONFIG_KEY_{index}": key, f"GIT_CONFIG_VALUE_{index}": value}
    return env


def git(args: Sequence[str], cwd: Path, *, check: bool = True) -> proc.Completed:
    """Run `git <args>` in `cwd`."""
    return proc.run(["git", *args], cwd=cwd, check=check)


def has_git() -> bool:
    """Whether the `git` binary is on PATH: the one place that asks."""
    return proc.which("git") is not None


def require_git() -> str:
    """The path of `git`, or an EnvironmentProblem saying how to install it."""
    return proc.require("git")


def toplevel(path: Path) -> Path | None:
    """Return the top level of the work tree holding `path`, or None outside one."""
    require_git()
    probe = path if path.is_dir() else path.parent
    done = read_only(["rev-parse", "--show-toplevel"], probe, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip())


def check_ref_part(value: str, what: str, prefix: str) -> str:
    """`value` when `prefix + value` is a ref name Git accepts and no git call can take for
    an option (`--upload-pack=CMD` as a remote); a UsageError naming `what` otherwise.

    A remote or branch name also lands inside revisions (`NAME/BRANCH`) and refspecs,
    where `--` does not help, so it is checked before any git call sees it.
    """
    plain = bool(value) and not value.startswith("-") and not any(c in value for c in "\0\n\r")
    if not plain or proc.run(["git", "check-ref-format", prefix + value], check=False).returncode:
        raise UsageError(
            f"{what} {value!r} is not a name Git accepts",
            hint=f"pass a name `git check-ref-format {prefix}NAME` accepts",
        )
    return value


def init(path: Path, branch: str = "main") -> None:
    """Create a repository in `path` whose first branch is `branch`."""
    git(["init", "--quiet", f"--initial-branch={branch}"], path)


def name_unborn_branch(path: Path, branch: str) -> None:
    """Make `branch` the branch of a repository with no commit yet; leave any other alone."""
    if git(["rev-parse", "--verify", "--quiet", "HEAD"], path, check=False).returncode != 0:
        git(["symbolic-ref", "HEAD", f"refs/heads/{branch}"], path)


def has_identity(cwd: Path) -> bool:
    """Whether `git commit` in `cwd` would find an author and a committer.

    Asked of `git var`, which reads them as a commit does: from the configuration,
    the GIT_AUTHOR_*/GIT_COMMITTER_* variables, or EMAIL.
    """
    return all(
        read_only(["var", variable], cwd, check=False).returncode == 0
        for variable in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")
    )


def fallback_identity() -> str:
    """The author a commit gets when git knows none, as `Name <email>`."""
    name, email = (FALLBACK_IDENTITY[i].split("=", 1)[1] for i in (1, 3))
    return f"{name} <{email}>"


def commit_paths(cwd: Path, paths: Sequence[str], message: str) -> str:
    """Stage and commit exactly `paths` (relative to `cwd`); return the new commit id.

    The commit is the tool's own record of what it wrote, so no hook or monitor runs:
    the user's identity (the fallback only when there is none) and signing settings
    apply, nothing else of theirs.
    """
    git([*NO_PROGRAMS, "add", "--", *paths], cwd)
    identity: Sequence[str] = () if has_identity(cwd) else FALLBACK_IDENTITY
    args = ["commit", "--quiet", "--no-verify", "-m", message, "--", *paths]
    git([*NO_PROGRAMS, *identity, *args], cwd)
    return read_only(["rev-parse", "HEAD"], cwd).stdout.strip()


def read_only(args: Sequence[str], cwd: Path, *, check: bool = True) -> proc.Completed:
    """Run `git <args>` that only reads, with the repository's hooks and monitor off."""
    return proc.run(["git", *READ_ONLY, *args], cwd=cwd, check=check)
