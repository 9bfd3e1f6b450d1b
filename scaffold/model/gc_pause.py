"""Pausing Python's cyclic garbage collector around work that builds and drops many
objects with no cycle worth collecting (YAML node trees, facts, rendered objects).

Apart from the YAML loader so that a run which parses nothing never imports PyYAML.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while node trees are built and dropped.

    A node tree holds no reference cycle worth collecting (aliases share nodes),
    so reference counting frees it; left on, the collector rescans every live
    node of a document again and again while it is built, which costs more than
    parsing it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
