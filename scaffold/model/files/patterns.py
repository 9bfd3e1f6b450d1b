"""One line of a `.gitignore`, compiled the way Git's wildmatch reads it.

A pattern matches a path itself, never "everything beneath" it: what lies under
an ignored directory is decided by asking about the directory first, as Git does.

Git matches bytes, not characters (`?` is one byte of `é`), and reads a bracket
expression as wildmatch.c does: `!` or `^` negates, a leading `]` is a member,
`\\` escapes, `a-z` is a byte range, `[:alpha:]` and the other POSIX classes are
ASCII-only, and a bracket never matches `/`. A pattern whose bracket is not closed
or names an unknown class can match nothing (wildmatch aborts): it is skipped.

Matching never backtracks (see `wildmatch`): every pattern, however many stars it
has, costs time linear in the path's length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from scaffold.model.files.wildmatch import ANY, DIRS, SLASH, STAR, Matcher, compile_tokens

_ALL = frozenset(range(256))
_TESTS: dict[bytes, Callable[[int], bool]] = {
    b"alnum": lambda b: chr(b).isalnum(),
    b"alpha": lambda b: chr(b).isalpha(),
    b"blank": lambda b: b in b" \t",
    b"cntrl": lambda b: b < 0x20 or b == 0x7F,
    b"digit": lambda b: chr(b).isdigit(),
    b"graph": lambda b: 0x21 <= b <= 0x7E,
    b"lower": lambda b: chr(b).islower(),
    b"print": lambda b: 0x20 <= b <= 0x7E,
    b"punct": lambda b: 0x21 <= b <= 0x7E and not chr(b).isalnum(),
    b"space": lambda b: b in b" \t\n\r",  # Git's own ctype: no \v, no \f
    b"upper": lambda b: chr(b).isupper(),
    b"xdigit": lambda b: chr(b) in "0123456789abcdefABCDEF",
}
_CLASSES = {name: frozenset(b for b in range(128) if test(b)) for name, test in _TESTS.items()}
# Tokens: a frozenset of bytes (one byte of it), or a run: STAR (`*`: any bytes but `/`),
# ANY (`**` at the end: anything), DIRS (`**/`: zero or more whole directories).
Token = frozenset[int] | str


class _Abort(Exception):
    """wildmatch gives up on the whole pattern: it can never match."""


@dataclass(frozen=True)
class Pattern:
    """A compiled ignore pattern."""

    tokens: tuple[Token, ...]
    negated: bool
    directory_only: bool

    @cached_property
    def matcher(self) -> Matcher:
        """The pattern compiled for matching, on first use (a run that asks nothing of the
        ignore rules compiles none)."""
        return compile_tokens(self.tokens)

    @cached_property
    def tail(self) -> str:
        """The literal text every match ends with ("" if the pattern ends in a wildcard):
        most patterns name a file, and most paths are over before the regex starts."""
        literal = bytearray()
        for token in reversed(self.tokens):
            if isinstance(token, str) or len(token) != 1:
                break
            literal.extend(token)
        try:
            # Whole characters only: a tail that starts inside one (a `?` took its first
            # byte) would not compare as text, so it gives no shortcut.
            return bytes(reversed(literal)).decode("utf-8")
        except UnicodeDecodeError:
            return ""

    def matches(self, path: str, is_dir: bool) -> bool:
        """Whether the pattern matches `path` (relative to the ignore file's directory)."""
        if self.directory_only and not is_dir:
            return False
        if not path.endswith(self.tail):
            return False
        return self.matcher.matches(path.encode("utf-8", errors="surrogateescape"))


def _strip_trailing_spaces(line: str) -> str:
    # As Git's trim_trailing_spaces: a backslash escapes the next character (so in `\\ `
    # the space is not escaped), and a line ending in a lone backslash is left as it is.
    last_space = None
    i = 0
    while i < len(line):
        char = line[i]
        if char == " ":
            if last_space is None:
                last_space = i
        else:
            if char == "\\":
                i += 1
                if i == len(line):
                    return line
            last_space = None
        i += 1
    return line if last_space is None else line[:last_space]


def has_dangling_escape(line: str) -> bool:
    """Whether the pattern ends in a lone backslash, which Git treats as invalid."""
    stripped = _strip_trailing_spaces(line)
    return (len(stripped) - len(stripped.rstrip("\\"))) % 2 == 1


def parse_pattern(line: str) -> Pattern | None:
    """Compile one line of an ignore file (None for blank lines, comments and the
    patterns Git skips or can never match)."""
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
    try:
        tokens = tokenize(line.encode("utf-8", errors="surrogateescape"))
    except _Abort:
        return None
    if not anchored:
        tokens = [DIRS, *tokens]
    return Pattern(tuple(tokens), negated, directory_only)


def tokenize(pattern: bytes) -> list[Token]:
    """The tokens of a wildmatch pattern in pathname mode."""
    out: list[Token] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == ord("*"):
            i = _star(pattern, i, out)
        elif char == ord("?"):
            out.append(_ALL - {SLASH})
            i += 1
        elif char == ord("["):
            members, i = _bracket(pattern, i)
            out.append(members - {SLASH})
        elif char == ord("\\") and i + 1 < n:
            out.append(frozenset({pattern[i + 1]}))
            i += 2
        else:
            out.append(frozenset({char}))
            i += 1
    return out


def _star(pattern: bytes, i: int, out: list[Token]) -> int:
    j = i
    while j < len(pattern) and pattern[j] == ord("*"):
        j += 1
    double = j - i >= 2
    starts_segment = i == 0 or pattern[i - 1] == SLASH
    if double and starts_segment and j == len(pattern):
        out.append(ANY)  # `dir/**`, or `**` alone: everything
        return j
    if double and starts_segment and pattern[j] == SLASH:
        out.append(DIRS)  # `**/`: zero or more directories
        return j + 1
    out.append(STAR)  # any other run of stars is one `*`
    return j


def _bracket(pattern: bytes, i: int) -> tuple[frozenset[int], int]:
    """The bytes a bracket expression at `i` matches, and the index after it (wildmatch.c)."""
    n = len(pattern)
    p = i + 1

    def at(k: int) -> int:
        return pattern[k] if k < n else 0

    negated = at(p) in b"!^"
    if negated:
        p += 1
    members: set[int] = set()
    prev = 0
    while True:
        ch = at(p)
        if ch == 0 and p >= n:
            raise _Abort
        if ch == ord("\\"):
            p += 1
            if p >= n:
                raise _Abort
            ch = pattern[p]
            members.add(ch)
        elif ch == ord("-") and prev and p + 1 < n and pattern[p + 1] != ord("]"):
            p += 1
            end = pattern[p]
            if end == ord("\\"):
                p += 1
                if p >= n:
                    raise _Abort
                end = pattern[p]
            members.update(range(prev, end + 1))
            ch = 0  # a range leaves no start for another one
        elif ch == ord("[") and at(p + 1) == ord(":"):
            start = p + 2
            close = start
            while close < n and pattern[close] != ord("]"):
                close += 1
            if close >= n:
                raise _Abort
            if close - start - 1 < 0 or pattern[close - 1] != ord(":"):
                members.add(ord("["))  # no `:]`: the `[` is an ordinary member
            else:
                name = pattern[start : close - 1]
                if name not in _CLASSES:
                    raise _Abort
                members |= _CLASSES[name]
                p = close
                ch = 0
        else:
            members.add(ch)
        prev = ch
        p += 1
        if at(p) == ord("]") and p < n:
            break
    return (_ALL - members if negated else frozenset(members)), p + 1
