"""The fixes as a unified diff that `git apply` takes and that never shows a credential.

A diff shows context lines, and the line next to a fixed `apiVersion` may be a
Secret's `password:`. Each hunk's context therefore stops at the first line that
lint would treat as a credential (see `sensitive_lines`): fewer context lines
still apply. A sensitive line the patch cannot do without (a changed line, or the
one trailing line a hunk needs) is shown with its value masked; such a patch no
longer applies, and `Patch.masked` says so.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from scaffold import redact, yamlfile
from scaffold.errors import ConfigError
from scaffold.lint.fix import Change
from scaffold.repository.convention import is_values_file
from scaffold.repository.credentials import is_credential_key

CONTEXT = 3
MASK = "<hidden>"
_KEY = re.compile(r"""(["']?)([A-Za-z0-9_.\-]+)\1\s*:(?=\s|$)""")
_VALUE = re.compile(r"""^(\s*(?:-\s+)?["']?[^\s:"']*["']?\s*:\s*)\S.*$""")
_SECRET_MARKERS = ("ENC[", "-----BEGIN")
_SECRET_KINDS = {"Secret"}
_SECRET_FIELDS = {"data", "stringData"}
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Patch:
    """The diff's text, and the files where a masked line keeps it from applying."""

    text: str
    masked: tuple[str, ...] = ()


def unified_diff(changes: Iterable[Change]) -> Patch:
    """The changes as one unified diff (paths relative to the root), credentials hidden."""
    out: list[str] = []
    masked: list[str] = []
    for change in changes:
        text, hid = _file_diff(change)
        out.append(text)
        if hid:
            masked.append(change.path)
    return Patch("".join(out), tuple(masked))


def _file_diff(change: Change) -> tuple[str, bool]:
    before = _lines(change.before or b"")
    after = _lines(change.after)
    # Git's own header, so that `git apply` also creates new (and new empty) files.
    new_name = change.renamed_to or change.path
    a_path, b_path = _quoted("a/" + change.path), _quoted("b/" + new_name)
    header = f"diff --git {a_path} {b_path}\n"
    if change.before is None:
        header += "new file mode 100644\n"
    if change.renamed_to is not None:
        header += f"rename from {_quoted(change.path)}\nrename to {_quoted(new_name)}\n"
    if (change.before is None and not after) or change.before == change.after:
        return header, False
    old = a_path if change.before is not None else "/dev/null"
    header += f"--- {old}\n+++ {b_path}\n"
    unsafe_old = sensitive_lines(change.path, change.before or b"")
    unsafe_new = sensitive_lines(change.path, change.after)
    hunks: list[str] = []
    hid = False
    for group in _groups(before, after, unsafe_old):
        text, group_hid = _hunk(before, after, group, unsafe_old, unsafe_new)
        hunks.append(text)
        hid = hid or group_hid
    return header + "".join(hunks), hid


_C_ESCAPES = {0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
              0x22: '"', 0x5C: "\\"}  # fmt: skip


def _quoted(name: str) -> str:
    """A path as Git writes it in a patch: C-quoted when it holds an odd byte."""
    raw = name.encode("utf-8", errors="surrogateescape")
    if all(0x20 <= b < 0x7F and b not in _C_ESCAPES for b in raw):
        return name
    out = []
    for b in raw:
        if b in _C_ESCAPES:
            out.append("\\" + _C_ESCAPES[b])
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append(f"\\{b:03o}")
    return '"' + "".join(out) + '"'


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", errors="replace").splitlines(keepends=True)


Opcode = tuple[str, int, int, int, int]


def _groups(before: list[str], after: list[str], unsafe: set[int]) -> list[list[Opcode]]:
    """Runs of changed lines, merged when only a few safe lines lie between them."""
    changed = [op for op in difflib.SequenceMatcher(None, before, after).get_opcodes()
               if op[0] != "equal"]  # fmt: skip
    groups: list[list[Opcode]] = []
    for op in changed:
        gap = range(groups[-1][-1][2], op[1]) if groups else range(0)
        if groups and len(gap) <= 2 * CONTEXT and not unsafe.intersection(gap):
            groups[-1].append(op)
        else:
            groups.append([op])
    return groups


def _hunk(
    before: list[str], after: list[str], group: list[Opcode], unsafe_old: set[int],
    unsafe_new: set[int],
) -> tuple[str, bool]:  # fmt: skip
    """One hunk: the group's changes with as much safe context as there is around them."""
    first, last = group[0], group[-1]
    start = first[1]
    while start > 0 and first[1] - start < CONTEXT and start - 1 not in unsafe_old:
        start -= 1
    body: list[str] = [" " + before[i] for i in range(start, first[1])]
    hid = False
    prev_old, prev_new = first[1], first[3]
    for _tag, i1, i2, j1, j2 in group:
        for i in range(prev_old, i1):
            hid |= i in unsafe_old
            body.append(" " + _shown(before[i], i in unsafe_old))
        for i in range(i1, i2):
            hid |= i in unsafe_old
            body.append("-" + _shown(before[i], i in unsafe_old))
        for j in range(j1, j2):
            hid |= j in unsafe_new
            body.append("+" + _shown(after[j], j in unsafe_new))
        prev_old, prev_new = i2, j2
    end = last[2]
    while end < len(before) and end - last[2] < CONTEXT and end not in unsafe_old:
        end += 1
    if end == last[2] and end < len(before):
        end += 1  # `git apply` needs one trailing line unless the hunk ends the file
        hid = True if end - 1 in unsafe_old else hid
    body.extend(" " + _shown(before[i], i in unsafe_old) for i in range(last[2], end))
    old_len = end - start
    new_start = first[3] - (first[1] - start)
    new_len = old_len + (prev_new - first[3]) - (last[2] - first[1])
    body = [_terminated(line) for line in body]
    head = f"@@ -{_range(start, old_len)} +{_range(new_start, new_len)} @@\n"
    return head + "".join(body), hid


def _range(start: int, length: int) -> str:
    return f"{start + 1 if length else start},{length}"


def _terminated(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _shown(line: str, unsafe: bool) -> str:
    if not unsafe:
        return line
    ending = line[len(line.rstrip("\r\n")) :]
    match = _VALUE.match(line.rstrip("\r\n"))
    if match is None:
        return MASK + ending
    return match.group(1) + MASK + ending


def sensitive_lines(path: str, content: bytes) -> set[int]:
    """0-based numbers of the lines lint treats as credentials or that may hold one.

    A Secret's data and stringData, a HelmRelease's spec.values, a SOPS block, the
    value of every credential-like key, every line of a plaintext values file,
    and, when the file is not YAML lint can read, every line but blank ones and
    document markers.
    """
    lines = _lines(content)
    if is_values_file(PurePosixPath(path).name):
        return set(range(len(lines)))
    unsafe = {i for i, line in enumerate(lines) if _looks_secret(line)}
    try:
        unsafe |= _yaml_sensitive(content.decode("utf-8"), path)
    except (UnicodeDecodeError, ConfigError, yaml.YAMLError):
        unsafe |= {i for i, line in enumerate(lines)
                   if line.strip() and line.strip() not in ("---", "...")}  # fmt: skip
    return unsafe


def _looks_secret(line: str) -> bool:
    if any(marker in line for marker in _SECRET_MARKERS) or redact.has_secret(line):
        return True
    return any(is_credential_key(m.group(2)) for m in _KEY.finditer(line))


def _yaml_sensitive(text: str, path: str) -> set[int]:
    if not path.endswith((".yaml", ".yml")):
        return set()
    yamlfile.check_shape(text, path)
    unsafe: set[int] = set()
    for node in yaml.compose_all(text, Loader=_Loader):
        if isinstance(node, yaml.MappingNode):
            _walk_document(node, unsafe)
    return unsafe


def _walk_document(doc: yaml.MappingNode, unsafe: set[int]) -> None:
    kind = _get(doc, "kind")
    for key, value in doc.value:
        name = getattr(key, "value", None)
        if name == "sops" or (isinstance(kind, yaml.ScalarNode) and kind.value in _SECRET_KINDS
                              and name in _SECRET_FIELDS):  # fmt: skip
            _mark(value, unsafe)
    spec = _get(doc, "spec")
    if isinstance(spec, yaml.MappingNode):
        values = _get(spec, "values")
        if values is not None:
            _mark(values, unsafe)
    _walk_keys(doc, unsafe)


def _walk_keys(node: yaml.Node, unsafe: set[int]) -> None:
    """Mark the value of every credential-like key, at any depth.

    Iterative (no recursion), and each node is visited once, keyed by identity, as the
    model's loader walks: an anchor an alias bomb reuses millions of times costs one visit.
    """
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and is_credential_key(str(key.value)):
                    _mark(key, unsafe)
                    _mark(value, unsafe)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _get(node: yaml.MappingNode, name: str) -> yaml.Node | None:
    return next((v for k, v in node.value if getattr(k, "value", None) == name), None)


def _mark(node: yaml.Node, unsafe: set[int]) -> None:
    unsafe.update(range(node.start_mark.line, _last_line(node) + 1))


def _last_line(node: yaml.Node) -> int:
    """The node's last line: a block collection's end mark is the next token's start."""
    while isinstance(node, yaml.CollectionNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
