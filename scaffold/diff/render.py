"""The report in each format `diff` prints: text, markdown, json, github."""

from __future__ import annotations

from scaffold.diff.github import render_github
from scaffold.diff.json_doc import render_json
from scaffold.diff.markdown import render_markdown
from scaffold.diff.report import Report
from scaffold.diff.text import render_text
from scaffold.formats import OutputFormat


def render(report: Report, fmt: OutputFormat, *, color: bool = False) -> str:
    """The report in `fmt` (one of `DIFF_FORMATS`); `color` for text on a terminal only."""
    if fmt is OutputFormat.markdown:
        return render_markdown(report)
    if fmt is OutputFormat.json:
        return render_json(report)
    if fmt is OutputFormat.github:
        return render_github(report)
    if fmt is OutputFormat.text:
        return render_text(report, color=color)
    raise ValueError(f"diff has no {fmt.value} format")
