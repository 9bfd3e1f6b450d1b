"""Matching a tokenized ignore pattern against a path without backtracking.

A `*`, `?` or bracket never matches `/`, so a pattern is a sequence of component
globs, separated by `/`, with `**/` runs ("zero or more whole directories")
between some of them. Both levels are the same problem as `*` in a plain glob,
and both are solved the same greedy way: the pieces between two wildcards have a
fixed length, so placing each piece at its leftmost possible position never
loses a match. Nothing is ever retried, so a pattern costs one scan of the path
per piece: `*a*a*a*a*a*a*b` against a 4 KB name is as quick as `*.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SLASH = ord("/")
# Tokens as patterns.py makes them: a frozenset of bytes (one byte of it), or one of these.
STAR = "star"
ANY = "any"
DIRS = "dirs"


@dataclass(frozen=True)
class _Piece:
    """A fixed-length run of single-byte tokens: a literal, or a regular expression of
    byte classes (no quantifier, so no backtracking)."""

    literal: bytes | None
    regex: re.Pattern[bytes] | None
    length: int

    def at(self, text: bytes, pos: int) -> bool:
        if self.literal is not None:
            return text.startswith(self.literal, pos)
        assert self.regex is not None
        return self.regex.match(text, pos) is not None

    def find(self, text: bytes, start: int, end: int) -> int:
        if self.literal is not None:
            return text.find(self.literal, start, end)
        assert self.regex is not None
        found = self.regex.search(text, start, end)
        return -1 if found is None else found.start()


def _piece(tokens: Sequence[frozenset[int]]) -> _Piece:
    if all(len(token) == 1 for token in tokens):
        return _Piece(bytes(next(iter(token)) for token in tokens), None, len(tokens))
    parts = (_byte_class(token) for token in tokens)
    return _Piece(None, re.compile(b"".join(parts), re.DOTALL), len(tokens))


def _byte_class(members: frozenset[int]) -> bytes:
    if not members:
        return b"(?!)"
    return b"[" + b"".join(b"\\x%02x" % b for b in sorted(members)) + b"]"


@dataclass(frozen=True)
class _Glob:
    """One path component's pattern: pieces with a `*` between each two."""

    pieces: tuple[_Piece, ...]

    def matches(self, name: bytes) -> bool:
        first, last = self.pieces[0], self.pieces[-1]
        if len(self.pieces) == 1:  # no star: the piece is the whole name
            return len(name) == first.length and first.at(name, 0)
        if len(name) < first.length + last.length or not first.at(name, 0):
            return False
        pos, end = first.length, len(name) - last.length
        for piece in self.pieces[1:-1]:
            found = piece.find(name, pos, end)
            if found < 0:
                return False
            pos = found + piece.length
        return last.at(name, end)


def _glob(tokens: Sequence[frozenset[int] | str]) -> _Glob:
    pieces: list[_Piece] = []
    current: list[frozenset[int]] = []
    for token in tokens:
        if token == STAR:
            pieces.append(_piece(current))
            current = []
        else:
            assert isinstance(token, frozenset)
            current.append(token)
    pieces.append(_piece(current))
    return _Glob(tuple(pieces))


Group = tuple[_Glob, ...]


@dataclass(frozen=True)
class Matcher:
    """A whole pattern: groups of consecutive component globs, with a `**/` between each two."""

    groups: tuple[Group, ...]

    def matches(self, path: bytes) -> bool:
        """Whether `path` (bytes, `/`-separated) matches, in time linear in its length."""
        names = path.split(b"/")
        first, last = self.groups[0], self.groups[-1]
        if len(self.groups) == 1:  # no `**/`: one name per component
            return len(names) == len(first) and _group_at(first, names, 0)
        if len(names) < len(first) + len(last) or not _group_at(first, names, 0):
            return False
        pos, end = len(first), len(names) - len(last)
        for group in self.groups[1:-1]:
            found = next((i for i in range(pos, end - len(group) + 1)
                          if _group_at(group, names, i)), -1)  # fmt: skip
            if found < 0:
                return False
            pos = found + len(group)
        return _group_at(last, names, end)


def _group_at(group: Group, names: list[bytes], start: int) -> bool:
    return all(glob.matches(names[start + i]) for i, glob in enumerate(group))


def compile_tokens(tokens: Sequence[frozenset[int] | str]) -> Matcher:
    """The matcher of a pattern's tokens (`ANY` only at the end, as the tokenizer makes it)."""
    groups: list[list[_Glob]] = [[]]
    component: list[frozenset[int] | str] = []
    for token in tokens:
        if token in (DIRS, ANY):  # both start a component: `component` is empty
            if groups[-1] or len(groups) == 1:
                groups.append([])
            if token == ANY:  # everything: any directories, then any one name
                groups[-1].append(_glob([STAR]))
        elif token == frozenset({SLASH}):
            groups[-1].append(_glob(component))
            component = []
        else:
            component.append(token)
    if component or not groups[-1] or tokens[-1] == frozenset({SLASH}):
        groups[-1].append(_glob(component))
    return Matcher(tuple(tuple(group) for group in groups))
