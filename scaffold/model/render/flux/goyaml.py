"""YAML read and written as Flux's Go code does it, so values keep the types Flux gives them.

Flux re-reads a substituted object with `sigs.k8s.io/yaml`, whose go-yaml v2 resolves
plain scalars by YAML 1.1 rules (`yes`, `on`, `y` are booleans; `0x1F`, `017`, `0o17`,
`1_000` are integers; `1e3` is a float; timestamps stay strings), converts the result to
JSON (map keys become strings; NaN and infinities are an error) and decodes that JSON
into float64 numbers, which kyaml writes back with Go's shortest `%g` (`1` stays an
integer, `1000000` becomes the float `1e+06`). `load` returns what that chain yields.
`dump` writes an object as kyaml writes a node it did not read: plain scalars unless a
string would read back as something else.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

import yaml

from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.scalars import go_int

_PLAIN_TAG = "tag:gitops-scaffold,2026:plain"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BOOLS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "off", "Off", "OFF"), False),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_SPECIAL_FLOATS = {
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_DOT_FLOAT = re.compile(r"\.[0-9]+([eE][-+]?[0-9]+)?\Z")
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029", "\r")


def resolve_plain(text: str) -> Any:
    """The value go-yaml v2 gives the plain (unquoted) scalar `text`."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    first = text[0]
    if first == "." and _DOT_FLOAT.match(text):
        return float(text)
    if first not in "+-0123456789":
        return text
    plain = text.replace("_", "")
    number = go_int(plain)
    if number is not None:
        return number
    if _GO_FLOAT.match(plain):
        value = float(plain)
        if not math.isinf(value):  # ParseFloat reports a range error: the scalar stays a string
            return value
    return text


_LoaderBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _GoLoader(_LoaderBase):  # type: ignore[misc]
    """Plain scalars keep a private tag, resolved by `resolve_plain` when constructed."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _MERGE_TAG if value == "<<" else _PLAIN_TAG
        return super().resolve(kind, value, implicit)


def _construct_plain(loader: Any, node: yaml.ScalarNode) -> Any:
    return resolve_plain(node.value)


def _construct_as_text(loader: Any, node: yaml.Node) -> Any:
    # go-yaml keeps the text of a timestamp, and of a value under a tag it does not know.
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return node.value


_GoLoader.add_constructor(_PLAIN_TAG, _construct_plain)
_GoLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_as_text)
_GoLoader.add_constructor(None, _construct_as_text)


def load(text: str, source: str) -> Any:
    """The first document of `text` as `sigs.k8s.io/yaml` makes it JSON and kyaml reads it."""
    try:
        documents = yaml.load_all(text, Loader=_GoLoader)
        data = next(iter(documents), None)
    except yaml.YAMLError as exc:
        raise FluxRenderError(
            f"{source}: not valid YAML after substitution ({_one_line(exc)})"
        ) from exc
    return to_json(data, source, through_kyaml=True)


def load_values(text: str, source: str) -> Any:
    """The first document of `text` as `sigs.k8s.io/yaml` unmarshals it (Helm values)."""
    try:
        data = next(iter(yaml.load_all(text, Loader=_GoLoader)), None)
    except yaml.YAMLError as exc:
        raise FluxRenderError(f"{source}: not valid YAML ({_one_line(exc)})") from exc
    return to_json(data, source, through_kyaml=False)


def load_all(text: str, source: str) -> list[Any]:
    """Every document of the manifest `text`, for checking that kustomize can read it."""
    try:
        return list(yaml.load_all(text, Loader=_GoLoader))
    except yaml.YAMLError as exc:
        raise FluxRenderError(
            f"{source}: failed to decode Kubernetes YAML ({_one_line(exc)})"
        ) from exc


def to_json(data: Any, source: str, *, through_kyaml: bool) -> Any:
    """`data` as JSON carries it: string keys, finite numbers (re-typed by kyaml if asked)."""
    if isinstance(data, dict):
        return {
            _json_key(k, source): to_json(v, source, through_kyaml=through_kyaml)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [to_json(item, source, through_kyaml=through_kyaml) for item in data]
    if isinstance(data, bool) or data is None or isinstance(data, str):
        return data
    if isinstance(data, (int, float)):
        number = float(data)
        if math.isnan(number) or math.isinf(number):
            raise FluxRenderError(f"{source}: JSON has no value for {data!r}; quote it")
        return _kyaml_number(number) if through_kyaml else data
    return str(data)


def _json_key(key: Any, source: str) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return _format_g(key)
    if isinstance(key, str):
        return key
    raise FluxRenderError(f"{source}: a mapping key is {key!r}; Flux takes only scalar keys")


def _kyaml_number(number: float) -> int | float:
    # JSON gives float64; kyaml writes it with %g, and reads an integer back when there is
    # neither a point nor an exponent in that text.
    text = _format_g(number)
    return int(number) if re.fullmatch(r"-?[0-9]+", text) else number


def _format_g(number: float) -> str:
    """Go's strconv.FormatFloat(number, 'g', -1, 64)."""
    if number == 0:
        return "-0" if math.copysign(1.0, number) < 0 else "0"
    digits = Decimal(repr(number))
    exponent = digits.adjusted()
    if exponent < -4 or exponent >= 6:  # shortest %g switches to an exponent at 1e6
        mantissa = f"{digits.scaleb(-exponent).normalize():f}"
        return f"{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    return f"{digits.normalize():f}"


_DumperBase: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: 10x faster


class _GoDumper(_DumperBase):  # type: ignore[misc]
    """Writes strings plain unless go-yaml would read them back as another type."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(char in value for char in _YAML11_BREAKS):  # PyYAML would write them bare
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if value == "" or resolve_plain(value) != value or value == "<<":
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_GoDumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """`data` as YAML text that `load` reads back unchanged (strings stay strings), quoted
    as kyaml quotes a node it did not read (substitution reads this text)."""
    return yaml.dump(data, Dumper=_GoDumper, sort_keys=False, allow_unicode=True, width=1 << 30)


def dump_for_output(data: Any) -> str:
    """`data` as YAML text for people and tools to read: the same values as `dump`, written
    directly (several times faster than PyYAML's representer) with more strings quoted.
    A document holding anything but strings, integers, booleans, nulls, lists and
    string-keyed mappings (a float, another key type) goes through `dump`."""
    if isinstance(data, dict):
        out: list[str] = []
        try:
            _emit_map(data, "", out)
        except _Unsupported:
            pass
        else:
            return "".join(out) if out else "{}\n"
    return dump(data)


class _Unsupported(Exception):
    """A value the direct writer leaves to PyYAML."""


# Plain (unquoted) only what no YAML reader can take for anything but this string.
_PLAIN_CHARS = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./:@+=~-]*(?: [A-Za-z0-9_./:@+=~-]+)*\Z")
_QUOTE_ESCAPES = re.compile("[^\x20-\x7e]")
_YAML11 = yaml.resolver.Resolver()
_scalar_cache: dict[str, str] = {}


def _scalar(value: Any) -> str:
    """One scalar as it is written after `key: ` or `- `."""
    if isinstance(value, str):
        found = _scalar_cache.get(value)
        if found is None:
            found = _string(value)
            if len(_scalar_cache) < 200_000:
                _scalar_cache[value] = found
        return found
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    raise _Unsupported


def _string(value: str) -> str:
    if (
        _PLAIN_CHARS.match(value)
        and ": " not in value
        and not value.endswith(":")
        and value != "<<"
        and resolve_plain(value) == value
        and _yaml11_tag(value) == "tag:yaml.org,2002:str"
    ):
        return value
    return _double_quoted(value)


def _yaml11_tag(value: str) -> str:
    """The tag PyYAML's YAML 1.1 resolver gives the plain scalar `value`."""
    return str(_YAML11.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


def _double_quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes, and every character outside printable
    ASCII that YAML would not keep as it is escaped too."""
    text = json.dumps(value, ensure_ascii=False)
    return _QUOTE_ESCAPES.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if (
        char.isprintable()
        and char not in "\x85\u2028\u2029\ufeff"
        and not ("\ud800" <= char <= "\udfff")
    ):
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _literal(value: str, indent: str) -> str | None:
    """`value` as a literal block at `indent`, when one holds it exactly; else None."""
    body = value[:-1] if value.endswith("\n") else value
    if not body or body.endswith("\n") or "\r" in value:
        return None
    lines = body.split("\n")
    first = next((line for line in lines if line), "")
    if first.startswith((" ", "\t")) or any(
        not (char.isprintable() or char == "\t") or char in "\x85\u2028\u2029\ufeff"
        for line in lines
        for char in line
    ):
        return None
    head = "|" if value.endswith("\n") else "|-"
    return head + "\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in lines)


def _value(value: Any, indent: str, out: list[str], prefix: str) -> None:
    """`prefix` (`key:` or `-`) then `value`, nested lines at `indent`."""
    if isinstance(value, dict):
        if not value:
            out.append(f"{prefix} {{}}\n")
            return
        out.append(prefix + "\n")
        _emit_map(value, indent + "  ", out)
    elif isinstance(value, list):
        if not value:
            out.append(f"{prefix} []\n")
            return
        out.append(prefix + "\n")
        _emit_list(value, indent, out)
    elif isinstance(value, str) and "\n" in value:
        block = _literal(value, indent + "  ")
        out.append(f"{prefix} {block}" if block is not None else f"{prefix} {_scalar(value)}\n")
    else:
        out.append(f"{prefix} {_scalar(value)}\n")


def _emit_map(mapping: dict[Any, Any], indent: str, out: list[str]) -> None:
    cache = _scalar_cache
    for key, value in mapping.items():
        if not isinstance(key, str) or "\n" in key:
            raise _Unsupported
        prefix = f"{indent}{cache.get(key) or _scalar(key)}:"
        if type(value) is str and "\n" not in value:  # most values: one line, from the cache
            out.append(f"{prefix} {cache.get(value) or _scalar(value)}\n")
        else:
            _value(value, indent, out, prefix)


def _emit_list(items: list[Any], indent: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            start = len(out)
            _emit_map(item, indent + "  ", out)
            out[start] = f"{indent}- " + out[start][len(indent) + 2 :]
        elif isinstance(item, list) and item:
            start = len(out)
            _emit_list(item, indent + "  ", out)
            out[start] = f"{indent}- " + out[start][len(indent) + 2 :]
        else:
            _value(item, indent, out, f"{indent}-")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
