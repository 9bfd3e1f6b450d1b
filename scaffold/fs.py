"""The one atomic writer: every file the tool writes goes through `write_atomic`, and
every file it writes in a repository through `write_in_repository` first."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from scaffold.errors import EnvironmentProblem, UsageError

# A temporary file's name is `.<name>.<random>.tmp`; keep it inside NAME_MAX (255).
_TEMP_PREFIX_MAX = 200


def umask() -> int:
    """The process's file-creation mask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(
    path: Path, data: bytes | str, *, exclusive: bool = False, mode: int | None = None
) -> None:
    """Write `data` to `path` through a temporary file in the same directory.

    The content is flushed to disk before it takes the name, so a crash leaves the
    old file or the new one, never half of one. The mode is `mode`, else the old
    file's, else what the umask allows. With `exclusive` the last step is a hard
    link, which fails if `path` appeared meanwhile: nothing is ever replaced.
    """
    import tempfile  # not at import: lint on an unchanged tree writes nothing

    payload = data.encode("utf-8") if isinstance(data, str) else data
    if mode is None and not path.is_symlink():  # a link is replaced: its target's mode is not ours
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o7777
    if mode is None:
        mode = 0o666 & ~umask()
    prefix = f".{path.name[:_TEMP_PREFIX_MAX]}."
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if exclusive:
            _link_exclusive(temp, path)
        else:
            os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` names, for one read-modify-write of it.

    Every writer replaces a file by renaming a new one over it, so a lock on the old
    file would guard nothing once it is replaced: the lock is taken on the file `path`
    names, and taken again on the new one when another run replaced it meanwhile.
    """
    import fcntl

    while True:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC)
        try:
            held = os.fstat(fd)
            if not stat.S_ISREG(held.st_mode):
                raise UsageError(f"{display_path(path)}: not a regular file")
            fcntl.flock(fd, fcntl.LOCK_EX)
            with contextlib.suppress(FileNotFoundError):
                now = os.stat(path)
                if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                    yield
                    return
        finally:
            os.close(fd)  # and with it the lock


GIT_DIR = ".git"


def git_parts(path: Path) -> int:
    """How many components of `path` name a Git directory."""
    # casefold: on a case-insensitive file system `.GIT` is the same directory
    return sum(part.casefold() == GIT_DIR for part in path.parts)


def reads_git_dir(path: Path | str, root: Path | str | None = None) -> bool:
    """Whether opening `path` would read inside a Git directory it does not name: once
    symlinks are resolved it has more `.git` components than as written. With `root`,
    also a `.git` component below `root` as written: a repository's files are never
    read from its Git directory, which holds credentials (remote URLs) and hooks."""
    lexical = Path(os.path.abspath(path))
    if git_parts(Path(os.path.realpath(path))) > git_parts(lexical):
        return True
    if root is None:
        return False
    base = Path(os.path.abspath(root))
    return lexical.is_relative_to(base) and git_parts(lexical.relative_to(base)) > 0


class Refused(ValueError):
    """A file the tool will not read: not a regular file, or too large."""


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes` of them.

    Opened without blocking and checked before reading, so a FIFO, a device such as
    /dev/zero or a huge file never hangs the tool or fills its memory: they raise
    `Refused`; failures to open or read raise OSError. Neither is a symlink into a
    `.git` directory followed.
    """
    if reads_git_dir(path):
        raise Refused("a symlink into a .git directory")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > max_bytes:
            raise Refused(f"too large ({info.st_size} bytes; at most {max_bytes})")
        data = read_up_to(fd, info.st_size, max_bytes + 1)
        if len(data) > max_bytes:  # it grew while being read
            raise Refused(f"too large (over {max_bytes} bytes)")
        return data
    finally:
        os.close(fd)


def read_up_to(fd: int, size: int, limit: int) -> bytes:
    """At most `limit` bytes of the open file `fd`, which had `size` bytes when opened.

    Asks for exactly what is there (and one byte more, to see it grow) rather than
    `limit` at once: a read of n bytes allocates n first, and limits are megabytes.
    """
    parts: list[bytes] = []
    got = 0
    want = min(size, limit - 1) + 1
    while got < limit:
        chunk = os.read(fd, want - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
        if got >= want:  # it grew past `size`: take the rest, up to the limit
            want = limit
    return b"".join(parts)


def _link_exclusive(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
    except FileExistsError:
        raise UsageError(
            f"{display_path(path)} already exists", hint="pass --force to overwrite it"
        ) from None
    except OSError:
        # No hard links on this file system: an exclusive create of the final name instead.
        try:
            with path.open("xb") as out, temp.open("rb") as src:
                out.write(src.read())
        except FileExistsError:
            raise UsageError(
                f"{display_path(path)} already exists", hint="pass --force to overwrite it"
            ) from None
        os.chmod(path, temp.stat().st_mode & 0o7777)


NAME_MAX = 255  # bytes of one file name, on every common file system


def check_name_length(path: Path) -> None:
    """Raise UsageError when `path`'s file name is longer than file systems allow."""
    size = len(os.fsencode(path.name))
    if size > NAME_MAX:
        raise UsageError(
            f"the file name {path.name[:40]}... would be {size} bytes; file systems allow "
            f"{NAME_MAX}",
            hint="choose a shorter name (the file is named after it)",
        )


def display_path(path: Path, cwd: Path | None = None) -> str:
    """`path` relative to the working directory, as the user would type it."""
    base = (cwd or Path.cwd()).resolve()
    return os.path.relpath(path.resolve(), base)


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, symlinks resolved, lies inside `root` (also resolved)."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def check_inside(path: Path, root: Path) -> Path:
    """`path` when it lies inside `root` once symlinks are resolved, and not in its `.git`;
    else raise EnvironmentProblem."""
    if not inside(path, root) or inside(path, root / ".git"):
        raise EnvironmentProblem(
            f"refusing to write {path}: it resolves to {path.resolve()}, outside {root}",
            hint="a symlink or an absolute path leads out of the repository; "
            "replace it with a real file or directory inside the repository",
        )
    return path


def check_write_target(path: Path, root: Path) -> Path:
    """`path` when the tool may write a file there; else raise EnvironmentProblem.

    The directory, once symlinks are resolved, lies inside `root` and not in its `.git`;
    so does `path` itself when it is a symlink: a committed link never leads a write out
    of the repository, or into a hook.
    """
    check_inside(path.parent, root)
    if path.is_symlink():
        check_inside(path, root)
    return path


def write_in_repository(
    path: Path, data: bytes | str, root: Path, *, exclusive: bool = False
) -> None:
    """Write `data` at `path` inside the repository `root`, atomically.

    A target that resolves outside `root` (or into `.git`) is refused, and a symlink
    at `path` is replaced by the new file: nothing is ever written through a link.
    """
    check_write_target(path, root)
    write_atomic(path, data, exclusive=exclusive)


def write_report(path: Path, text: str, root: Path) -> None:
    """Write a report the user asked for at `path`.

    In the repository (`gitops-lint.sarif` in CI) it is a repository file like any other:
    a committed link there is replaced, never written through. Elsewhere the user chose
    the path, links (`/dev/stdout`) included.
    """
    if inside_lexically(path, root):
        write_in_repository(path, text, root)
    else:
        path.write_text(text, encoding="utf-8")


def inside_lexically(path: Path, root: Path) -> bool:
    """Whether `path`, made absolute without resolving links, names something under `root`."""
    absolute = Path(os.path.normpath(Path.cwd() / path))
    return absolute == root or root in absolute.parents
