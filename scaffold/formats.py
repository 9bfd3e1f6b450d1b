"""The output formats of every command, as one Enum; each command accepts a subset."""

from __future__ import annotations

from enum import Enum

from scaffold.errors import UsageError


class OutputFormat(str, Enum):
    """How a command prints its result on stdout."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"
    mermaid = "mermaid"
    yaml = "yaml"
    markdown = "markdown"


# The version of every command's JSON document (docs/json-output.md): raised when a key
# changes meaning or goes away, never when one is added.
JSON_VERSION = 1

LINT_FORMATS = (
    OutputFormat.text, OutputFormat.json, OutputFormat.sarif, OutputFormat.github,
    OutputFormat.gitlab,
)  # fmt: skip
STATUS_FORMATS = (OutputFormat.text, OutputFormat.json)
# new, add, upgrade, remove, seal: what was written, as a line or as JSON.
WRITE_FORMATS = (OutputFormat.text, OutputFormat.json)
LIST_FORMATS = (OutputFormat.text, OutputFormat.json)
TREE_FORMATS = (OutputFormat.text, OutputFormat.mermaid, OutputFormat.json)
BUILD_FORMATS = (OutputFormat.yaml, OutputFormat.json)
DIFF_FORMATS = (OutputFormat.text, OutputFormat.markdown, OutputFormat.json, OutputFormat.github)


def names(formats: tuple[OutputFormat, ...]) -> str:
    """The formats as a comma-separated list, for help and errors."""
    return ", ".join(f.value for f in formats)


def parse_format(value: str, allowed: tuple[OutputFormat, ...]) -> OutputFormat:
    """The format named `value` if the command accepts it; else a UsageError listing them."""
    for fmt in allowed:
        if fmt.value == value:
            return fmt
    raise UsageError(f"unknown format {value!r}", hint=f"use one of {names(allowed)}")
