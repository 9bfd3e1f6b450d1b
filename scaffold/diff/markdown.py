"""The report for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

A one-line summary, the dangers, then one collapsible `<details>` per changed cluster
holding a `diff` block. Everything a repository controls (names, paths, values) is in a
code span, a fenced block longer than any backtick run in it, or HTML-escaped, so it
cannot format, link or mention. The whole stays under GitHub's 65,536-character limit
for a comment: past it the text is cut, its open block closed, and a note says so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scaffold.diff.lines import Line, cluster_counts, cluster_heading, cluster_lines, danger_text
from scaffold.diff.report import ClusterDiff, Report
from scaffold.escape import printable

LIMIT = 65_536
_BACKTICKS = re.compile("`+")
NOTE = (
    "\n**Cut here**: the diff is longer than a GitHub comment holds (65,536 characters); "
    "{} more line(s). Run `gitops-scaffold diff` to see all of it.\n"
)


@dataclass(frozen=True)
class _Piece:
    text: str
    closer: str  # what closes the blocks open after `text`, should the output stop there


def render_markdown(report: Report, *, limit: int = LIMIT) -> str:
    """The report as GitHub-flavoured Markdown, at most `limit` characters."""
    pieces = list(_pieces(report))
    out: list[str] = []
    size = 0
    for index, piece in enumerate(pieces):
        rest = len(pieces) - index
        room = limit - len(piece.closer) - len(NOTE.format(rest)) - 1
        if size + len(piece.text) > room:
            previous = pieces[index - 1].closer if index else ""
            return "".join(out) + previous + NOTE.format(rest)
        out.append(piece.text)
        size += len(piece.text)
    return "".join(out)


def code(text: str) -> str:
    """`text` as an inline code span that nothing in it can end."""
    text = printable(text)
    ticks = "`" * (max((len(m) for m in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _pieces(report: Report) -> Iterator[_Piece]:
    yield _Piece(f"**gitops-scaffold diff**: {html.escape(report.summary())}\n", "")
    if report.dangers:
        yield _Piece("\n### Dangers\n\n", "")
        for danger in report.dangers:
            yield _Piece(f"- :warning: {code(danger_text(danger))}\n", "")
    for cluster in report.clusters:
        if cluster.changed:
            yield from _cluster(cluster)


def _cluster(cluster: ClusterDiff) -> Iterator[_Piece]:
    body = [_line(line) for line in cluster_lines(cluster)]
    fence = "`" * max(3, *(len(m) + 1 for t in body for m in _BACKTICKS.findall(t)), 3)
    closer = f"{fence}\n\n</details>\n"
    heading = html.escape(printable(cluster_heading(cluster)))
    counts = html.escape(cluster_counts(cluster))
    opening = f"\n<details><summary><code>{heading}</code>: {counts}</summary>\n\n{fence}diff\n"
    yield _Piece(opening, closer)
    for text in body:
        yield _Piece(text + "\n", closer)
    yield _Piece(closer, "")


def _line(line: Line) -> str:
    # The sign first, so that GitHub colours added and removed lines.
    return f"{line.sign}{'  ' * line.depth} {printable(line.text)}"
