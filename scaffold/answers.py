"""Answers given on the command line: parsing and injection checks."""

from __future__ import annotations

import re
from collections.abc import Iterable

from scaffold.errors import UsageError

# Answers end up in YAML, Markdown and shell lines: refuse what could escape any of them.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]|\{\{|\{%|\{#|%\}|\}\}|#\}")
_KEY = re.compile(r"[a-z_][a-z0-9_]*")


def parse_data(items: Iterable[str]) -> dict[str, str]:
    """Turn `KEY=VALUE` strings into a dict, rejecting malformed or unsafe entries."""
    data: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not _KEY.fullmatch(key):
            raise UsageError(
                f"--data {item!r} is not KEY=VALUE",
                hint="write answers as --data owner=acme (keys: lowercase letters, digits, _)",
            )
        if key.startswith("_"):
            raise UsageError(f"--data {key}: keys starting with `_` are Copier's own settings")
        check_answer(key, value)
        data[key] = value
    return data


def check_answer(key: str, value: str) -> None:
    """Raise UsageError when `value` holds control characters or template syntax."""
    if _FORBIDDEN.search(value):
        raise UsageError(
            f"answer {key!r} holds a control character or template syntax",
            hint="answers are plain text: no newlines, NUL, `{{`, `{%` or `{#`",
        )
