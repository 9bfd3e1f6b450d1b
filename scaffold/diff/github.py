"""The report as GitHub Actions workflow commands: a notice on each changed file, a
warning for each danger, escaped as GitHub requires (and no control character raw)."""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.diff.lines import cluster_counts, danger_text, object_lines
from scaffold.diff.report import ObjectChange, Report
from scaffold.escape import NOT_CRLF, github_data, github_property, printable

TITLE = "gitops-scaffold diff"
# An annotation is a summary: the full report is the text or Markdown format.
MOST_LINES = 20


def render_github(report: Report) -> str:
    """One `::warning` per danger, then one `::notice` per changed file."""
    return "".join(line + "\n" for line in _commands(report))


def _command(command: str, file: str, title: str, message: str) -> str:
    props = ",".join(
        f"{key}={github_property(printable(value, control=NOT_CRLF))}"
        for key, value in (("file", file), ("title", title))
    )
    return f"::{command} {props}::{github_data(printable(message, control=NOT_CRLF))}"


def _commands(report: Report) -> Iterator[str]:
    for danger in report.dangers:
        yield _command("warning", danger.file, f"{TITLE}: danger", danger_text(danger))
    by_file: dict[str, list[tuple[str, ObjectChange]]] = {}
    for cluster in report.clusters:
        for change in cluster.objects:
            by_file.setdefault(change.file, []).append((cluster.cluster, change))
    for file, changes in sorted(by_file.items()):
        yield _command("notice", file, TITLE, "\n".join(_message(changes)))
    for cluster in report.clusters:
        if cluster.changed and not cluster.objects:
            yield _command(
                "notice", cluster.cluster, TITLE, f"{cluster.cluster}: {cluster_counts(cluster)}"
            )


def _message(changes: list[tuple[str, ObjectChange]]) -> Iterator[str]:
    lines = []
    for cluster, change in changes:
        for line in object_lines(change):
            if line.depth == 0:
                lines.append(f"{cluster}: {change.change} {line.text}")
            else:
                lines.append(f"  {line.sign} {line.text}")
    yield from lines[:MOST_LINES]
    if len(lines) > MOST_LINES:
        yield f"… and {len(lines) - MOST_LINES} more line(s)"
