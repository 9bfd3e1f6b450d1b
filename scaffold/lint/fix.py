"""Applying fixes as text edits and renames: atomic, mode-preserving, idempotent, every other
byte kept; a tracked file is renamed with `git mv`."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scaffold import fs
from scaffold.errors import EnvironmentProblem
from scaffold.lint.findings import Finding
from scaffold.model.findings import AppendText, CreateFile, Fix, RenameFile, TextEdit


@dataclass(frozen=True)
class Change:
    """One file's content before and after its fixes (None before: the file is new), and
    the name it moves to, if any."""

    path: str
    before: bytes | None
    after: bytes
    renamed_to: str | None = None


def plan(root: Path, findings: Iterable[Finding]) -> list[Change]:
    """The changes the fixes of `findings` make, computed without writing anything."""
    per_file: dict[str, list[Fix]] = defaultdict(list)
    for finding in findings:
        for fix in finding.fixes:
            if fix not in per_file[fix.path]:
                per_file[fix.path].append(fix)
    changes = []
    for path, fixes in sorted(per_file.items()):
        target = root / path
        _refuse_outside(root, target)  # not even read: a diff would show it
        before = target.read_bytes() if target.is_file() else None
        after = before if before is not None else b""
        for fix in fixes:
            after = _apply(after, fix)
        renamed_to = _rename_target(root, path, fixes, per_file)
        if before is None or after != before or renamed_to is not None:
            changes.append(Change(path, before, after, renamed_to))
    return changes


def _rename_target(
    root: Path, path: str, fixes: list[Fix], per_file: dict[str, list[Fix]]
) -> str | None:
    new_path = next((f.new_path for f in fixes if isinstance(f, RenameFile)), None)
    if new_path is None or not (root / path).is_file():
        return None
    target = root / new_path
    _refuse_outside(root, target)
    # Never over another file, nor onto a name another fix writes.
    if target.exists() or target.is_symlink() or new_path in per_file:
        return None
    return new_path


def _apply(content: bytes, fix: Fix) -> bytes:
    if isinstance(fix, TextEdit):
        return _edit_line(content, fix)
    if isinstance(fix, AppendText):
        return _append(content, fix.text.encode("utf-8"))
    assert isinstance(fix, (CreateFile, RenameFile))  # a rename moves the content, unchanged
    return content


def _edit_line(content: bytes, edit: TextEdit) -> bytes:
    lines = content.splitlines(keepends=True)
    if not 1 <= edit.line <= len(lines):
        return content
    # surrogateescape: bytes that are not UTF-8 elsewhere on the line survive untouched
    line = lines[edit.line - 1].decode("utf-8", errors="surrogateescape")
    start = edit.column - 1
    if edit.line == 1 and line.startswith("\ufeff"):
        start += 1  # the parser's columns do not count a byte-order mark
    if line[start : start + 1] in ("'", '"'):
        start += 1  # the position of a quoted scalar is its opening quote
    if not line.startswith(edit.old, start):
        return content  # already fixed, or the file changed since it was read
    new_line = line[:start] + edit.new + line[start + len(edit.old) :]
    lines[edit.line - 1] = new_line.encode("utf-8", errors="surrogateescape")
    return b"".join(lines)


def _append(content: bytes, block: bytes) -> bytes:
    if content.rstrip().endswith(block.rstrip()):
        return content
    if not content:
        return block
    separator = b"" if content.endswith(b"\n") else b"\n"
    if not content.endswith(b"\n\n"):
        separator += b"\n"
    return content + separator + block


def apply(root: Path, changes: Iterable[Change]) -> None:
    """Write each change atomically (temporary file, then rename), keeping the file's mode.

    Every target is checked first, so a read-only file stops the run before any write.
    """
    changes = list(changes)
    for change in changes:
        if change.after != change.before:
            _refuse_read_only(root / change.path)
    for change in changes:
        if change.after != change.before:
            write_fix(root, root / change.path, change.after)
        if change.renamed_to is not None:
            from scaffold.authoring.tracked import move

            move(root / change.path, root / change.renamed_to, root)


def _refuse_read_only(path: Path) -> None:
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
    except OSError:
        return  # write_fix reports it
    # The mode bits too: root may write anything, but a file marked read-only says "no".
    if mode is not None and (not os.access(path, os.W_OK) or not mode & 0o222):
        raise EnvironmentProblem(
            f"{path}: cannot write the fix (read-only file)",
            hint="make the file writable, then run --fix again",
        )


def _refuse_outside(root: Path, path: Path) -> None:
    if not fs.inside(path, root) or fs.inside(path, root / ".git"):
        raise EnvironmentProblem(
            f"{path}: refusing to write the fix outside the repository ({path.resolve()})",
            hint="a symlink or an absolute path leads out of the repository; fix it by hand",
        )


def write_fix(root: Path, path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically, inside `root`; a symlink at `path` is replaced
    by the fixed file, its target left alone."""
    _refuse_outside(root, path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fs.write_in_repository(path, data, root)
    except OSError as exc:
        raise EnvironmentProblem(
            f"{path}: cannot write the fix ({exc.strerror or exc})",
            hint="make the file and its directory writable, then run --fix again",
        ) from exc
