"""Rendering a lint report: text, json, sarif, github, gitlab. Pure functions returning text."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING

from scaffold.escape import CONTROL, NOT_CRLF, github_data, github_property, printable
from scaffold.formats import OutputFormat
from scaffold.lint.engine import LintReport
from scaffold.lint.levels import ERROR

if TYPE_CHECKING:
    from scaffold.lint.findings import Finding

JSON_VERSION = 1
RED, YELLOW, DIM, BOLD, RESET = "\033[31m", "\033[33m", "\033[2m", "\033[1m", "\033[0m"


def render(
    report: LintReport, fmt: OutputFormat, *, color: bool = False, diff: str | None = None
) -> str:
    """The report in `fmt`, ending with a newline when it is not empty.

    `diff` (the fixes as a patch) goes into the JSON document as `diff`, into SARIF
    as the run's `properties.diff`.
    """
    # JSON escapes control characters itself; GitHub's format escapes CR and LF its own way.
    json_formats = (OutputFormat.json, OutputFormat.sarif, OutputFormat.gitlab)
    control = None if fmt in json_formats else CONTROL
    report = _printable(report, control=NOT_CRLF if fmt is OutputFormat.github else control)
    if fmt is OutputFormat.json:
        document = to_json(report)
        if diff is not None:
            document["diff"] = diff
        return json.dumps(document, indent=2) + "\n"
    if fmt is OutputFormat.sarif:
        from scaffold.lint.sarif import to_sarif  # it describes every rule: loads them all

        sarif = to_sarif(report)
        if diff is not None:
            sarif["runs"][0].setdefault("properties", {})["diff"] = diff
        return json.dumps(sarif, indent=2) + "\n"
    if fmt is OutputFormat.gitlab:
        from scaffold.lint.codequality import to_code_quality

        return json.dumps(to_code_quality(report), indent=2) + "\n"
    if fmt is OutputFormat.github:
        return "".join(github_line(f) + "\n" for f in report.findings)
    return "".join(text_lines(f, color) for f in report.findings)


def _printable(report: LintReport, *, control: re.Pattern[str] | None) -> LintReport:
    findings = [
        dataclasses.replace(
            f,
            path=printable(f.path, control=control),
            message=printable(f.message, control=control),
            hint=printable(f.hint, control=control),
        )
        for f in report.findings
    ]
    return dataclasses.replace(report, findings=findings)


def summary(report: LintReport) -> str:
    """One line for stderr: counts of errors, warnings, files and documents."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    unapplied = (
        f"; {plural(report.unapplied, 'file')} no cluster applies" if report.unapplied else ""
    )
    return (
        f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} "
        f"in {plural(report.files, 'file')} ({plural(report.documents, 'document')})"
        + unapplied
    )


def text_lines(finding: Finding, color: bool) -> str:
    """`path:line:col: level: message [rule]` and an indented hint line."""
    level = finding.severity
    if color:
        shade = RED if level == ERROR else YELLOW
        level = f"{BOLD}{shade}{level}{RESET}"
    # Line 0: a finding about the file as a whole (one that is missing, say).
    where = f"{finding.path}:{finding.line}:{finding.column}" if finding.line else finding.path
    rule = f"{DIM}[{finding.rule}]{RESET}" if color else f"[{finding.rule}]"
    out = f"{where}: {level}: {finding.message} {rule}\n"
    if finding.hint:
        out += f"  hint: {finding.hint}\n"
    return out


def to_json(report: LintReport) -> dict[str, object]:
    """The documented JSON document (version 1)."""
    return {
        "version": JSON_VERSION,
        "root": ".",
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "hint": f.hint,
                "fixable": f.fixable,
            }
            for f in report.findings
        ],
        "summary": {
            "files": report.files,
            "documents": report.documents,
            "errors": report.errors,
            "warnings": report.warnings,
        },
    }


def github_line(finding: Finding) -> str:
    """A GitHub Actions workflow command annotating the finding."""
    command = "error" if finding.severity == ERROR else "warning"
    position = (("line", finding.line), ("col", finding.column)) if finding.line else ()
    props = ",".join(
        f"{key}={github_property(str(value))}"
        for key, value in (("file", finding.path), *position, ("title", finding.rule))
    )
    text = finding.message + (f" (hint: {finding.hint})" if finding.hint else "")
    return f"::{command} {props}::{github_data(text)}"
