"""How a subsystem that runs for a while tells the command what is happening.

Subsystems never print: the command layer passes a `Reporter` whose callables
write results to stdout and progress to stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def _discard(_text: str) -> None:
    return None


@dataclass(frozen=True)
class Reporter:
    """Where progress lines, streamed tool output and result lines go."""

    progress: Callable[[str], None] = _discard
    stream: Callable[[str], None] = _discard
    result: Callable[[str], None] = _discard
