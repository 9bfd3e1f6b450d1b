"""kustomize's `types.Kustomization` (api v0.21.1) as data, and Flux's round trip through it.

kustomize-controller does not edit a kustomization file: it unmarshals it into this Go
struct with `sigs.k8s.io/yaml` and marshals the struct back. So unknown fields (typos
included) vanish, keys match their field case-insensitively, a number or boolean where a
string belongs becomes a string (`1.0` becomes `"1"`), a wrong type is an error, and
empty values are omitted. `round_trip` does the same to a decoded document.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from typing import Any

from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.kustomization_schema import STRUCTS, Field

_S, _B, _M = "string", "bool", "map"


def fields(name: str) -> list[Field]:
    """The JSON fields of struct `name`, embedded structs' fields promoted."""
    out: list[Field] = []
    for field in STRUCTS[name]:
        out.extend(fields(field[0]) if field[1] == "inline" else [field])
    return out


def round_trip(document: Any, where: str, preset: Mapping[str, Any] | None = None) -> Any:
    """`document` unmarshalled into `types.Kustomization` over `preset`, then marshalled."""
    value = decode(document, "Kustomization", where, dict(preset or {}))
    return encode(value, "Kustomization")


def decode(data: Any, kind: str, where: str, into: Any = None) -> Any:
    """The Go value (Python form) JSON `data` gives a field of type `kind`."""
    if data is None:
        return into if kind in STRUCTS else into if into is not None else _zero(kind)
    if kind in STRUCTS:
        return _decode_struct(data, kind, where, into)
    if kind in (_S, "*string"):
        return _as_string(data, where)
    if kind == _B:
        return _expect(data, bool, "a boolean", where)
    if kind == "int":
        is_int = isinstance(data, (int, float)) and not isinstance(data, bool)
        if not is_int or not float(data).is_integer():
            raise FluxRenderError(f"{where} must be an integer, not {_shape(data)}")
        return int(data)
    if kind == "any":
        return _expect(data, dict, "a mapping", where)
    if kind == _M:
        items = _expect(data, dict, "a mapping", where)
        return {k: "" if v is None else _as_string(v, f"{where}.{k}") for k, v in items.items()}
    if kind.startswith("[]"):
        items = _expect(data, list, "a list", where)
        return [decode(v, kind[2:], f"{where}[{i}]") for i, v in enumerate(items)]
    return decode(data, kind[1:], where)  # a pointer: a fresh value


def _decode_struct(data: Any, kind: str, where: str, into: Any) -> dict[str, Any]:
    mapping = _expect(data, dict, "a mapping", where)
    value = dict(into) if isinstance(into, dict) else {}
    known = fields(kind)
    for key in sorted(mapping):  # json.Marshal sorts the keys json.Unmarshal then reads
        field = next((f for f in known if f[0] == key), None)
        field = field or next((f for f in known if f[0].lower() == key.lower()), None)
        if field is not None:
            name, field_kind, _ = field
            value[name] = decode(mapping[key], field_kind, f"{where}.{key}", value.get(name))
    return value


def _zero(kind: str) -> Any:
    if kind == _S:
        return ""
    if kind == _B:
        return False
    if kind == "int":
        return 0
    return None


def _expect(data: Any, kind: type, what: str, where: str) -> Any:
    if not isinstance(data, kind) or (kind is not bool and isinstance(data, bool)):
        raise FluxRenderError(f"{where} must be {what}, not {_shape(data)}")
    return data


def _as_string(data: Any, where: str) -> str:
    # sigs.k8s.io/yaml turns a scalar aimed at a string field into a string first.
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, int):
        return str(data)
    if isinstance(data, float):
        return format_float32(data)
    if isinstance(data, str):
        return data
    raise FluxRenderError(f"{where} must be a string, not {_shape(data)}")


def format_float32(number: float) -> str:
    """strconv.FormatFloat(number, 'g', -1, 32): the shortest text that is the same float32."""
    if math.isnan(number) or math.isinf(number):
        return {True: "+Inf", False: "-Inf"}[number > 0] if math.isinf(number) else "NaN"
    single = struct.unpack("f", struct.pack("f", number))[0]
    for digits in range(1, 10):
        text = f"{single:.{digits}e}" if digits > 1 else f"{single:.0e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            break
    mantissa, exponent = text.split("e")
    power = int(exponent)
    significant = mantissa.replace(".", "").rstrip("0") or "0"
    if power < -4 or power >= 6:  # shortest %g switches to an exponent at 1e6
        head = significant[0] + ("." + significant[1:] if len(significant) > 1 else "")
        return f"{head}e{'-' if power < 0 else '+'}{abs(power):02d}"
    if power < 0:
        return "0." + "0" * (-power - 1) + significant
    whole = significant.ljust(power + 1, "0")
    return whole[: power + 1] + ("." + whole[power + 1 :] if len(whole) > power + 1 else "")


def encode(value: Any, kind: str) -> Any:
    """The JSON `json.Marshal` writes for a Go value, keys sorted as `JSONToYAML` sorts them."""
    if kind in STRUCTS:
        out = {}
        for name, field_kind, omitempty in fields(kind):
            item = (
                value.get(name, _zero(field_kind)) if isinstance(value, dict) else _zero(field_kind)
            )
            if omitempty and _empty(item, field_kind):
                continue
            out[name] = encode(item, field_kind)
        return dict(sorted(out.items()))
    if value is None:
        return None
    if kind.startswith("[]"):
        return [encode(v, kind[2:]) for v in value]
    if kind.startswith("*") and kind[1:] in STRUCTS:
        return encode(value, kind[1:])
    if kind in (_M, "any"):
        return dict(sorted(value.items()))
    return value


def _empty(value: Any, kind: str) -> bool:
    if kind in STRUCTS:
        return False  # omitempty never omits a struct value
    if kind == "*string":
        return value is None
    return (
        value is None
        or value == ""
        or value is False
        or (kind == "int" and value == 0)
        or (isinstance(value, (list, dict)) and not value)
    )


def _shape(data: Any) -> str:
    """The type of a wrong value, never the value (it may be a secret)."""
    return "null" if data is None else f"a {type(data).__name__}"
