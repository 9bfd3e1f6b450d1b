"""Inline suppression comments: `# gitops-scaffold: disable=<id>[,<id>]` and `disable-file`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from scaffold.model.facts.documents import Document, Suppressions

MARKER = "gitops-scaffold:"
DIRECTIVE = re.compile(
    r"(?:^|\s)#\s*gitops-scaffold:\s*(?P<what>disable-file|disable\s*=\s*(?P<ids>[A-Za-z0-9_,\s-]+))"
)


def read_directives(text: str) -> tuple[bool, dict[int, frozenset[str]]]:
    """Whether the file disables itself, and the rule ids disabled per 1-based line."""
    whole_file = False
    lines: dict[int, frozenset[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if MARKER not in line:
            continue
        match = DIRECTIVE.search(line)
        if match is None:
            continue
        if match["what"] == "disable-file":
            whole_file = True
            continue
        ids = frozenset(part.strip() for part in match["ids"].split(",") if part.strip())
        lines[number] = lines.get(number, frozenset()) | ids
    return whole_file, lines


def suppressions(text: str, documents: Sequence[Document]) -> Suppressions:
    """The file's directives; those in a document's leading comments cover the document."""
    if MARKER not in text:
        return Suppressions()
    whole_file, lines = read_directives(text)
    per_document: dict[int, frozenset[str]] = {}
    previous_end = 0
    for doc in documents:
        for line, ids in lines.items():
            if previous_end < line < doc.position[0]:
                per_document[doc.index] = per_document.get(doc.index, frozenset()) | ids
        previous_end = doc.end_line
    return Suppressions(
        whole_file=whole_file,
        lines=tuple(sorted(lines.items())),
        documents=tuple(sorted(per_document.items())),
    )


def is_suppressed(rule: str, line: int, document: int | None, sup: Suppressions) -> bool:
    """Whether a finding of `rule` at `line` (in `document`) is disabled inline."""
    if sup.whole_file:
        return True
    for directive_line, ids in sup.lines:
        if rule in ids and directive_line in (line, line - 1):
            return True
    return any(index == document and rule in ids for index, ids in sup.documents)
