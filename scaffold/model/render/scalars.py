"""Scalars as yaml.v3 then Go's JSON encoder give them: numbers, timestamps, folded text.

Shared by the constructor of `parse` and the node walk of `nodes`.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

import yaml

_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_YAML_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DIGITS = {
    16: re.compile(r"^[0-9a-fA-F]+$"),
    10: re.compile(r"^[0-9]+$"),
    8: re.compile(r"^[0-7]+$"),
    2: re.compile(r"^[01]+$"),
}
_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_CLOCK = r"(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?"
_TIMESTAMPS = (
    re.compile(rf"^{_DATE}[Tt]{_CLOCK}(Z|[+-]\d{{2}}:\d{{2}})$"),
    re.compile(rf"^{_DATE} {_CLOCK}()$"),
    re.compile(rf"^{_DATE}()()()()()$"),
)


class Unsupported(yaml.MarkedYAMLError):
    """A document kustomize reads differently than can be reproduced here."""


def go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64), then ParseUint, as yaml.v3 tries them; None if neither."""
    sign, body = (-1, text[1:]) if text[:1] == "-" else (1, text[1:] if text[:1] == "+" else text)
    prefix = body[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        base, digits = {"0x": 16, "0o": 8, "0b": 2}[prefix], body[2:]
    elif body[:1] == "0" and len(body) > 1:
        base, digits = 8, body[1:]
    else:
        base, digits = 10, body
    if not _DIGITS[base].match(digits):
        return None
    value = sign * int(digits, base)
    if -(2**63) <= value < 2**63 or (text[:1] not in "+-" and value < 2**64):
        return value
    return None


def _timestamp(text: str) -> str | None:
    """The RFC 3339 text Go's JSON encoder writes for a YAML timestamp, or None."""
    for pattern in _TIMESTAMPS:
        match = pattern.match(text)
        if not match:
            continue
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        try:
            moment = datetime.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                int(second or 0),
            )  # fmt: skip
        except ValueError:
            return None
        digits = (fraction or ".")[1:10].rstrip("0")
        offset = "Z" if zone in ("", "Z", "+00:00", "-00:00") else zone
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{digits}" if digits else "") + offset
    return None


def number(text: str, node: yaml.Node) -> Any:
    """The value yaml.v3 then JSON give a scalar the int resolver matched (`^[-+]?[.0-9]`)."""
    if _SPECIAL_FLOAT.match(text):
        raise Unsupported(None, None, f"{text} has no JSON form", node.start_mark)
    if len(text) >= 5 and text[4] == "-" and (stamp := _timestamp(text)) is not None:
        return stamp
    plain = text.replace("_", "")
    number = go_int(plain)
    if number is not None:
        return number
    if _YAML_FLOAT.match(plain):
        value = float(plain)
        if math.isinf(value):
            return text
        # Go writes an integral float64 as an integer below 1e21: so does the object here.
        return int(value) if value.is_integer() and abs(value) < 1e21 else value
    return text


_MORE_INDENTED = re.compile(r"(?m)^([^ \t\n][^\n]*)\n(?=[ \t])")


def folded(value: str) -> str:
    """A folded scalar holding a more-indented line, as yaml.v3 reads it."""
    # yaml.v3 keeps an extra line break before a more-indented line of a folded scalar.
    return _MORE_INDENTED.sub("\\1\n\n", value)
