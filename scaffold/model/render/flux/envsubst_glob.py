"""The glob of Flux's `${var#glob}` trims: its fork of Go's `path.Match`, over bytes.

Unlike `path.Match`, `*` and `?` also match `/` (a trailing `*` matches everything).
A malformed pattern is an error only once matching reaches it, as in Go.
"""

from __future__ import annotations

_ERROR = "\ufffd"


class BadPattern(ValueError):
    """A malformed glob: Flux then leaves the value as it is."""


def match(pattern: bytes, name: bytes) -> bool:
    """Flux's path.Match: does the glob `pattern` match all of `name`."""
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return True
        rest, ok = _match_chunk(chunk, name)
        if ok and (not rest or pattern):
            name = rest
            continue
        if star:
            for skip in range(len(name)):
                rest, ok = _match_chunk(chunk, name[skip + 1 :])
                if ok:
                    if not pattern and rest:
                        continue
                    name = rest
                    break
            else:
                return False
            continue
        return False
    return not name


def _scan_chunk(pattern: bytes) -> tuple[bool, bytes, bytes]:
    star = False
    while pattern[:1] == b"*":
        pattern, star = pattern[1:], True
    in_range, i = False, 0
    while i < len(pattern):
        char = pattern[i : i + 1]
        if char == b"\\":
            if i + 1 < len(pattern):
                i += 1
        elif char == b"[":
            in_range = True
        elif char == b"]":
            in_range = False
        elif char == b"*" and not in_range:
            break
        i += 1
    return star, pattern[:i], pattern[i:]


def _match_chunk(chunk: bytes, name: bytes) -> tuple[bytes, bool]:
    """Match the single-character operators of `chunk` at the start of `name`.

    Like Go, a malformed class is only an error once the scan reaches it: a chunk that
    already failed to match returns "no match" first.
    """
    while chunk:
        if not name:
            return b"", False
        head = chunk[:1]
        if head == b"[":
            rune, name = _decode_rune(name)
            chunk = chunk[1:]
            negated = chunk[:1] == b"^"
            if negated:
                chunk = chunk[1:]
            matched, ranges = False, 0
            while True:
                if chunk[:1] == b"]" and ranges > 0:
                    chunk = chunk[1:]
                    break
                low, chunk = _class_char(chunk)
                high = low
                if chunk[:1] == b"-":
                    high, chunk = _class_char(chunk[1:])
                if low <= rune <= high:
                    matched = True
                ranges += 1
            if matched == negated:
                return b"", False
        elif head == b"?":
            _, name = _decode_rune(name)
            chunk = chunk[1:]
        else:
            if head == b"\\":
                chunk = chunk[1:]
                if not chunk:
                    raise BadPattern
            if chunk[:1] != name[:1]:
                return b"", False
            name, chunk = name[1:], chunk[1:]
    return name, True


def _class_char(chunk: bytes) -> tuple[str, bytes]:
    if not chunk or chunk[:1] in (b"-", b"]"):
        raise BadPattern
    if chunk[:1] == b"\\":
        chunk = chunk[1:]
        if not chunk:
            raise BadPattern
    rune, rest = _decode_rune(chunk)
    if rune == _ERROR and not chunk.startswith(_ERROR.encode()):
        raise BadPattern
    if not rest:
        raise BadPattern
    return rune, rest


def _decode_rune(raw: bytes) -> tuple[str, bytes]:
    """utf8.DecodeRune: the first character, or U+FFFD consuming one byte if invalid."""
    for size in range(1, min(4, len(raw)) + 1):
        try:
            return raw[:size].decode("utf-8"), raw[size:]
        except UnicodeDecodeError:
            continue
    return _ERROR, raw[1:]
