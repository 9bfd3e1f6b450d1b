"""SARIF 2.1.0 output, in the shape GitHub code scanning accepts."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from scaffold import __version__, settings
from scaffold.lint.findings import Finding
from scaffold.lint.levels import ERROR
from scaffold.lint.registry import RULES

if TYPE_CHECKING:
    from scaffold.lint.engine import LintReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = settings.PROJECT_URL


def _rule_descriptor(rule_id: str) -> dict[str, Any]:
    rule = RULES[rule_id]
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc.splitlines()[0] if rule.doc else rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": rule.default_level},
        "properties": {"fixable": rule.fixable},
    }


def fingerprint(finding: Finding) -> str:
    """A stable id of the finding that survives lines moving (rule, path, message)."""
    key = f"{finding.rule}\0{finding.path}\0{finding.message}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(findings: list[Finding]) -> list[str]:
    """Each finding's fingerprint plus its occurrence number, so equal findings stay distinct."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        base = fingerprint(finding)
        seen[base] = seen.get(base, 0) + 1
        out.append(f"{base}:{seen[base]}")
    return out


def _result(finding: Finding, index: int, print_: str) -> dict[str, Any]:
    message = finding.message + (f"\nhint: {finding.hint}" if finding.hint else "")
    location: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"}
    }
    if finding.line:  # line 0: the file as a whole, which has no region
        location["region"] = {"startLine": finding.line, "startColumn": finding.column}
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": "error" if finding.severity == ERROR else "warning",
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"primaryLocationLineHash": print_},
    }


def to_sarif(report: LintReport) -> dict[str, Any]:
    """The report as one SARIF run; every rule is described, used or not."""
    rule_ids = list(RULES)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gitops-scaffold",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule_descriptor(r) for r in rule_ids],
                    }
                },
                "results": [
                    _result(f, rule_ids.index(f.rule), p)
                    for f, p in zip(report.findings, fingerprints(report.findings), strict=True)
                ],
            }
        ],
    }


def _uri(path: str) -> str:
    """`path` as a relative URI reference: `#`, `?`, `%`, spaces and non-ASCII
    percent-encoded (a `#` would otherwise cut the path short), `/` kept."""
    from urllib.parse import quote

    return quote(path.encode("utf-8", errors="surrogateescape"), safe="/")
