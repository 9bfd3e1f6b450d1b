"""The scanner of Flux's envsubst: read modes, accept functions and escape skipping.

It mirrors drone/envsubst's scanner closely because its quirks are the behaviour:
which characters end a name, where `$$` and `\\/` escapes count, how far a failed
read has moved. Go drops an escape character from its buffer; here the dropped
positions are remembered, so spans in the original text stay exact.
"""

from __future__ import annotations

from collections.abc import Callable

from scaffold.model.render.flux.envsubst_funcs import is_go_digit

EOF = ""
IDENT, LBRACK, RBRACK, ESCAPE = 1, 2, 4, 8
TOKEN_EOF, TOKEN_IDENT, TOKEN_LBRACK, TOKEN_RBRACK, TOKEN_ILLEGAL = range(5)

Accept = Callable[[str, int], bool]


class Scanner:
    """A position in `text`, the current token's start, read mode and accept function."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.width = 0
        self.mode = 0
        self.skipped: list[int] = []
        self.accept: Accept = accept_any

    def read(self) -> str:
        if self.pos >= len(self.text):
            self.width = 0
            return EOF
        self.width = 1
        self.pos += 1
        return self.text[self.pos - 1]

    def unread(self) -> None:
        self.pos -= self.width

    def peek(self) -> str:
        char = self.read()
        self.unread()
        return char

    def skip(self) -> None:
        # Go drops the escape character from its buffer; here it is remembered instead.
        self.skipped.append(self.pos - 1)
        self.pos += 1

    def token_text(self) -> str:
        chars = self.text[self.start : self.pos]
        if not self.skipped:
            return chars
        drop = {i - self.start for i in self.skipped}
        return "".join(c for i, c in enumerate(chars) if i not in drop)

    def scan(self) -> int:
        self.start = self.pos
        self.skipped = []
        char = self.read()
        if char == EOF:
            return TOKEN_EOF
        if self.scan_lbrack(char):
            return TOKEN_LBRACK
        if self.mode & RBRACK and char == "}":
            return TOKEN_RBRACK
        if self.scan_ident(char):
            return TOKEN_IDENT
        return TOKEN_ILLEGAL

    def scan_ident(self, char: str) -> bool:
        if not self.mode & IDENT:
            return False
        if self.escaped(char):
            self.skip()
        elif not self.accept(char, self.offset()):
            return False
        while True:
            char = self.read()
            if char == EOF:
                self.unread()
                return True
            if self.scan_lbrack(char):
                self.unread()
                self.unread()
                return True
            if self.escaped(char):
                self.skip()
                continue
            if not self.accept(char, self.offset()):
                self.unread()
                return True

    def offset(self) -> int:
        return self.pos - self.start - len(self.skipped)

    def scan_lbrack(self, char: str) -> bool:
        if not self.mode & LBRACK or char != "$":
            return False
        if self.read() == "{":
            return True
        self.unread()
        return False

    def escaped(self, char: str) -> bool:
        if not self.mode & ESCAPE:
            return False
        if char == "$":
            return self.peek() == "$"
        return char == "\\" and self.peek() in ("/", "\\")


def accept_any(char: str, index: int) -> bool:
    return True


def accept_ident(char: str, index: int) -> bool:
    return char.isalpha() or is_go_digit(char) or char == "_"


def accept_colon(char: str, index: int) -> bool:
    return char == ":"


def accept_one_hash(char: str, index: int) -> bool:
    return char == "#" and index == 1


def accept_not_closing(char: str, index: int) -> bool:
    return char != "}"


def accept_hashes(char: str, index: int) -> bool:
    return char == "#" and index < 3


def accept_percents(char: str, index: int) -> bool:
    return char == "%" and index < 3


def accept_default_operator(char: str, index: int) -> bool:
    return (index == 1 and char == ":") or (index == 2 and char in ("=", "-", "?", "+"))


def accept_replace_operator(char: str, index: int) -> bool:
    return (index == 1 and char == "/") or (index == 2 and char in ("/", "#", "%"))


def accept_one_equal(char: str, index: int) -> bool:
    return index == 1 and char == "="


def accept_one_colon(char: str, index: int) -> bool:
    return index == 1 and char == ":"


def accept_not_colon_or_closing(char: str, index: int) -> bool:
    return char not in (":", "}")


def accept_slash(char: str, index: int) -> bool:
    return char == "/"


def accept_not_slash(char: str, index: int) -> bool:
    return char != "/"


def accept_casing(char: str, index: int) -> bool:
    return char in (",", "^") and index < 3
