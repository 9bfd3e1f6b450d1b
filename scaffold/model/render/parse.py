"""YAML documents typed as kustomize types them: YAML 1.2 scalars, as JSON values.

kustomize reads with yaml.v3 and writes every object through JSON, so `yes` stays the string
"yes", `0644` is the integer 420, `2001-12-14` becomes "2001-12-14T00:00:00Z" and `1e400` stays
a string. The resolver below follows yaml.v3's `resolve()`; libyaml still does the parsing.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any, cast

import yaml

from scaffold.model.render import nodes  # the walk over the same parser's nodes
from scaffold.model.render.scalars import Unsupported, folded, number

__all__ = ["Unsupported", "load_documents", "load_exactly", "number"]

MAX_ALIAS_NODES = 100_000
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"


def _number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    return number(str(loader.construct_scalar(node)), node)


def _null(loader: Loader, node: yaml.Node) -> None:
    if node.value == "":
        # kyaml drops an empty `key:` where a strategic merge walks, but keeps `key: null`.
        loader.empty_null = True
    return None


def _bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return str(loader.construct_scalar(node)) in ("true", "True", "TRUE")


def _binary(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    raw = base64.b64decode(str(loader.construct_scalar(node)))
    return raw.decode("utf-8", errors="surrogateescape")


def _string(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    value = str(loader.construct_scalar(node))
    if node.style == ">" and ("\n " in value or "\n\t" in value):
        return folded(value)
    return value


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Iterator[dict[str, Any]]:
    data: dict[str, Any] = {}
    yield data
    value = loader.construct_mapping(node)
    for key in value:
        if type(key) is not str:
            raise Unsupported(
                None, None, f"a mapping key that is not a string: {key!r}", node.start_mark
            )
    data.update(cast(dict[str, Any], value))


class Loader(yaml.CSafeLoader):
    """libyaml parsing with yaml.v3's scalar resolution."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - the resolver table
    empty_null = False


class AliasLoader(Loader):
    """Gives every alias its own copy, as kustomize expands anchors; bounded in size."""

    copies = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            self.copies += 1
            if self.copies > MAX_ALIAS_NODES:
                raise yaml.YAMLError(f"more than {MAX_ALIAS_NODES} alias expansions")
            return _copy(self.constructed_objects[node], self)
        # Deep construction: an anchored value is complete before any alias copies it.
        return super().construct_object(node, True)


def _copy(value: Any, loader: AliasLoader) -> Any:
    if isinstance(value, dict):
        loader.copies += len(value)
        return {k: _copy(v, loader) for k, v in value.items()}
    if isinstance(value, list):
        loader.copies += len(value)
        return [_copy(v, loader) for v in value]
    return value


Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?[.0-9]"), list("-+.0123456789"))
Loader.add_implicit_resolver(_MERGE, re.compile(r"^<<$"), ["<"])
Loader.add_constructor(_NULL, _null)
Loader.add_constructor(_BOOL, _bool)
Loader.add_constructor(_INT, _number)
Loader.add_constructor("tag:yaml.org,2002:float", _number)
Loader.add_constructor("tag:yaml.org,2002:timestamp", _number)
Loader.add_constructor("tag:yaml.org,2002:binary", _binary)
Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
Loader.add_constructor("tag:yaml.org,2002:str", _string)


def load_documents(data: bytes, empty_nulls: list[bool] | None = None) -> list[Any]:
    """Every document of `data`, JSON-typed as kustomize reads it (YAMLError on bad input).

    `empty_nulls`, when given, receives per document whether it holds an empty `key:` value.
    """
    text = data.decode("utf-8-sig")
    try:
        found = nodes.load(text)
    except (nodes.Fallback, yaml.YAMLError, RecursionError):
        return load_exactly(text, empty_nulls)  # not plain data, or an error: decided here
    if empty_nulls is not None:
        empty_nulls.extend(flag for _, flag in found)
    return [doc for doc, _ in found]


def load_exactly(text: str, empty_nulls: list[bool] | None = None) -> list[Any]:
    """`load_documents` through PyYAML's constructor: any document, every error in place."""
    loader_class = AliasLoader if "*" in text and "&" in text else Loader
    loader = loader_class(text)
    try:
        documents = []
        while loader.check_data():  # type: ignore[no-untyped-call]
            loader.empty_null = False
            documents.append(loader.get_data())
            if empty_nulls is not None:
                empty_nulls.append(loader.empty_null)
        return documents
    finally:
        loader.dispose()
