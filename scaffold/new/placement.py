"""Moving a rendered tree into place: all of it or nothing, never over a user's file."""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import fs


@dataclass
class Placement:
    """How the files of a rendered tree relate to what DEST already holds."""

    new: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def rendered_files(staged: Path) -> list[str]:
    """Every file of the rendered tree, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file())


def plan(staged: Path, dest: Path) -> Placement:
    """Sort the rendered files into new ones, ones DEST already has, and conflicts."""
    result = Placement()
    for rel in rendered_files(staged):
        target = dest / rel
        if not target.exists() and not target.is_symlink():
            result.new.append(rel)
        elif target.is_file() and filecmp.cmp(staged / rel, target, shallow=False):
            result.identical.append(rel)
        else:
            result.conflicts.append(rel)
    return result


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back SIGINT while the block runs, then deliver it as KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def move_tree(staged: Path, dest: Path) -> None:
    """Move the whole staged directory to the missing path `dest` in one rename."""
    with interrupts_deferred():
        os.rename(staged, dest)


def move_files(staged: Path, dest: Path, files: list[str]) -> None:
    """Move `files` from `staged` into the existing `dest`; undo everything on failure."""
    placed: list[Path] = []
    made_dirs: list[Path] = []
    with interrupts_deferred():
        try:
            for rel in files:
                target = dest / rel
                # A directory DEST already has may be a link: out of DEST, or into .git.
                fs.check_write_target(target, dest)
                made_dirs.extend(_make_parents(target.parent, dest))
                _move(staged / rel, target)
                placed.append(target)
        except BaseException:
            for path in reversed(placed):
                path.unlink(missing_ok=True)
            for directory in reversed(made_dirs):
                _rmdir_quietly(directory)
            raise


def _make_parents(directory: Path, dest: Path) -> list[Path]:
    missing = []
    while directory != dest and not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _move(source: Path, target: Path) -> None:
    # A hard link fails if `target` appeared meanwhile, where a rename would replace it.
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # Another file system: an exclusive copy, keeping the mode.
        with source.open("rb") as src, target.open("xb") as dst:
            try:
                shutil.copyfileobj(src, dst)
                shutil.copymode(source, target)
            except BaseException:
                target.unlink(missing_ok=True)
                raise


def _rmdir_quietly(directory: Path) -> None:
    with contextlib.suppress(OSError):
        directory.rmdir()
