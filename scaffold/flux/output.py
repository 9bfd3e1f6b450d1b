"""Parsers for what the flux CLI prints: `flux get all -A` tables and `flux check` lines.

`flux get all` prints one table per kind, separated by blank lines. Each table
starts with a header row (NAMESPACE with -A, NAME, REVISION, SUSPENDED, READY,
MESSAGE; older releases ordered them differently), cells are separated by a tab
plus padding, and names read `<kind>/<name>`. We locate columns by header, so a
reordering or an extra column does not break us.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# `main@sha1:0123abcd`, `sha256:...`, older `main/0123abcd...`, or a bare hash.
HEX_TAIL = re.compile(r"(?:^|[@/:])([0-9a-f]{7,64})$")
# Shortest prefix of a commit id we accept as identifying it (git's default abbrev).
MIN_PREFIX = 7
FAILURE_MARKS = ("✗", "✘")
# `flux check` prints this whenever a newer CLI exists; it never makes the check fail.
UPGRADE_NOTICE = re.compile(
    r"^[✗✘] flux (\S+) <(\S+) \(new CLI version is available, please upgrade\)$"
)
# The summary `flux check` ends a failed run with: it names no cause.
CHECK_SUMMARY = ("check failed",)


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
        elif resources and (more := _continued_message(columns, cells)):
            # A multi-line MESSAGE goes on in rows whose other cells are blank.
            last = resources[-1]
            resources[-1] = replace(last, message=f"{last.message}\n{more}".lstrip("\n"))
    return resources


def _continued_message(columns: dict[str, int], cells: list[str]) -> str:
    """The MESSAGE cell of a physical line that continues the previous row's message."""
    index = columns.get("MESSAGE")
    return cells[index] if index is not None and index < len(cells) else ""


def revision_commit(revision: str) -> str | None:
    """The (possibly abbreviated) commit id a Flux revision names, or None."""
    match = HEX_TAIL.search(revision.strip().lower())
    return match.group(1) if match else None


def same_commit(revision: str, commit: str) -> bool:
    """Whether the Flux `revision` names `commit` (a full commit id)."""
    short = revision_commit(revision)
    return short is not None and len(short) >= MIN_PREFIX and commit.lower().startswith(short)


def _failure_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(FAILURE_MARKS)]


def check_failures(text: str) -> list[str]:
    """The lines of `flux check` output that say why it failed.

    The upgrade notice and the closing `✗ check failed` are not causes: the first
    never fails a check, the second only sums the others up.
    """
    return [
        line for line in _failure_lines(text)
        if not UPGRADE_NOTICE.match(line) and line[1:].strip() not in CHECK_SUMMARY
    ]


def check_reason(text: str) -> str | None:
    """The line that made `flux check` fail: its first cause, else its last line but the notice."""
    failures = check_failures(text)
    if failures:
        return failures[0]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rest = [line for line in lines if not UPGRADE_NOTICE.match(line)]
    return rest[-1] if rest else None


def upgrade_notice(text: str) -> str | None:
    """`flux CLI X is older than Y` when `flux check` printed its upgrade notice, else None."""
    for line in _failure_lines(text):
        match = UPGRADE_NOTICE.match(line)
        if match:
            return f"flux CLI {match.group(1)} is older than the latest release {match.group(2)}"
    return None


def listing_errors(text: str) -> list[str]:
    """The errors `flux get` printed (it prints them and still exits 0)."""
    return [line[1:].strip() for line in _failure_lines(text)]
