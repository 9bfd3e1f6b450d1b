"""What the terminal gets: colour only where the user wants it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TextIO


def use_color(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Colour on a terminal unless NO_COLOR is set; FORCE_COLOR asks for it anywhere.

    NO_COLOR wins over FORCE_COLOR (no-color.org); an empty value, or FORCE_COLOR=0,
    counts as unset.
    """
    if environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return stream.isatty()


def printable_lines(lines: Iterable[str]) -> str:
    """`lines` as one text safe to print and to show in a CI log: control characters in
    object names escaped (no ESC, CR or LF of a name reaches the terminal or splits a
    line), and no line starts a GitHub Actions workflow command (`::error::`)."""
    from scaffold.escape import printable

    shown = []
    for line in lines:
        line = printable(line)
        stripped = line.lstrip()
        if stripped.startswith("::"):
            line = line[: len(line) - len(stripped)] + "\\x3a" + stripped[1:]
        shown.append(line)
    return "\n".join(shown)
