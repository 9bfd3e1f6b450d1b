"""Facts to JSON and back: a data-only encoding that can name only our own plain classes.

The cache must never run code it reads. JSON builds only lists, strings, numbers and
null; an object is encoded as `[tag, field values...]` and rebuilt only when its tag
names one of the dataclasses below, with exactly that class's number of fields, each
checked against the field's declared type. Anything else raises `ValueError`, which
the cache treats as a miss. Decoders are planned once per class from its type hints,
so a warm lint of thousands of files decodes in a fraction of the parse time.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Any

from scaffold.lint.facts.documents import Document, FileFacts, Ref, SchemaViolation, Suppressions
from scaffold.lint.model import AppendText, CreateFile, RawFinding, TextEdit

CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        FileFacts, Document, Ref, SchemaViolation, Suppressions, RawFinding, TextEdit,
        AppendText, CreateFile
    )
}  # fmt: skip
Decoder = Callable[[Any], Any]
_PLANS: dict[type, list[Decoder]] = {}


def encode(value: Any) -> Any:
    """A JSON-ready form of facts: dataclasses as `[tag, *fields]`, tuples and sets as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__name__,
            *(encode(getattr(value, f.name)) for f in dataclasses.fields(value)),
        ]
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(encode(v) for v in value)
    return value


def decode(data: Any, expected: type = FileFacts) -> Any:
    """Rebuild the object of class `expected` that `encode` wrote; ValueError for anything else."""
    return _decode_object(data, (expected,))


def _decode_object(data: Any, allowed: tuple[type, ...]) -> Any:
    if type(data) is not list or not data or type(data[0]) is not str:
        raise ValueError("not an encoded object")
    cls = CLASSES.get(data[0])
    if cls is None or cls not in allowed:
        raise ValueError(f"unexpected object {data[0][:40]!r}")
    plan = _plan(cls)
    if len(data) != len(plan) + 1:
        raise ValueError(f"{cls.__name__} with another number of fields")
    return cls(*[convert(value) for convert, value in zip(plan, data[1:], strict=True)])


def _plan(cls: type) -> list[Decoder]:
    if cls not in _PLANS:
        import scaffold.lint.facts.documents as documents
        import scaffold.lint.model as model

        hints = typing.get_type_hints(cls, globalns={**vars(model), **vars(documents)})
        _PLANS[cls] = [_decoder(hints[f.name]) for f in dataclasses.fields(cls)]
    return _PLANS[cls]


def _decoder(expected: Any) -> Decoder:
    """A function that checks and converts one JSON value to the type `expected`."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(expected))
    if origin is tuple:
        return _tuple(typing.get_args(expected))
    if origin is frozenset:
        (item,) = typing.get_args(expected)
        convert = _decoder(item)
        return lambda v: frozenset(convert(x) for x in _list(v))
    if isinstance(expected, type) and dataclasses.is_dataclass(expected):
        return lambda v: _decode_object(v, (expected,))
    if expected in (str, int, bool, type(None)):
        return _scalar((expected,))
    raise TypeError(f"facts cannot hold a {expected!r}")


def _scalar(kinds: tuple[type, ...]) -> Decoder:
    # `type() in`: a bool must not pass for an int, nor an int for a bool.
    def convert(value: Any) -> Any:
        if type(value) not in kinds:
            raise ValueError(f"expected {kinds}, got {type(value).__name__}")
        return value

    return convert


def _union(options: tuple[Any, ...]) -> Decoder:
    scalars = tuple(o for o in options if o in (str, int, bool, type(None)))
    objects = tuple(o for o in options if isinstance(o, type) and dataclasses.is_dataclass(o))
    generics = [_decoder(o) for o in options if o not in scalars and o not in objects]
    if len(generics) > 1:
        raise TypeError(f"facts cannot hold a union of {options!r}")
    tags = {cls.__name__ for cls in objects}

    def convert(value: Any) -> Any:
        if type(value) in scalars:
            return value
        if type(value) is list:
            # An object starts with its tag; a tuple or set of the union never starts with one.
            if value and type(value[0]) is str and value[0] in tags:
                return _decode_object(value, objects)
            if generics:
                return generics[0](value)
        raise ValueError(f"expected one of {options}, got {type(value).__name__}")

    return convert


def _tuple(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda v: tuple([item(x) for x in _list(v)])
    items = [_decoder(a) for a in args]

    def convert(value: Any) -> Any:
        values = _list(value)
        if len(values) != len(items):
            raise ValueError("a tuple of another length")
        return tuple([c(x) for c, x in zip(items, values, strict=True)])

    return convert


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return value
