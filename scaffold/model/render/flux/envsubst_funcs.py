"""What each `${var<op>...}` operator of Flux's envsubst does to the value, byte for byte.

Go strings are bytes: `${#var}` counts UTF-8 bytes and offsets cut bytes, as in Flux.
The suffix trims `%` and `%%` reverse the value *and* the glob, as Flux does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from scaffold.model.render.flux.envsubst_glob import BadPattern, match


class EnvsubstError(ValueError):
    """A `${` that Flux's parser rejects, or a variable strict mode requires."""


def is_go_digit(char: str) -> bool:
    """unicode.IsDigit: a decimal digit of any script."""
    return unicodedata.category(char) == "Nd"


def apply(name: str, value: str, args: list[str]) -> str:
    """The result of operator `name` on `value` with its evaluated arguments."""
    raw = value.encode()
    if name == ",":
        return _first(value, str.lower)
    if name == ",,":
        return "".join(_simple_case(c, str.lower) for c in value)
    if name == "^":
        return _first(value, str.upper)
    if name == "^^":
        return "".join(_simple_case(c, str.upper) for c in value)
    if name == "#" and not args:
        return str(len(raw))
    if name in ("#", "##", "%", "%%"):
        return _decode(_trim(name, raw, args[0].encode()))
    if name == ":":
        return _decode(_substring(raw, args))
    if name in ("/", "//", "/#", "/%"):
        return _replace(name, value, args)
    if not value and args:
        return "".join(args)
    return value


def _simple_case(char: str, change: Callable[[str], str]) -> str:
    mapped = change(char)
    return mapped if len(mapped) == 1 else char  # Go maps rune to rune, never 'ß' to 'SS'


def _first(value: str, change: Callable[[str], str]) -> str:
    return _simple_case(value[0], change) + value[1:] if value else value


def _decode(raw: bytes) -> str:
    # A cut through a character leaves bytes that are not UTF-8: Flux's YAML parser then
    # fails on them, so the caller gets an error rather than a repaired string.
    return raw.decode("utf-8", errors="surrogateescape")


def _substring(raw: bytes, args: list[str]) -> bytes:
    position = _atoi(args[0])
    if position is None:
        return raw
    if position < 0:
        position = max(len(raw) + position, 0)
    if len(args) == 1:
        return raw[position:]
    length = _atoi(args[1])
    if length is None:
        return raw
    if position + length >= len(raw):
        return raw[position:]
    if length < 0:  # Go panics slicing backwards; the controller reports the build failed
        raise EnvsubstError(f"slice bounds out of range [{position}:{position + length}]")
    return raw[position : position + length]


def _atoi(text: str) -> int | None:
    """strconv.Atoi: an optional sign and ASCII digits only."""
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body or not body.isascii() or not body.isdigit():
        return None
    return int(text)


def _replace(name: str, value: str, args: list[str]) -> str:
    if name == "/#":
        if len(args) == 2 and value.startswith(args[0]):
            return value.replace(args[0], args[1], 1)
        return value
    if name == "/%":
        if len(args) == 2 and value.endswith(args[0]):
            return value[: len(value) - len(args[0])] + args[1]
        return value
    if not args:
        return value
    new = args[1] if len(args) > 1 else ""
    return value.replace(args[0], new, 1 if name == "/" else -1)


def _trim(name: str, raw: bytes, pattern: bytes) -> bytes:
    if name in ("%", "%%"):
        reversed_raw = _reverse(raw)
        trimmed = _trim_prefix(reversed_raw, _reverse(pattern), longest=name == "%%")
        return _reverse(trimmed)
    return _trim_prefix(raw, pattern, longest=name == "##")


def _reverse(raw: bytes) -> bytes:
    # []rune(s) turns each invalid byte into U+FFFD before the runes are reversed.
    return raw.decode("utf-8", errors="replace")[::-1].encode()


def _trim_prefix(raw: bytes, pattern: bytes, *, longest: bool) -> bytes:
    shortest = b""
    for cut in range(len(raw)):
        prefix = raw[: len(raw) - cut]
        try:
            matched = match(pattern, prefix)
        except BadPattern:
            return raw
        if matched:
            if longest:
                return raw[len(prefix) :]
            shortest = prefix
    return raw[len(shortest) :] if shortest else raw
