"""What the terminal gets: colour only where the user wants it."""

from __future__ import annotations

import os
from collections.abc import Mapping
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
