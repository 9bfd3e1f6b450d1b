"""GitLab Code Quality output: the JSON report a merge request shows findings from.

GitLab reads an array of issues, each with a `description`, a `check_name`, a
`fingerprint` unique to the issue, a `severity` (info, minor, major, critical,
blocker) and a `location` with the file's `path` and `lines.begin`; the CI job
names the file under `artifacts:reports:codequality`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scaffold.lint.levels import ERROR
from scaffold.lint.sarif import fingerprints

if TYPE_CHECKING:
    from scaffold.lint.engine import LintReport

# An error fails the pipeline, a warning does not: GitLab's middle and lower grades.
SEVERITY = {ERROR: "major"}
WARNING_SEVERITY = "minor"


def to_code_quality(report: LintReport) -> list[dict[str, Any]]:
    """The findings as GitLab Code Quality issues."""
    return [
        {
            "description": finding.message + (f" (hint: {finding.hint})" if finding.hint else ""),
            "check_name": finding.rule,
            "fingerprint": print_,
            "severity": SEVERITY.get(finding.severity, WARNING_SEVERITY),
            # Line 0 is the file as a whole; GitLab counts lines from 1.
            "location": {"path": finding.path, "lines": {"begin": max(finding.line, 1)}},
        }
        for finding, print_ in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
