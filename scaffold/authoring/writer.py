"""Writing a generated file: atomically, never over a user's file without `--force`."""

from __future__ import annotations

import contextlib
import os
import shlex
import tempfile
from pathlib import Path

import typer

from scaffold.errors import UsageError


def refuse_existing(path: Path, *, force: bool) -> None:
    """Raise UsageError when `path` exists and `force` is not given."""
    if path.exists() and not force:
        raise UsageError(
            f"{display_path(path)} already exists", hint="pass --force to overwrite it"
        )


def write_new_file(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` via a temporary file in the same directory.

    Without `force` the final step is a hard link, which fails if `path`
    appeared meanwhile, so a file is never replaced behind the user's back.
    """
    refuse_existing(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would surprise the user
        if force:
            os.replace(tmp, path)
        else:
            _link_exclusive(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _link_exclusive(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise UsageError(
            f"{display_path(path)} already exists", hint="pass --force to overwrite it"
        ) from None
    except OSError:
        # No hard links on this filesystem: the exists() check above has to do.
        os.replace(tmp, path)


def display_path(path: Path, cwd: Path | None = None) -> str:
    """`path` relative to the working directory, as the user would type it."""
    base = (cwd or Path.cwd()).resolve()
    return os.path.relpath(path.resolve(), base)


def report_written(path: Path, commit_message: str) -> None:
    """Print the path written (stdout) and the command that commits it (stderr)."""
    shown = display_path(path)
    typer.echo(shown)
    command = f"git add {shlex.quote(shown)} && git commit -m {shlex.quote(commit_message)}"
    typer.echo(f"wrote {shown}; commit it with:\n  {command}", err=True)
