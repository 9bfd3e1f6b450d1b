"""The one subprocess wrapper: every external command goes through `run`."""

from __future__ import annotations

import os
import select
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, quote_plus

from scaffold.errors import EnvironmentProblem, ExternalToolError

INSTALL_HINTS = {
    "git": "install git (for example `apt-get install git`) and make sure it is on PATH",
    "flux": "install the flux CLI (https://fluxcd.io/flux/installation/) and put it on PATH",
}


class Completed(NamedTuple):
    """What a finished command left: its argv, return code and captured output."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def which(binary: str) -> str | None:
    """Return the absolute path of `binary` on PATH, or None."""
    return shutil.which(binary)


def require(binary: str, would_run: Sequence[str] | None = None) -> str:
    """Return the path of `binary`, or raise EnvironmentProblem with how to install it.

    `would_run` is the command that was about to run, shown so the user can run it later.
    """
    found = which(binary)
    if found is None:
        hint = INSTALL_HINTS.get(binary, f"install `{binary}` and put it on PATH")
        if would_run:
            hint += f"; the command to run then is: {shlex.join(would_run)}"
        raise EnvironmentProblem(f"`{binary}` was not found on PATH", hint=hint)
    return found


def run(
    args: Sequence[str],
    *,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    input_text: str | None = None,
    capture: bool = True,
) -> Completed:
    """Run `args` without a shell; raise ExternalToolError on a non-zero exit when `check`.

    With `capture=False` the child's output streams straight to our stdout/stderr.
    `env` is added to the inherited environment, never logged.
    """
    argv = [str(a) for a in args]
    full_env = None if env is None else {**os.environ, **env}
    try:
        proc = subprocess.run(
            argv,
            cwd=cwd,
            env=full_env,
            input=None if input_text is None else input_text.encode("utf-8"),
            capture_output=capture,
            check=False,
        )
    except FileNotFoundError as exc:
        require(argv[0])  # raises with an install hint when the binary is missing
        raise EnvironmentProblem(f"cannot run `{argv[0]}`: {exc.strerror}") from exc
    except PermissionError as exc:
        raise EnvironmentProblem(f"cannot run `{argv[0]}`: permission denied") from exc
    done = Completed(argv, proc.returncode, _decode(proc.stdout), _decode(proc.stderr))
    if check and done.returncode != 0:
        raise ExternalToolError(argv, done.returncode, done.stderr)
    return done


def _spellings(secret: str) -> set[str]:
    """`secret` as it is, and URL-encoded as git and flux write it into URLs."""
    return {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}


def _decode(data: bytes | None) -> str:
    # Bytes, not text mode: a CR in a file name must not become a newline, and names that
    # are not UTF-8 survive as os.fsdecode gives them.
    return (data or b"").decode("utf-8", errors="surrogateescape")


def redact(text: str, secrets: Sequence[str]) -> str:
    """Replace every occurrence of each secret in `text`, also URL-encoded, with `***`."""
    spellings = {spelling for secret in secrets if secret for spelling in _spellings(secret)}
    for spelling in sorted(spellings, key=len, reverse=True):
        text = text.replace(spelling, "***")
    return text


def stream(
    args: Sequence[str],
    *,
    sink: Callable[[str], None],
    cwd: Path | str | None = None,
    secrets: Sequence[str] = (),
    flush_after: float = 0.2,
) -> Completed:
    """Run `args`, passing its merged stdout/stderr to `sink` as it arrives, never raising
    on a non-zero exit.

    Output is read from a pipe rather than inherited so that every secret can be
    redacted before it reaches the user; a partial line (an interactive prompt) is
    flushed once the child has been quiet for `flush_after` seconds.
    The returned `stderr` holds the redacted tail of the output, for error messages.
    """
    argv = [str(a) for a in args]
    try:
        child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except FileNotFoundError as exc:
        require(argv[0])
        raise EnvironmentProblem(f"cannot run `{argv[0]}`: {exc.strerror}") from exc
    except PermissionError as exc:
        raise EnvironmentProblem(f"cannot run `{argv[0]}`: permission denied") from exc
    assert child.stdout is not None
    fd = child.stdout.fileno()
    pending = b""
    tail: list[str] = []

    def emit(chunk: bytes) -> None:
        text = redact(chunk.decode("utf-8", errors="replace"), secrets)
        tail.extend(text.splitlines())
        del tail[:-20]
        sink(text)

    while True:
        ready, _, _ = select.select([fd], [], [], flush_after)
        if not ready:
            if pending:
                emit(pending)
                pending = b""
            continue
        data = os.read(fd, 65536)
        if not data:
            break
        pending += data
        cut = pending.rfind(b"\n") + 1
        if cut:
            emit(pending[:cut])
            pending = pending[cut:]
    if pending:
        emit(pending)
    child.stdout.close()
    returncode = child.wait()
    return Completed(argv, returncode, "", "\n".join(tail))


def pipe(args: Sequence[str], *, cwd: Path | str | None = None) -> subprocess.Popen[bytes]:
    """Start `args` with its stdin and stdout as byte pipes, for a request/answer protocol
    such as `git cat-file --batch`; its stderr is discarded."""
    argv = [str(a) for a in args]
    try:
        return subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except FileNotFoundError as exc:
        require(argv[0])
        raise EnvironmentProblem(f"cannot run `{argv[0]}`: {exc.strerror}") from exc
