"""The report for a terminal: the summary, dangers first, then each changed cluster."""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.diff.lines import Line, cluster_heading, cluster_lines, danger_text
from scaffold.diff.report import Report
from scaffold.escape import printable

RED, GREEN, YELLOW, CYAN, BOLD, RESET = (
    "\033[31m", "\033[32m", "\033[33m", "\033[36m", "\033[1m", "\033[0m",
)  # fmt: skip
_COLORS = {"+": GREEN, "-": RED, "~": YELLOW, ">": CYAN, "!": BOLD + RED}


def render_text(report: Report, *, color: bool = False) -> str:
    """The report as text; ANSI colours only when `color` (the caller honours NO_COLOR)."""
    return "".join(line + "\n" for line in _lines(report, color))


def _lines(report: Report, color: bool) -> Iterator[str]:
    yield _paint(printable(report.summary()), BOLD, color)
    if report.dangers:
        yield ""
        yield _paint("Dangers:", BOLD + RED, color)
        for danger in report.dangers:
            yield _format(Line("!", 0, danger_text(danger)), color)
    for cluster in report.clusters:
        if not cluster.changed:
            continue
        yield ""
        yield _paint(printable(cluster_heading(cluster)), BOLD, color)
        for line in cluster_lines(cluster):
            yield _format(line, color)


def _format(line: Line, color: bool) -> str:
    signed = f"{line.sign} {printable(line.text)}" if line.sign else printable(line.text)
    text = "  " * (line.depth + 1) + signed
    return _paint(text, _COLORS.get(line.sign, ""), color)


def _paint(text: str, shade: str, color: bool) -> str:
    return f"{shade}{text}{RESET}" if color and shade else text
