"""What a build reports instead of objects: problems kustomize would reject, and what it skips."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """An input kustomize rejects, at the file (and line, column when known) that causes it."""

    path: str
    line: int
    column: int
    message: str
    # An input another lint rule names: a file that is not there (missing-kustomization-entry),
    # a listed file that is not a manifest (not-a-manifest), a cycle (dependency-cycle)
    missing: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{where}: {self.message}"


class BuildError(Exception):
    """Raised inside a build for an input kustomize would reject."""

    def __init__(
        self, path: str, message: str, line: int = 0, column: int = 0, *, missing: bool = False
    ) -> None:
        super().__init__(message)
        self.problem = Problem(path, line, column, message, missing)


class NotRendered(Exception):
    """Raised inside a build for an input this renderer does not reproduce faithfully."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
