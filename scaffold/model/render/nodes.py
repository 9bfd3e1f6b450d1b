"""Documents built straight from composed YAML nodes, typed as `render.parse` types them.

PyYAML's constructor costs more than libyaml's parsing: a generator per mapping, a memo of
every node, a resolver of regular expressions per scalar. A manifest is plain data (string
keys, scalars, no tags, no aliases), and for such a document one walk of the node tree
gives the same values. Anything else (a tag, an alias, a merge key, a key that is not a
string, an error) is left to `render.parse`'s loaders, which decide it exactly: `Fallback`.

The same walk reads the nodes the facts pipeline composes (`documents_of`), so a file is
parsed once for the facts and the renderer alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]

from scaffold.model.render import scalars

PLAIN_TAG = "tag:gitops-scaffold,2026:plain"  # an untagged plain scalar, resolved here
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
_Scalar = yaml.ScalarNode
_Mapping = yaml.MappingNode
_Sequence = yaml.SequenceNode
_NULLS = frozenset(("~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_NUMBER_START = frozenset("-+.0123456789")

# Plain scalars recur (keys, `true`, names): each text is resolved once per process.
MAX_RESOLVED = 200_000
_RESOLVED: dict[str, Any] = {}
_UNKNOWN = object()

Documents = list[tuple[Any, bool]]  # each document, and whether it holds an empty `key:`


class Fallback(Exception):
    """A document the walk does not type: `render.parse`'s loaders read it."""


def _resolve(kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    # Tags only say what the walk needs: plain or not (an explicit tag is kept as written).
    if kind is _Scalar:
        return PLAIN_TAG if implicit[0] else STR_TAG
    return MAP_TAG if kind is _Mapping else SEQ_TAG


class NodeLoader(CParser):
    """libyaml's composer; untagged plain scalars keep `PLAIN_TAG`."""

    resolve = staticmethod(_resolve)
    descend_resolver: Any = {}.get  # path resolvers are never used: builtins cost least
    ascend_resolver: Any = tuple


def load(text: str) -> Documents:
    """Every document of `text` (decoded), or Fallback when one is not plain data."""
    if "*" in text and "&" in text:
        raise Fallback  # aliases: copies, bounded by the exact loader
    loader = NodeLoader(text)
    try:
        roots: list[Any] = []
        while loader.check_node():
            roots.append(loader.get_node())
    except yaml.YAMLError as exc:
        raise Fallback from exc  # the exact loader says where and why
    finally:
        loader.dispose()
    return _documents(roots, plain_by_style=False)


def documents_of(data: bytes, roots: Iterable[yaml.Node]) -> Documents | None:
    """The documents of nodes another loader composed from `data` (tags resolved its own
    way, so a scalar is plain by its style: a file with a tag is not read here), or None."""
    if b"!" in data or (b"*" in data and b"&" in data):
        return None
    try:
        return _documents(roots, plain_by_style=True)
    except (Fallback, RecursionError, yaml.YAMLError):
        return None  # the renderer parses the file itself, and says why it cannot


def _documents(roots: Iterable[yaml.Node], *, plain_by_style: bool) -> Documents:
    out: Documents = []
    for root in roots:
        walk = _Walk(plain_by_style)
        out.append((walk.value(root), walk.empty_null))
    return out


class _Walk:
    """One document's walk: the value of each node, and whether an empty value was met."""

    def __init__(self, plain_by_style: bool) -> None:
        self.plain_by_style = plain_by_style
        self.empty_null = False

    def value(self, node: Any) -> Any:
        kind = type(node)
        if kind is _Scalar:
            return self.scalar(node)
        if kind is _Mapping:
            if node.tag != MAP_TAG:
                raise Fallback
            out: dict[str, Any] = {}
            scalar, value = self.scalar, self.value
            for key_node, value_node in node.value:
                if type(key_node) is not _Scalar:
                    raise Fallback
                key = scalar(key_node)
                if type(key) is not str:
                    raise Fallback  # the exact loader rejects it, at its place
                if type(value_node) is _Scalar:
                    out[key] = scalar(value_node)
                else:
                    out[key] = value(value_node)
            return out
        if kind is _Sequence:
            if node.tag != SEQ_TAG:
                raise Fallback
            return [self.value(item) for item in node.value]
        raise Fallback

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        tag = node.tag
        if tag == PLAIN_TAG or (self.plain_by_style and node.style == ""):
            found = _RESOLVED.get(text, _UNKNOWN)
            if found is _UNKNOWN:
                found = self.plain(text, node)
                if text and len(_RESOLVED) < MAX_RESOLVED:
                    _RESOLVED[text] = found
            return found
        if tag != STR_TAG:
            raise Fallback
        if node.style == ">" and ("\n " in text or "\n\t" in text):
            return scalars.folded(text)
        return text

    def plain(self, text: str, node: yaml.ScalarNode) -> Any:
        """What the implicit resolvers of `parse.Loader` make of a plain scalar."""
        if not text:
            self.empty_null = True
            return None
        first = text[0]
        if first in _NUMBER_START:
            if text[0] in "-+" and (len(text) == 1 or text[1] not in ".0123456789"):
                return text  # `^[-+]?[.0-9]` does not match: a string
            return scalars.number(text, node)
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text == "<<":
            raise Fallback  # a merge key
        return text
