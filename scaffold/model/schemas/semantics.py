"""Check an object against a Kubernetes schema with the API server's semantics.

Kubernetes reads its schemas with rules of its own, beyond JSON Schema: an
int-or-string field takes either, a quantity is a number or a string such as `500m`
or `1Gi`, `x-kubernetes-preserve-unknown-fields` keeps whatever is under it, an
embedded resource may carry apiVersion, kind and metadata, a null is an absent field,
and a built-in type without properties (RawExtension, FieldsV1) holds anything.
Strings that Flux substitutes later (`${VAR}`) are not type-checked. One fault gives
one violation: below a value of the wrong type nothing more is reported.

The object comes with a `SourceMap`, so the same check serves a source document and,
later, an object rendered from several files.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

from scaffold.model.schemas import messages
from scaffold.model.schemas.messages import JsonPath
from scaffold.model.schemas.scalars import plain_type
from scaffold.model.schemas.sourcemap import SourceMap
from scaffold.model.schemas.validate import (
    EMBEDDED_KEYS,
    MAX_VIOLATIONS,
    REQUIRED,
    Violation,
    _compiled,
)

Schema = dict[str, Any]
Resolve = Callable[[Schema], Schema]
# apimachinery's resource.Quantity: a signed decimal, then an exponent, a binary-SI
# suffix or a decimal-SI one (`n`, `u`, `m`, `k` ... `E`).
QUANTITY = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?")
_JSON_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    dict: "object",
    list: "array",
}


class _Full(Exception):
    """Enough violations for one object; stop walking."""


def validate_object(
    value: Any,
    schema: Schema,
    source: SourceMap,
    resolve: Resolve = lambda schema: schema,
    *,
    partial: bool = False,
    limit: int = MAX_VIOLATIONS,
) -> list[Violation]:
    """Every violation of schema by value, up to limit; partial skips required fields."""
    walker = _Walker(source, resolve, partial, limit)
    with contextlib.suppress(_Full):
        walker.check(value, schema, ())
    return walker.found


def _sealed(text: str) -> bool:
    """A SOPS ciphertext (`ENC[AES256_GCM,data:...,type:int]`): Flux decrypts it first."""
    return text.startswith("ENC[") and text.endswith("]")


def json_type(value: Any) -> str:
    """The JSON type name of a decoded value."""
    return _JSON_TYPES.get(type(value), "string")


class _Walker:
    def __init__(self, source: SourceMap, resolve: Resolve, partial: bool, limit: int) -> None:
        self.source, self.resolve, self.partial, self.limit = source, resolve, partial, limit
        self.found: list[Violation] = []

    def report(
        self,
        path: JsonPath,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        category: str = "",
    ) -> None:
        line, column = self.source.key_at(path) if key else self.source.value_at(path)
        where = messages.format_path(path)
        self.found.append(Violation(where, line, column, message, hint, category, path, key))
        if len(self.found) >= self.limit:
            raise _Full

    def check(self, value: Any, schema: Schema, path: JsonPath) -> None:
        schema = self.resolve(schema)
        if value is None or (isinstance(value, str) and ("${" in value or _sealed(value))):
            # Pruned by the cluster; substituted, or decrypted, by Flux before it sees them.
            return
        if not self.matches_type(value, schema, path):
            return
        if isinstance(value, dict):
            self.check_mapping(value, schema, path)
        elif isinstance(value, list):
            items = schema.get("items")
            if items is not None:
                for index, item in enumerate(value):
                    self.check(item, items, (*path, index))
            self.check_count(len(value), schema, path, "Items", "items")
        else:
            self.check_scalar(value, schema, path)

    def matches_type(self, value: Any, schema: Schema, path: JsonPath) -> bool:
        found = json_type(value)
        if schema.get("x-kubernetes-int-or-string"):
            allowed = {"integer", "string"}
        elif schema.get("format") == "quantity":
            allowed = {"integer", "number", "string"}
        elif "type" in schema:
            allowed = {schema["type"]} | ({"integer"} if schema["type"] == "number" else set())
        else:
            return True
        if found in allowed or (found == "number" and "integer" in allowed and value % 1 == 0):
            return True
        written = self.source.written(path)
        text, quoted = written if written is not None else (None, False)
        unquoted = plain_type(text) if text is not None and quoted else None
        message, hint = messages.type_problem(found, allowed, text, unquoted, path)
        self.report(path, message, hint)
        return False

    def check_mapping(self, value: dict[str, Any], schema: Schema, path: JsonPath) -> None:
        properties: dict[str, Schema] | None = schema.get("properties")
        extra = schema.get("additionalProperties")
        open_ended = bool(extra) or schema.get("x-kubernetes-preserve-unknown-fields", False)
        embedded = schema.get("x-kubernetes-embedded-resource", False)
        for name, child in value.items():
            sub = properties.get(name) if properties is not None else None
            if sub is not None:
                self.check(child, sub, (*path, name))
            elif isinstance(extra, dict):
                self.check(child, extra, (*path, name))
            elif properties and not open_ended and not (embedded and name in EMBEDDED_KEYS):
                hint = messages.unknown_field_hint(name, list(properties))
                self.report((*path, name), f"unknown field `{name}`", hint, key=True)
        for name in () if self.partial else schema.get("required", ()):
            if value.get(name) is None:
                where = f"under `{messages.format_path(path)}`" if path else "at the top level"
                self.report(
                    (*path, name) if name in value else path,
                    f"missing required field `{name}`",
                    f"add `{name}` {where}",
                    category=REQUIRED,
                )
        self.check_count(len(value), schema, path, "Properties", "fields")

    def check_count(
        self, count: int, schema: Schema, path: JsonPath, suffix: str, noun: str
    ) -> None:
        low, high = schema.get("min" + suffix), schema.get("max" + suffix)
        if low is not None and count < low:
            self.report(path, f"has {count} {noun}, fewer than {low}", f"add at least {low}")
        if high is not None and count > high:
            self.report(path, f"has {count} {noun}, more than {high}", f"keep at most {high}")

    def check_scalar(self, value: Any, schema: Schema, path: JsonPath) -> None:
        enum = schema.get("enum")
        if enum is not None and value not in enum:
            shown = messages.shown(str(value), path) or "the value"
            choices = ", ".join(f"`{choice}`" for choice in enum[:12])
            self.report(path, f"{shown} is not one of the allowed values", f"use one of {choices}")
            return
        if isinstance(value, str):
            self.check_string(value, schema, path)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self.check_number(value, schema, path)

    def check_string(self, text: str, schema: Schema, path: JsonPath) -> None:
        if schema.get("format") == "quantity" and not QUANTITY.fullmatch(text):
            shown = messages.shown(text, path) or "the value"
            self.report(
                path,
                f"{shown} is not a quantity",
                "write a number with an optional suffix, such as `500m`, `2`, `128Mi` or `1Gi`",
            )
            return
        low, high = schema.get("minLength"), schema.get("maxLength")
        if low is not None and len(text) < low:
            self.report(path, f"is shorter than {low} characters", f"use at least {low}")
        if high is not None and len(text) > high:
            self.report(path, f"is longer than {high} characters", f"use at most {high}")
        pattern = schema.get("pattern")
        compiled = _compiled(pattern) if pattern is not None else None
        if pattern is not None and compiled is not None and compiled.search(text) is None:
            message, hint = messages.pattern_problem(pattern, messages.shown(text, path))
            self.report(path, message, hint)

    def check_number(self, value: float, schema: Schema, path: JsonPath) -> None:
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and (value < low or (value == low and schema.get("exclusiveMinimum"))):
            self.report(path, f"is below the minimum {low}", f"use {low} or more")
        if high is not None and (
            value > high or (value == high and schema.get("exclusiveMaximum"))
        ):
            self.report(path, f"is above the maximum {high}", f"use {high} or less")
