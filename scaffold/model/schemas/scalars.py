"""Scalar typing as the cluster sees it: YAML 1.1 rules of go-yaml v2, which sigs.k8s.io/yaml uses.

Flux and kubectl turn manifests into JSON with sigs.k8s.io/yaml, so plain `yes`, `on` and `y`
become booleans there, sexagesimal `1:30` stays a string (unlike PyYAML) and timestamps decode
to strings. Quoted and block scalars are always strings.

A core tag written on a plain scalar (`!!str 3`) cannot be told from one a loader chose, so
plain scalars are typed by their text alone; manifests quote instead, and this reads either
PyYAML's or lint's own minimal loader the same way.
"""

from __future__ import annotations

import re
from typing import Literal

import yaml

ScalarType = Literal["null", "boolean", "integer", "number", "string"]

_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}
_SPECIAL_FLOAT = {
    f"{sign}{word}" for sign in ("", "+", "-") for word in (".inf", ".Inf", ".INF")
} | {".nan", ".NaN", ".NAN"}
# Go's strconv.ParseInt with base 0, after go-yaml strips underscores.
_INT = re.compile(r"[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_STR_TAG = "tag:yaml.org,2002:str"
_TAG_TYPES: dict[str, ScalarType] = {
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:int": "integer",
    "tag:yaml.org,2002:float": "number",
}
_CORE_TAGS = frozenset(
    {_STR_TAG, *_TAG_TYPES, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"}
)


def plain_type(text: str) -> ScalarType:
    """The JSON type go-yaml v2 gives an unquoted, untagged scalar."""
    if text in _NULL:
        return "null"
    if text in _TRUE or text in _FALSE:
        return "boolean"
    if not text or text[0] not in "+-.0123456789":
        return "string"
    if text in _SPECIAL_FLOAT:
        return "number"
    digits = text.replace("_", "")
    if _INT.fullmatch(digits):
        return "integer"
    if _FLOAT.fullmatch(digits):
        return "number"
    return "string"


def scalar_type(node: yaml.ScalarNode) -> ScalarType:
    """The JSON type of a composed scalar: quoted means string, plain is typed by its text."""
    if node.style:
        # Only an explicit tag (`!!int "3"`) can give a quoted scalar a non-string tag.
        return _TAG_TYPES.get(node.tag, "string")
    if node.tag in _CORE_TAGS:
        # Any loader's own tag is ignored: lint's minimal resolver tags `3` as a string and
        # PyYAML's tags `1:30` as an integer, while the cluster follows go-yaml v2.
        return plain_type(node.value)
    return "string"


def is_true(node: yaml.ScalarNode) -> bool:
    """Whether a boolean scalar is true (only meaningful when scalar_type says boolean)."""
    return node.value in _TRUE


def number(node: yaml.ScalarNode) -> float:
    """The numeric value of an integer or number scalar."""
    text = node.value.replace("_", "")
    if text in _SPECIAL_FLOAT:
        return float(text.replace(".", ""))
    if _INT.fullmatch(text):
        sign = -1 if text.startswith("-") else 1
        body = text.lstrip("+-")
        if len(body) > 1 and body[0] == "0" and body[1] in "0123456789":
            return sign * int(body, 8)
        return sign * int(body, 0)
    return float(text)
