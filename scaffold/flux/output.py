"""Parsers for what the flux CLI prints: `flux get all -A` tables and `flux check` lines.

`flux get all` prints one table per kind, separated by blank lines. Each table
starts with a header row (NAMESPACE with -A, NAME, REVISION, SUSPENDED, READY,
MESSAGE; older releases ordered them differently), cells are separated by a tab
plus padding, and names read `<kind>/<name>`. We locate columns by header, so a
reordering or an extra column does not break us.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `main@sha1:0123abcd`, `sha256:...`, older `main/0123abcd...`, or a bare hash.
HEX_TAIL = re.compile(r"(?:^|[@/:])([0-9a-f]{7,64})$")
# Shortest prefix of a commit id we accept as identifying it (git's default abbrev).
MIN_PREFIX = 7
FAILURE_MARKS = ("✗", "✘")


@dataclass(frozen=True)
class FluxResource:
    """One row of `flux get all -A`."""

    namespace: str
    kind: str
    name: str
    revision: str
    suspended: bool
    ready: str
    message: str

    @property
    def is_ready(self) -> bool:
        """Whether the Ready condition is True."""
        return self.ready.lower() == "true"

    @property
    def ref(self) -> str:
        """`namespace/kind/name`, how we name a resource in messages."""
        plain = f"{self.kind}/{self.name}"
        return f"{self.namespace}/{plain}" if self.namespace else plain


def _cells(line: str, starts: list[int] | None) -> list[str]:
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    if starts is None:
        return line.split()
    # Space-padded table: cut at the header's column starts.
    bounds = [*starts[1:], len(line) + 1]
    return [line[a:b].strip() for a, b in zip(starts, bounds, strict=True)]


def _column_starts(header: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", header)]


def _is_header(cells: list[str]) -> bool:
    upper = [c.upper() for c in cells if c]
    return "NAME" in upper and "READY" in upper


def _row(columns: dict[str, int], cells: list[str]) -> FluxResource | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    full_name = cell("NAME")
    if not full_name:
        return None
    kind, _, name = full_name.rpartition("/")
    return FluxResource(
        namespace=cell("NAMESPACE"),
        kind=kind.lower(),
        name=name,
        revision=cell("REVISION"),
        suspended=cell("SUSPENDED").lower() == "true",
        ready=cell("READY"),
        message=cell("MESSAGE"),
    )


def parse_get_all(text: str) -> list[FluxResource]:
    """Every resource listed in the output of `flux get all -A`."""
    resources: list[FluxResource] = []
    columns: dict[str, int] | None = None
    starts: list[int] | None = None
    for line in text.splitlines():
        if not line.strip():
            columns, starts = None, None
            continue
        cells = _cells(line, starts)
        if _is_header(cells):
            starts = None if "\t" in line else _column_starts(line)
            columns = {c.upper(): i for i, c in enumerate(_cells(line, starts)) if c}
            continue
        if columns is None:
            continue  # a log line, not part of a table
        row = _row(columns, cells)
        if row is not None:
            resources.append(row)
    return resources


def revision_commit(revision: str) -> str | None:
    """The (possibly abbreviated) commit id a Flux revision names, or None."""
    match = HEX_TAIL.search(revision.strip().lower())
    return match.group(1) if match else None


def same_commit(revision: str, commit: str) -> bool:
    """Whether the Flux `revision` names `commit` (a full commit id)."""
    short = revision_commit(revision)
    return short is not None and len(short) >= MIN_PREFIX and commit.lower().startswith(short)


def check_failures(text: str) -> list[str]:
    """The lines of `flux check` output that report a failed check."""
    return [line.strip() for line in text.splitlines() if line.strip().startswith(FAILURE_MARKS)]
