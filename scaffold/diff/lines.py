"""A report as lines with a sign (`+` added, `-` removed, `~` changed, `>` moved, `!` danger):
what the text and Markdown formats share. Values are shown masked, long ones shortened."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scaffold.diff.fields import ADDED, ORDER, REMOVED, FieldChange
from scaffold.diff.masking import Masked
from scaffold.diff.report import ADDED as OBJECT_ADDED
from scaffold.diff.report import BOTH, MOVED, ClusterDiff, Danger, ImageChange, ObjectChange
from scaffold.diff.report import REMOVED as OBJECT_REMOVED

LONGEST_VALUE = 300
_PLAIN = re.compile(r"[A-Za-z0-9_./:@+=-](?:[^\n\"'`]*[^\s\"'`])?\Z")
_LOOKS_TYPED = re.compile(
    r"(?i)(true|false|null|yes|no|on|off|~|[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|0x[0-9a-f]+)\Z"
)
_SIGNS = {OBJECT_ADDED: "+", OBJECT_REMOVED: "-", MOVED: ">"}


@dataclass(frozen=True)
class Line:
    """One line of a report: its sign (empty for a heading), how deep it is indented, its text."""

    sign: str
    depth: int
    text: str


def plain(value: Any) -> Any:
    """`value` with every `Masked` replaced by what may be shown of it (for JSON)."""
    if isinstance(value, Masked):
        return value.shown
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def shown(value: Any) -> str:
    """A value on one line: a plain string as it is, anything else as JSON; shortened."""
    if isinstance(value, Masked):
        return value.shown
    if isinstance(value, str) and _PLAIN.match(value) and not _LOOKS_TYPED.match(value):
        text = value
    else:
        text = json.dumps(plain(value), ensure_ascii=False, default=str)
    if len(text) > LONGEST_VALUE:
        return f"{text[:LONGEST_VALUE]}… ({len(text)} characters)"
    return text


def danger_text(danger: Danger) -> str:
    """`cluster: Kind ns/name: what can hurt (file)`."""
    return f"{danger.cluster}: {danger.identity.label}: {danger.message} ({danger.file})"


def cluster_heading(cluster: ClusterDiff) -> str:
    """The cluster's name, with what it is when it exists on one side only."""
    if cluster.presence == OBJECT_ADDED:
        return f"{cluster.cluster} (new cluster: every object added)"
    if cluster.presence == OBJECT_REMOVED:
        return f"{cluster.cluster} (cluster removed: every object removed)"
    return cluster.cluster


def cluster_counts(cluster: ClusterDiff) -> str:
    """`2 added, 1 changed` for one cluster."""
    counts = [
        f"{n} {change}"
        for change in (OBJECT_ADDED, OBJECT_REMOVED, "changed", MOVED)
        if (n := cluster.count(change))
    ]
    return ", ".join(counts) or ("no objects" if cluster.presence != BOTH else "no changes")


def cluster_lines(cluster: ClusterDiff) -> Iterator[Line]:
    """Every object change of the cluster, then its images."""
    for change in cluster.objects:
        yield from object_lines(change)
    if cluster.images:
        yield Line("", 0, "images:")
        for image in cluster.images:
            yield image_line(image)


def image_line(image: ImageChange) -> Line:
    """`~ old → new (owners)`."""
    owners = ", ".join(image.owners)
    if image.change == "changed":
        return Line("~", 1, f"{image.old} → {image.new} ({owners})")
    sign, ref = ("+", image.new) if image.change == "added" else ("-", image.old)
    return Line(sign, 1, f"{ref} ({owners})")


def object_lines(change: ObjectChange) -> Iterator[Line]:
    """The object's line, then where it moved, its summaries and its field changes."""
    sign = _SIGNS.get(change.change, "~")
    yield Line(sign, 0, f"{change.identity.label} ({change.file})")
    if change.moved and change.base and change.head:
        before, after = change.base, change.head
        if before.file != after.file:
            yield Line(" ", 2, f"moved: {before.file} → {after.file}")
        if before.kustomization != after.kustomization:
            yield Line(" ", 2, f"now applied by {after.kustomization} (was {before.kustomization})")
    for text in change.lines:
        yield Line(" ", 2, text)
    for field in change.fields:
        yield from field_lines(field)


def field_lines(field: FieldChange) -> Iterator[Line]:
    """One field change: `path: old → new`; a multi-line text as a line diff."""
    if field.change == ADDED:
        yield Line("+", 2, f"{field.path}: {shown(field.new)}")
    elif field.change == REMOVED:
        yield Line("-", 2, f"{field.path}: {shown(field.old)}")
    elif field.change == ORDER:
        old, new = (", ".join(map(shown, v)) for v in (field.old, field.new))
        yield Line("~", 2, f"{field.path}: order changed: {old} → {new}")
    elif (
        isinstance(field.old, Masked)
        and isinstance(field.new, Masked)
        and (field.old.shown == field.new.shown)
    ):
        yield Line("~", 2, f"{field.path}: changed (value hidden)")
    elif _multiline(field.old) and _multiline(field.new):
        yield Line("~", 2, f"{field.path}:")
        yield from _text_diff(str(field.old), str(field.new))
    else:
        yield Line("~", 2, f"{field.path}: {shown(field.old)} → {shown(field.new)}")


def _multiline(value: Any) -> bool:
    # A Masked text (a file with a password in it) shows its redacted lines.
    return isinstance(value, (str, Masked)) and "\n" in str(value).strip("\n")


def _text_diff(old: str, new: str) -> Iterator[Line]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    for text in list(diff)[2:]:  # the `---`/`+++` header names no file here
        sign = text[:1] if text[:1] in "+-" else " "
        body = text if text.startswith("@@") else text[1:]
        yield Line(sign, 3, body[:LONGEST_VALUE])
