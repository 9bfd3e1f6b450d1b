"""Facts to JSON and back: a data-only encoding that can name only our own plain classes.

The cache must never run code it reads. JSON builds only dicts, lists, strings and
numbers; a tagged object is rebuilt only when its tag names one of the dataclasses
below, with exactly that class's fields, and every field checked against its type.
Anything else raises `ValueError`, which the cache treats as a miss.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


@cache
def classes() -> dict[str, type]:
    """The classes a tag may name (loaded on first use: findings alone need no facts)."""
    from scaffold.model.facts.documents import (
        Document,
        FileFacts,
        Ref,
        SchemaViolation,
        Suppressions,
    )
    from scaffold.model.findings import (
        AppendText,
        CreateFile,
        RawFinding,
        RenameFile,
        TextEdit,
    )

    facts = (FileFacts, Document, Ref, SchemaViolation, Suppressions)
    findings = (RawFinding, TextEdit, AppendText, CreateFile, RenameFile)
    return {cls.__name__: cls for cls in (*facts, *findings, *_REGISTERED)}


# Classes of the model's consumers that their own caches store (lint's stamped findings).
_REGISTERED: list[type] = []


def register(cls: type) -> None:
    """Let tags name `cls` too: a consumer's dataclass built of the model's ones."""
    if cls not in _REGISTERED:
        _REGISTERED.append(cls)
        classes.cache_clear()


_TAG = "$"


def encode(value: Any) -> Any:
    """A JSON-ready form of facts: dataclasses tagged, tuples and frozensets as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Most fields of most documents keep their default: leaving them out keeps
        # the cache small and quick to read back.
        body = {
            f.name: encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.default is dataclasses.MISSING or getattr(value, f.name) != f.default
        }
        return {_TAG: type(value).__name__, **body}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(encode(v) for v in value)
    return value


Decoder = Callable[[Any], Any]
# One decoder per type, built once: a warm run decodes every fact of the repository,
# and asking `typing` about each field's type for each value costs more than the JSON.
_DECODERS: dict[Any, Decoder] = {}


def decode(data: Any, expected: Any = None) -> Any:
    """Rebuild a value of type `expected` (default `FileFacts`) from `encode`'s output;
    ValueError if it is not one."""
    return _decoder(expected if expected is not None else classes()["FileFacts"])(data)


def _decoder(expected: Any) -> Decoder:
    found = _DECODERS.get(expected)
    if found is None:
        found = _DECODERS[expected] = _make_decoder(expected)
    return found


def _make_decoder(expected: Any) -> Decoder:
    origin = typing.get_origin(expected)
    if expected is Any:
        return _refuse("untyped field")
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(expected)
        if all(o in _SCALARS for o in options):
            return _exact_any(frozenset(options), f"not a {expected}")
        others = [o for o in options if o is not type(None)]
        if len(others) == 1:
            return _optional(_decoder(others[0]))
        return _union([(_json_type(o), _decoder(o)) for o in options], expected)
    if expected is type(None):
        return _exact(type(None), "not null")
    if origin is tuple:
        return _tuple(typing.get_args(expected))
    if origin is frozenset:
        (arg,) = typing.get_args(expected)
        item = _decoder(arg)
        return lambda data: frozenset(item(v) for v in _list(data))
    if isinstance(expected, type) and dataclasses.is_dataclass(expected):
        return _object(expected)
    if expected in (str, bool) or expected is int:
        # bool is an int in Python: keep them apart, as the facts do.
        return _exact(expected, f"not a {expected.__name__}")
    return _refuse(f"unsupported type {expected!r}")


# JSON values that are already what the field holds: checked by exact type (a bool is
# no int here, as in the facts).
_SCALARS = (str, int, bool, type(None))


def _exact_any(kinds: frozenset[type], reason: str) -> Decoder:
    def exact_any(data: Any) -> Any:
        if type(data) not in kinds:
            raise ValueError(reason)
        return data

    return exact_any


def _optional(inner: Decoder) -> Decoder:
    def optional(data: Any) -> Any:
        return None if data is None else inner(data)

    return optional


def _refuse(reason: str) -> Decoder:
    def refuse(data: Any) -> Any:
        raise ValueError(reason)

    return refuse


def _exact(kind: type, reason: str) -> Decoder:
    def exact(data: Any) -> Any:
        if type(data) is not kind:
            raise ValueError(reason)
        return data

    return exact


def _json_type(expected: Any) -> type | None:
    """The JSON type `encode` writes a value of type `expected` as (None: several)."""
    origin = typing.get_origin(expected)
    if origin in (tuple, frozenset):
        return list
    if isinstance(expected, type) and dataclasses.is_dataclass(expected):
        return dict
    if expected in (str, bool, int, type(None)):
        return expected  # type: ignore[no-any-return]
    return None


def _union(options: list[tuple[type | None, Decoder]], expected: Any) -> Decoder:
    # Pick the option by the JSON value's type: trying each in turn raises (and costs) an
    # exception per field, which dominated reading a warm cache.
    by_type: dict[type, list[Decoder]] = {}
    for json_type, decoder in options:
        for kind in (json_type,) if json_type is not None else (str, int, bool, list, dict):
            by_type.setdefault(kind, []).append(decoder)

    def union(data: Any) -> Any:
        for option in by_type.get(type(data), ()):
            try:
                return option(data)
            except ValueError:
                continue
        raise ValueError(f"no type of {expected} fits")

    return union


def _list(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise ValueError("not a list")
    return data


def _tuple(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        if args[0] in _SCALARS:
            return _scalar_tuple(args[0])
        item = _decoder(args[0])
        return lambda data: tuple([item(v) for v in _list(data)])
    if all(a in _SCALARS for a in args):
        return _fixed_scalars(args)
    items = [_decoder(a) for a in args]

    def fixed(data: Any) -> Any:
        if len(_list(data)) != len(items):
            raise ValueError("tuple of the wrong length")
        return tuple(item(v) for item, v in zip(items, data, strict=True))

    return fixed


def _scalar_tuple(kind: type) -> Decoder:
    def scalar_tuple(data: Any) -> Any:
        if type(data) is not list:
            raise ValueError("not a list")
        for value in data:
            if type(value) is not kind:
                raise ValueError(f"not a {kind.__name__}")
        return tuple(data)

    return scalar_tuple


def _fixed_scalars(kinds: tuple[type, ...]) -> Decoder:
    # Positions (line, column) above all: one check of the whole pair.
    def fixed_scalars(data: Any) -> Any:
        if type(data) is not list or len(data) != len(kinds):
            raise ValueError("not a tuple of the right length")
        if tuple(map(type, data)) != kinds:
            raise ValueError("a tuple item of the wrong type")
        return tuple(data)

    return fixed_scalars


def _object(cls: type) -> Decoder:
    tag = cls.__name__
    if classes().get(tag) is not cls:
        return _refuse(f"{tag} is not a class the cache may name")
    fields = dataclasses.fields(cls)
    names = frozenset(f.name for f in fields) | {_TAG}
    required = frozenset(f.name for f in fields if _no_default(f)) | {_TAG}
    decoders: dict[str, Decoder] = {}  # filled on first use: hints may name later classes
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    factories: list[tuple[str, Callable[[], Any]]] = [
        (f.name, f.default_factory) for f in fields if _has_factory(f)  # type: ignore[misc]
    ]
    new = object.__new__
    set_state = object.__setattr__

    def decode_object(data: Any) -> Any:
        if type(data) is not dict or data.get(_TAG) != tag:
            raise ValueError(f"not a {cls.__name__}")
        if not required <= data.keys() <= names:
            raise ValueError(f"{cls.__name__} with other fields")
        if not decoders:
            decoders.update({name: _decoder(hint) for name, hint in _hints(cls).items()})
        # Each field set once, as __init__ would (these classes have no __post_init__), but
        # without a frozen __init__'s call per field: a warm run rebuilds every fact.
        state = dict(defaults)
        state.update((name, factory()) for name, factory in factories if name not in data)
        state.update((k, decoders[k](v)) for k, v in data.items() if k != _TAG)
        obj: Any = new(cls)
        set_state(obj, "__dict__", state)
        return obj

    return decode_object


def _has_factory(f: dataclasses.Field[Any]) -> bool:
    return f.default_factory is not dataclasses.MISSING


def _no_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        import scaffold.model.facts.documents as documents
        import scaffold.model.findings as findings

        own = vars(sys.modules[cls.__module__])
        namespace = {**vars(findings), **vars(documents), **own}
        _HINTS[cls] = typing.get_type_hints(cls, globalns=namespace)
    return _HINTS[cls]
