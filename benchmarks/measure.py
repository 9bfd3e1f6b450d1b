"""Run one child process and measure it: wall time, peak RSS of its largest process, output."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class BenchError(Exception):
    """A measured command failed in a way that makes its numbers meaningless."""


@dataclass(frozen=True)
class Sample:
    """One measured run."""

    seconds: float
    cpu_seconds: float  # user + system over the whole process tree
    max_rss_kb: int  # largest single process of the run's tree (Linux: kilobytes)
    returncode: int
    stdout_sha256: str


def measure(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    ok_codes: frozenset[int] = frozenset({0}),
) -> Sample:
    """Run `argv` to completion; raise BenchError if it exits with a code not in `ok_codes`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), cwd=cwd, env=dict(env), stdout=out, stderr=err)
        # wait4 reports this child's own usage merged with that of every descendant it
        # waited for; ru_maxrss is then the peak of the largest single process, which
        # is exactly the "largest process" figure (a sum over workers would not be).
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        digest = hashlib.sha256(out.read()).hexdigest()
        if code not in ok_codes:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            raise BenchError(f"{' '.join(argv[:3])} exited {code}: {' | '.join(tail)}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, cpu, int(usage.ru_maxrss), code, digest)


def capture(
    argv: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> tuple[int, str]:
    """Run a short helper command; return its exit code and stdout+stderr."""
    try:
        done = subprocess.run(
            list(argv), cwd=cwd, env=None if env is None else dict(env),
            capture_output=True, text=True, timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return done.returncode, done.stdout + done.stderr


@dataclass(frozen=True)
class LintSupport:
    """What the `lint` command of the measured executable offers."""

    available: bool
    no_cache: bool
    jobs: bool


def lint_support(cli: Path, env: Mapping[str, str]) -> LintSupport:
    """Ask `lint --help` which of the flags the harness uses exist."""
    code, text = capture([str(cli), "lint", "--help"], env=env)
    if code != 0:
        return LintSupport(False, False, False)
    return LintSupport(True, "--no-cache" in text, "--jobs" in text)


def clear_caches(repo: Path, cache_home: Path) -> None:
    """Empty the user cache directory we gave the linter and git-ignored files in the repo."""
    shutil.rmtree(cache_home, ignore_errors=True)
    cache_home.mkdir(parents=True)
    # The generated repo holds no ignored file of its own, so -X only takes a linter's
    # in-repo cache folder, whatever it is called.
    subprocess.run(["git", "clean", "-fdXq"], cwd=repo, check=True)


def interpreter_of(cli: Path, fallback: str) -> str:
    """The Python that runs `cli` (from its shebang), so floor and baseline use the same one."""
    try:
        with open(cli, "rb") as handle:
            first = handle.readline(300).decode("utf-8", "replace")
    except OSError:
        return fallback
    if first.startswith("#!") and "python" in first:
        candidate = first[2:].strip().split()[0]
        if os.access(candidate, os.X_OK):
            return candidate
    return fallback
