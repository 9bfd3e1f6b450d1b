"""Facts to JSON and back: a data-only encoding that can name only our own plain classes.

The cache must never run code it reads. JSON builds only dicts, lists, strings and
numbers; a tagged object is rebuilt only when its tag names one of the dataclasses
below, with exactly that class's fields, and every field checked against its type.
Anything else raises `ValueError`, which the cache treats as a miss.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from scaffold.lint.facts.documents import Document, FileFacts, Ref, Suppressions
from scaffold.lint.model import AppendText, CreateFile, RawFinding, TextEdit

CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        FileFacts,
        Document,
        Ref,
        Suppressions,
        RawFinding,
        TextEdit,
        AppendText,
        CreateFile,
    )
}
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


def decode(data: Any, expected: Any = FileFacts) -> Any:
    """Rebuild a value of type `expected` from `encode`'s output; ValueError if it is not one."""
    origin = typing.get_origin(expected)
    if expected is Any:
        raise ValueError("untyped field")
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(expected):
            try:
                return decode(data, option)
            except ValueError as exc:
                errors.append(exc)
        raise ValueError(f"no type of {expected} fits")
    if expected is type(None):
        if data is None:
            return None
        raise ValueError("not null")
    if origin is tuple:
        args = typing.get_args(expected)
        if not isinstance(data, list):
            raise ValueError("not a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(v, args[0]) for v in data)
        if len(args) != len(data):
            raise ValueError("tuple of the wrong length")
        return tuple(decode(v, a) for v, a in zip(data, args, strict=True))
    if origin is frozenset:
        (arg,) = typing.get_args(expected)
        if not isinstance(data, list):
            raise ValueError("not a list")
        return frozenset(decode(v, arg) for v in data)
    if isinstance(expected, type) and dataclasses.is_dataclass(expected):
        return _decode_object(data, expected)
    if expected in (str, bool) or expected is int:
        # bool is an int in Python: keep them apart, as the facts do.
        if type(data) is not expected:
            raise ValueError(f"not a {expected.__name__}")
        return data
    raise ValueError(f"unsupported type {expected!r}")


def _decode_object(data: Any, cls: type) -> Any:
    if not isinstance(data, dict) or CLASSES.get(data.get(_TAG, "")) is not cls:
        raise ValueError(f"not a {cls.__name__}")
    hints = _hints(cls)
    fields = dataclasses.fields(cls)
    names = {f.name for f in fields}
    required = {f.name for f in fields if _no_default(f)}
    given = set(data) - {_TAG}
    if not required <= given <= names:
        raise ValueError(f"{cls.__name__} with other fields")
    return cls(**{name: decode(data[name], hints[name]) for name in given})


def _no_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        import scaffold.lint.facts.documents as documents
        import scaffold.lint.model as model

        namespace = {**vars(model), **vars(documents)}
        _HINTS[cls] = typing.get_type_hints(cls, globalns=namespace)
    return _HINTS[cls]
