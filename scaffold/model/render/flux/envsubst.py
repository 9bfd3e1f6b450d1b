"""Flux's `${var}` expressions (fluxcd/pkg/envsubst, a drone/envsubst fork), parsed as it parses.

Text outside expressions passes through, except that `$$` is one `$` (so `$${var}` is the
literal `${var}`). Inside `${...}`: `${var}`, `${#var}`, `${var^}`, `${var^^}`, `${var,}`,
`${var,,}`, `${var:offset}`, `${var:offset:length}`, `${var#glob}`, `${var##glob}`,
`${var%glob}`, `${var%%glob}`, `${var/old/new}`, `${var//old/new}`, `${var/#old/new}`,
`${var/%old/new}`, and the defaults `${var=d}`, `${var:=d}`, `${var:-d}`, `${var:?d}`,
`${var:+d}` (all five mean "d when var is empty"; `${var-d}` is not an expression and
is an error). Anything else inside `${` is an error, as in Flux.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from scaffold.model.render.flux import envsubst_funcs as funcs
from scaffold.model.render.flux import envsubst_scan as scan
from scaffold.model.render.flux.envsubst_funcs import EnvsubstError

_DEFAULT_OPS = frozenset(("-", "+", "=", "?", ":-", ":+", ":=", ":?"))
__all__ = ["EnvsubstError", "Expression", "Unknown", "evaluate", "parse"]


@dataclass
class Expression:
    """One `${...}`: the variable, the operator (empty for a bare `${var}`), its arguments."""

    param: str
    name: str = ""
    args: list[Segment] = field(default_factory=list)
    source: str = ""


Segment = str | Expression


def parse(text: str) -> list[Segment]:
    """`text` as literal pieces and expressions, or an `EnvsubstError` where Flux fails."""
    return _Parser(text).parse_text()


class _Parser(scan.Scanner):
    """drone/envsubst's grammar over its scanner; `source` spans keep the original text."""

    def parse_text(self) -> list[Segment]:
        nodes: list[Segment] = []
        text, end = self.text, len(self.text)
        piece: list[str] = []
        while self.pos < end:
            at = text.find("$", self.pos)
            if at < 0:
                piece.append(text[self.pos :])
                break
            piece.append(text[self.pos : at])
            following = text[at + 1 : at + 2]
            if following == "{":
                if piece:
                    nodes.append("".join(piece))
                    piece = []
                self.pos = at + 2
                nodes.append(self.parse_function(at))
            elif following == "$":
                piece.append("$")
                self.pos = at + 2
            else:
                piece.append("$")
                self.pos = at + 1
        if piece and "".join(piece):
            nodes.append("".join(piece))
        return nodes

    def expect(self, accept: scan.Accept, mode: int, error: str) -> str:
        self.accept, self.mode = accept, mode
        if self.scan() != scan.TOKEN_IDENT:
            raise EnvsubstError(error)
        return self.token_text()

    def close(self, node: Expression, opened: int) -> Expression:
        self.mode = scan.RBRACK
        if self.scan() != scan.TOKEN_RBRACK:
            raise EnvsubstError("bad substitution")
        node.source = self.text[opened : self.pos]
        return node

    # -- grammar ---------------------------------------------------------------------------

    def parse_function(self, opened: int) -> Expression:
        if self.peek() == "#":
            return self.parse_length(opened)
        name = self.expect(scan.accept_ident, scan.IDENT, "unable to parse variable name")
        operator = self.peek()
        if operator == ":":
            self.read()
            following = self.peek()
            self.unread()
            if following and following in "=-?+":
                return self.parse_default(name, opened)
            return self.parse_substring(name, opened)
        if operator == "=":
            return self.parse_default(name, opened)
        if operator in (",", "^") and operator:
            node = Expression(name, self.expect(scan.accept_casing, scan.IDENT, "bad substitution"))
            return self.close(node, opened)
        if operator == "/":
            return self.parse_replace(name, opened)
        if operator in ("#", "%") and operator:
            accept = scan.accept_hashes if operator == "#" else scan.accept_percents
            node = Expression(name, self.expect(accept, scan.IDENT, "bad substitution"))
            node.args.append(self.parse_param(scan.accept_not_closing, scan.IDENT))
            return self.close(node, opened)
        self.accept, self.mode = scan.accept_ident, scan.RBRACK
        if self.scan() != scan.TOKEN_RBRACK:
            raise EnvsubstError("missing closing brace")
        return Expression(name, source=self.text[opened : self.pos])

    def parse_param(self, accept: scan.Accept, mode: int) -> Segment:
        self.accept, self.mode = accept, mode | scan.LBRACK
        token = self.scan()
        if token == scan.TOKEN_LBRACK:
            return self.parse_function(self.start)
        if token == scan.TOKEN_IDENT:
            return self.token_text()
        raise EnvsubstError("unable to parse substitution within function")

    def parse_length(self, opened: int) -> Expression:
        operator = self.expect(scan.accept_one_hash, scan.IDENT, "bad substitution")
        param = self.expect(scan.accept_ident, scan.IDENT, "bad substitution")
        return self.close(Expression(param, operator), opened)

    def parse_substring(self, name: str, opened: int) -> Expression:
        node = Expression(name, self.expect(scan.accept_one_colon, scan.IDENT, "bad substitution"))
        node.args.append(self.parse_param(scan.accept_not_colon_or_closing, scan.IDENT))
        self.accept, self.mode = scan.accept_colon, scan.IDENT | scan.RBRACK
        token = self.scan()
        if token == scan.TOKEN_RBRACK:
            node.source = self.text[opened : self.pos]
            return node
        if token != scan.TOKEN_IDENT:
            raise EnvsubstError("bad substitution")
        node.args.append(self.parse_param(scan.accept_not_closing, scan.IDENT))
        return self.close(node, opened)

    def parse_replace(self, name: str, opened: int) -> Expression:
        node = Expression(
            name, self.expect(scan.accept_replace_operator, scan.IDENT, "bad substitution")
        )
        node.args.append(self.parse_param(scan.accept_not_slash, scan.IDENT | scan.ESCAPE))
        self.expect(scan.accept_slash, scan.IDENT, "bad substitution")
        if self.peek() == "}":
            return self.close(node, opened)
        node.args.append(self.parse_param(scan.accept_not_closing, scan.IDENT | scan.ESCAPE))
        return self.close(node, opened)

    def parse_default(self, name: str, opened: int) -> Expression:
        accept = scan.accept_one_equal if self.peek() == "=" else scan.accept_default_operator
        node = Expression(name, self.expect(accept, scan.IDENT, "unable to parse default function"))
        while self.peek() != "}":
            node.args.append(self.parse_param(scan.accept_not_closing, scan.IDENT))
        return self.close(node, opened)


@dataclass(frozen=True)
class Unknown:
    """A variable whose value cannot be known here: its expression is kept as written."""


Lookup = Callable[[str], "str | Unknown | None"]


def evaluate(nodes: list[Segment], lookup: Lookup, *, strict: bool) -> tuple[str, set[str]]:
    """The text Flux writes for `nodes`, and the variables left as written because unknown.

    `lookup` gives a variable's value, None when it is not set, or `Unknown()`. Not set is
    the empty string, or in strict mode an error unless a default operator applies.
    """
    kept: set[str] = set()
    out = "".join(_evaluate(node, lookup, strict, kept) for node in nodes)
    return out, kept


def _evaluate(node: Segment, lookup: Lookup, strict: bool, kept: set[str]) -> str:
    if isinstance(node, str):
        return node
    unknown_before = len(kept)
    args = [_evaluate(arg, lookup, strict, kept) for arg in node.args]
    value = lookup(node.param)
    if isinstance(value, Unknown):
        kept.add(node.param)
        return node.source  # also when the same variable was kept before
    if len(kept) > unknown_before:
        return node.source
    if value is None:
        if strict and node.name not in _DEFAULT_OPS:
            raise EnvsubstError(f'variable not set (strict mode): "{node.param}"')
        value = ""
    assert isinstance(value, str)
    return funcs.apply(node.name, value, args)
