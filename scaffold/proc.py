"""The one subprocess wrapper: every external command goes through `run`."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import EnvironmentProblem, ExternalToolError

INSTALL_HINTS = {
    "git": "install git (for example `apt-get install git`) and make sure it is on PATH",
    "flux": "install the flux CLI (https://fluxcd.io/flux/installation/) and put it on PATH",
}


@dataclass(frozen=True)
class Completed:
    """What a finished command left: its argv, return code and captured output."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def which(binary: str) -> str | None:
    """Return the absolute path of `binary` on PATH, or None."""
    return shutil.which(binary)


def require(binary: str) -> str:
    """Return the path of `binary`, or raise EnvironmentProblem with how to install it."""
    found = which(binary)
    if found is None:
        hint = INSTALL_HINTS.get(binary, f"install `{binary}` and put it on PATH")
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
            input=input_text,
            text=True,
            capture_output=capture,
            check=False,
        )
    except FileNotFoundError as exc:
        require(argv[0])  # raises with an install hint when the binary is missing
        raise EnvironmentProblem(f"cannot run `{argv[0]}`: {exc.strerror}") from exc
    except PermissionError as exc:
        raise EnvironmentProblem(f"cannot run `{argv[0]}`: permission denied") from exc
    done = Completed(argv, proc.returncode, proc.stdout or "", proc.stderr or "")
    if check and done.returncode != 0:
        raise ExternalToolError(argv, done.returncode, done.stderr)
    return done
