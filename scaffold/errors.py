"""The one exception hierarchy; `cli.py` maps each class to an exit code."""

from __future__ import annotations

from collections.abc import Sequence


class ScaffoldError(Exception):
    """An expected failure: one line saying what is wrong, and a hint saying what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ScaffoldError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = 2


class ConfigError(ScaffoldError):
    """A configuration or answers file is wrong (exit 2)."""

    exit_code = 2


class EnvironmentProblem(ScaffoldError):
    """The machine lacks something we need: a binary, a permission (exit 1)."""

    exit_code = 1


class ExternalToolError(ScaffoldError):
    """An external command failed; keeps the command, its return code and stderr."""

    exit_code = 1

    def __init__(
        self,
        command: Sequence[str],
        returncode: int,
        stderr: str = "",
        hint: str | None = None,
        message: str | None = None,
    ) -> None:
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        text = message or f"`{command[0]}` exited with code {returncode}"
        if detail:
            text = f"{text}: {detail}"
        super().__init__(text, hint)
