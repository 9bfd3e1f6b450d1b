"""The only module that runs the `flux` CLI.

Flux reads provider tokens from the environment (GITHUB_TOKEN, GIT_PASSWORD, ...);
we never put one on a command line, and every output we pass on is redacted of
their values in case a tool echoes one.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Sequence
from pathlib import Path

from scaffold import proc
from scaffold.errors import ExternalToolError
from scaffold.flux.providers import TOKEN_VARIABLES

FLUX = "flux"
LOGS_HINT = "see `flux logs --all-namespaces --level=error` for the controllers' errors"

# Every variable a flux provider reads a secret from.
SECRET_VARIABLES = tuple(TOKEN_VARIABLES.values())
# Shorter values are not worth redacting and would mangle ordinary output.
MIN_SECRET_LENGTH = 4


def secrets_in_environment() -> list[str]:
    """The values of the token variables that are set, to redact from any output."""
    values = (os.environ.get(name, "") for name in SECRET_VARIABLES)
    return [v for v in values if len(v) >= MIN_SECRET_LENGTH]


def shell_command(argv: Sequence[str]) -> str:
    """`argv` as one shell-quoted line, ready to paste."""
    return shlex.join(argv)


def locate() -> str | None:
    """The path of the flux binary on PATH, or None."""
    return proc.which(FLUX)


def require(would_run: Sequence[str] | None = None) -> str:
    """The path of the flux binary; raise a one-line EnvironmentProblem when it is missing."""
    return proc.require(FLUX, would_run)


def _context_args(context: str | None) -> list[str]:
    return [f"--context={context}"] if context else []


def _run(args: Sequence[str]) -> proc.Completed:
    """Run flux capturing its output, redacted, without raising on failure."""
    done = proc.run([FLUX, *args], check=False)
    secrets = secrets_in_environment()
    return proc.Completed(
        done.args,
        done.returncode,
        proc.redact(done.stdout, secrets),
        proc.redact(done.stderr, secrets),
    )


def check(*, pre: bool = False, context: str | None = None) -> proc.Completed:
    """Run `flux check` (`--pre`: only the pre-installation checks); never raises on failure."""
    return _run(["check", *(["--pre"] if pre else []), *_context_args(context)])


def get_all(*, context: str | None = None) -> str:
    """The output of `flux get all -A`; raise ExternalToolError when it fails."""
    done = _run(["get", "all", "--all-namespaces", *_context_args(context)])
    if done.returncode != 0:
        raise ExternalToolError(
            done.args,
            done.returncode,
            done.stderr,
            hint="check that the kube context reaches the cluster (`kubectl cluster-info`)",
        )
    return done.stdout


def bootstrap(argv: Sequence[str], *, cwd: Path, sink: Callable[[str], None]) -> None:
    """Run a full `flux bootstrap ...` command line, streaming its output to `sink`.

    Raise ExternalToolError keeping the command and flux's return code on failure.
    """
    done = proc.stream(argv, sink=sink, cwd=cwd, secrets=secrets_in_environment())
    if done.returncode != 0:
        raise ExternalToolError(
            done.args,
            done.returncode,
            done.stderr,
            message=f"`flux bootstrap` failed with exit code {done.returncode}",
            hint="read flux's output above; fix the cause and run the same command again",
        )
