"""Writing a generated file inside the repository, never over a user's file without `--force`."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import fs, git
from scaffold.errors import EnvironmentProblem, UsageError


@dataclass(frozen=True)
class Written:
    """What an authoring command wrote: the file, how to commit it, and any warnings."""

    path: Path
    commit_message: str
    kind: str = ""
    name: str = ""
    warnings: list[str] = field(default_factory=list)
    # "added", "upgraded", "removed", "sealed", "merged": what happened to `path`.
    action: str = "added"
    # The file's name before an upgrade renamed it.
    renamed_from: Path | None = None
    # Facts worth showing (chart, version, keys): names and versions, never a secret value.
    details: dict[str, str | list[str]] = field(default_factory=dict)
    # Whether Git already staged the change (`git mv`, `git rm`).
    staged: bool = False

    @property
    def deleted(self) -> bool:
        """Whether `path` is gone (its removal is what to commit)."""
        return self.action == "removed"


def refuse_existing(path: Path, *, force: bool) -> None:
    """Raise UsageError when `path` exists and `force` is not given, or its name is too long."""
    fs.check_name_length(path)
    if (path.exists() or path.is_symlink()) and not force:
        raise UsageError(
            f"{fs.display_path(path)} already exists", hint="pass --force to overwrite it"
        )


def write_new_file(path: Path, text: str, *, force: bool, root: Path) -> None:
    """Write `text` to `path`, which must lie inside `root` once symlinks are resolved."""
    refuse_existing(path, force=force)
    fs.check_write_target(path, root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Checked again: a directory just made may be a link swapped in.
        fs.write_in_repository(path, text, root, exclusive=not force)
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot write {fs.display_path(path)}: {exc.strerror or exc}",
            hint="free some space or fix the permissions, then run again",
        ) from exc


def commit_command(path: Path | None, message: str) -> str | None:
    """The shell command that commits `path` with `message` (None: what is already staged);
    None when `path` is not in a Git work tree."""
    commit = f"git commit -m {shlex.quote(message)}"
    if path is None:
        return commit
    if not git.has_git() or git.toplevel(path.parent) is None:
        return None
    return f"git add {shlex.quote(fs.display_path(path))} && {commit}"
