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

import math
import re
from decimal import Decimal
from typing import Any

import yaml

from scaffold.model.render.flux.errors import FluxRenderError

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
# strconv.ParseInt(s, 0, 64): a sign, then a 0x/0b/0o prefix, a leading 0 (octal) or decimal.
_GO_INT = re.compile(r"([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)\Z")
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_DOT_FLOAT = re.compile(r"\.[0-9]+([eE][-+]?[0-9]+)?\Z")
_INT64 = 1 << 63
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029", "\r")
_BASES = {"x": 16, "X": 16, "b": 2, "B": 2, "o": 8, "O": 8}


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
    number = _go_int(plain)
    if number is not None:
        return number
    if _GO_FLOAT.match(plain):
        value = float(plain)
        if not math.isinf(value):  # ParseFloat reports a range error: the scalar stays a string
            return value
    return text


def _go_int(text: str) -> int | None:
    match = _GO_INT.match(text)
    if match is None:
        return None
    sign, body = match.groups()
    if len(body) > 1 and body[0] == "0":
        base = _BASES.get(body[1], 8)
        value = int(body[2:] if base != 8 or body[1] in "oO" else body[1:], base)
    else:
        value = int(body)
    if sign == "-":
        value = -value
    if -_INT64 <= value < _INT64 or (sign == "" and value < 2 * _INT64):
        return value
    return None


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
    """`data` as YAML text that `load` reads back unchanged (strings stay strings)."""
    return yaml.dump(data, Dumper=_GoDumper, sort_keys=False, allow_unicode=True, width=1 << 30)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
