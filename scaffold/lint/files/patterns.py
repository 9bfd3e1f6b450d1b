"""One line of a `.gitignore`, compiled the way Git's wildmatch reads it.

A pattern matches a path itself, never "everything beneath" it: what lies under
an ignored directory is decided by asking about the directory first, as Git does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Pattern:
    """A compiled ignore pattern."""

    regex: re.Pattern[str]
    negated: bool
    directory_only: bool

    def matches(self, path: str, is_dir: bool) -> bool:
        """Whether the pattern matches `path` (relative to the ignore file's directory)."""
        if self.directory_only and not is_dir:
            return False
        return self.regex.fullmatch(path) is not None


def _strip_trailing_spaces(line: str) -> str:
    # Trailing spaces are ignored unless the last one is escaped with a backslash.
    while line.endswith(" ") and not line.endswith("\\ "):
        line = line[:-1]
    return line


def has_dangling_escape(line: str) -> bool:
    """Whether the pattern ends in a lone backslash, which Git treats as invalid."""
    stripped = _strip_trailing_spaces(line)
    return (len(stripped) - len(stripped.rstrip("\\"))) % 2 == 1


def parse_pattern(line: str) -> Pattern | None:
    """Compile one line of an ignore file (None for blank lines, comments and the
    invalid patterns Git skips)."""
    if not line or line.startswith("#") or has_dangling_escape(line):
        return None
    line = _strip_trailing_spaces(line)
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    directory_only = line.endswith("/") and not line.endswith("\\/")
    if directory_only:
        line = line[:-1]
    if not line:
        return None
    anchored = "/" in line
    line = line.removeprefix("/")
    regex = translate(line)
    if not anchored:
        regex = "(?:.*/)?" + regex
    return Pattern(re.compile(regex, re.DOTALL), negated, directory_only)


def translate(pattern: str) -> str:
    """A regular expression equivalent to a wildmatch pattern in pathname mode."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            i = _star(pattern, i, out)
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            i = _bracket(pattern, i, out)
        elif char == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


def _star(pattern: str, i: int, out: list[str]) -> int:
    j = i
    while j < len(pattern) and pattern[j] == "*":
        j += 1
    double = j - i >= 2
    starts_segment = i == 0 or pattern[i - 1] == "/"
    if double and starts_segment and j == len(pattern):
        out.append(".*")  # `dir/**`, or `**` alone: everything
        return j
    if double and starts_segment and pattern[j] == "/":
        out.append("(?:.*/)?")  # `**/`: zero or more directories
        return j + 1
    out.append("[^/]*")  # any other run of stars is one `*`
    return j


def _bracket(pattern: str, i: int, out: list[str]) -> int:
    j = i + 1
    if j < len(pattern) and pattern[j] in "!^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 1
    if j >= len(pattern):
        out.append(re.escape("["))  # no closing bracket: a literal `[`
        return i + 1
    body = pattern[i + 1 : j]
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    escaped = body.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    escaped = escaped.replace("^", "\\^")
    out.append(f"[^/{escaped}]" if negated else f"[{escaped}]")
    return j + 1
