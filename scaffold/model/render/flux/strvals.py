"""Helm's `--set` parser (helm v4 pkg/strvals), which helm-controller uses for `targetPath`.

`parse_into("a.b[0]=v", values)` writes into `values` in place, reusing the maps and
lists already there; that sharing is part of helm-controller's merge order. Values are
typed as `--set` types them (`true`, `null`, integers without a leading zero), or kept
as strings with `as_string`. `\\` escapes the next character; `{a,b}` is a list.
"""

from __future__ import annotations

from typing import Any

MAX_INDEX = 65536
MAX_NESTED_NAME_LEVEL = 30
_INT64 = 1 << 63


class StrvalsError(ValueError):
    """The `--set` line cannot be parsed, or does not fit the values already there."""


class _End(Exception):
    """The end of the input: a normal way for a key to finish."""


class _NotList(Exception):
    """The value does not start with `{`."""


def parse_into(line: str, dest: dict[str, Any], *, as_string: bool = False) -> None:
    """Merge the `--set` `line` into `dest` (`--set-string` when `as_string`)."""
    parser = _Parser(line, as_string)
    try:
        while True:
            parser.key(dest, 0)
    except _End:
        return


class _Parser:
    def __init__(self, line: str, as_string: bool) -> None:
        self.line, self.pos, self.as_string = line, 0, as_string

    def read(self) -> str | None:
        if self.pos >= len(self.line):
            return None
        self.pos += 1
        return self.line[self.pos - 1]

    def until(self, stop: str) -> tuple[str, str | None]:
        """The text up to a `stop` character (unescaped), and that character (None at the end)."""
        out: list[str] = []
        while True:
            char = self.read()
            if char is None:
                return "".join(out), None
            if char in stop:
                return "".join(out), char
            if char == "\\":
                char = self.read()
                if char is None:
                    return "".join(out), None
            out.append(char)

    def typed(self, text: str) -> Any:
        if self.as_string:
            return text
        lowered = text.casefold()
        if lowered in ("true", "false"):
            return lowered == "true"
        if lowered == "null":
            return None
        if text == "0":
            return 0
        if text and text[0] != "0":
            number = _parse_int(text)
            if number is not None:
                return number
        return text

    def key(self, data: dict[str, Any], level: int) -> None:
        name, last = self.until("=[,.")
        if last is None:
            if not name:
                raise _End
            raise StrvalsError(f'key "{name}" has no value')
        if last == "[":
            index = self.index()  # an unfinished index ends the input, as Go's wrapped EOF does
            existing = data.get(name, [])
            if not isinstance(existing, list):
                raise StrvalsError(f"unable to parse key: {name} is not a list")
            try:
                data[name] = self.list_item(existing, index, level)
            except _Ended as ended:  # the input ended inside the list: keep it as it stands
                data[name] = ended.value
                raise _End from None
            return
        if last == "=":
            try:
                value: Any = self.value_list()
            except _End:
                _set(data, name, "")
                raise
            except _NotList:
                value = self.typed(self.until(",")[0])
            _set(data, name, value)
            return
        if last == ",":
            _set(data, name, "")
            raise StrvalsError(f'key "{name}" has no value (cannot end with ,)')
        level += 1
        if level > MAX_NESTED_NAME_LEVEL:
            raise StrvalsError(
                f"value name nested level is greater than maximum supported nested level "
                f"of {MAX_NESTED_NAME_LEVEL}"
            )
        inner = data.get(name, {})
        if not isinstance(inner, dict):
            raise StrvalsError(f"unable to parse key: {name} is not a map")
        try:
            self.key(inner, level)
        finally:
            if inner:
                _set(data, name, inner)
        if not inner:
            raise StrvalsError(f'key map "{name}" has no value')

    def index(self) -> int:
        text, last = self.until("]")
        if last is None:
            raise _End
        number = _atoi(text)
        if number is None:
            raise StrvalsError(
                f'error parsing index: strconv.Atoi: parsing "{text}": invalid syntax'
            )
        return number

    def list_item(self, items: list[Any], index: int, level: int) -> list[Any]:
        if index < 0:
            raise StrvalsError(f"negative {index} index not allowed")
        text, last = self.until("[.=")
        if text:
            raise StrvalsError(f'unexpected data at end of array index: "{text}"')
        if last is None:
            raise _Ended(items)
        if last == "=":
            try:
                value: Any = self.value_list()
            except _End:
                return _set_index(items, index, "")
            except _NotList:
                value = self.typed(self.until(",")[0])
            return _set_index(items, index, value)
        if last == "[":
            try:
                inner_index = self.index()
            except _End:
                raise _Ended(items) from None
            nested: list[Any] = []
            if len(items) > index and items[index] is not None:
                if not isinstance(items[index], list):
                    raise StrvalsError("unable to parse key: list item is not a list")
                nested = items[index]
            try:
                nested = self.list_item(nested, inner_index, level)
            except (_End, _Ended):
                raise _Ended(items) from None
            return _set_index(items, index, nested)
        inner: dict[str, Any] = {}
        if len(items) > index:
            if not isinstance(items[index], dict):
                items[index] = {}  # indices out of order: start an empty map
            inner = items[index]
        try:
            self.key(inner, level)
        except _End:
            raise _Ended(items) from None
        return _set_index(items, index, inner)

    def value_list(self) -> list[Any]:
        char = self.read()
        if char is None:
            raise _End
        if char != "{":
            self.pos -= 1
            raise _NotList
        items: list[Any] = []
        while True:
            text, last = self.until(",}")
            if last is None:
                raise StrvalsError("list must terminate with '}'")
            items.append(self.typed(text))
            if last == "}":
                if self.pos < len(self.line) and self.line[self.pos] == ",":
                    self.pos += 1
                return items


class _Ended(Exception):
    """The input ended inside a list index: the list as it stands is kept."""

    def __init__(self, value: list[Any]) -> None:
        super().__init__()
        self.value = value


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    if key:
        data[key] = value


def _set_index(items: list[Any], index: int, value: Any) -> list[Any]:
    if index < 0:
        raise StrvalsError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        raise StrvalsError(
            f"index of {index} is greater than maximum supported index of {MAX_INDEX}"
        )
    if len(items) <= index:
        items = items + [None] * (index + 1 - len(items))  # Go copies into a new slice
    items[index] = value
    return items


def _atoi(text: str) -> int | None:
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body or not body.isascii() or not body.isdigit():
        return None
    return int(text)


def _parse_int(text: str) -> int | None:
    number = _atoi(text)
    if number is None or not -_INT64 <= number < _INT64:
        return None
    return number
