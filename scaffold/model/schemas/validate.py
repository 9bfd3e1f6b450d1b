"""Check a composed YAML node tree against a reduced CRD schema, keeping line and column."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import yaml

from scaffold.model.schemas import messages
from scaffold.model.schemas.messages import JsonPath
from scaffold.model.schemas.nodes import merged_pairs, node_type, whole_number
from scaffold.model.schemas.scalars import ScalarType, is_true, number, plain_type, scalar_type

Schema = dict[str, Any]
MAX_VIOLATIONS = 50
# Keys every embedded resource may carry even where the schema lists no properties for them.
EMBEDDED_KEYS = frozenset({"apiVersion", "kind", "metadata"})
# Categories a caller may treat apart: a patch may omit required fields, and the
# parser already reports repeated keys.
REQUIRED = "required"
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Violation:
    """One way a document breaks its schema, with where and how to fix it."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    category: str = ""
    # The path as segments, and whether the position is its key's: what a caller asks the
    # object's SourceMap again for the file that wrote it (a rendered object has several).
    segments: JsonPath = ()
    at_key: bool = False


class _Full(Exception):
    """Enough violations for one document; stop walking."""


@cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    # Go RE2 and Python agree on the patterns Flux uses; one that does not compile is skipped.
    try:
        return re.compile(pattern)
    except re.error:
        return None


def validate_node(
    node: yaml.Node, schema: Schema, limit: int = MAX_VIOLATIONS, *, partial: bool = False
) -> list[Violation]:
    """Every violation of schema in the node tree, up to limit; partial skips required fields.

    A kustomize patch is a partial object, so it is checked with partial=True.
    """
    walker = _Walker(limit, partial)
    with contextlib.suppress(_Full):
        walker.check(node, schema, ())
    return walker.found


class _Walker:
    def __init__(self, limit: int, partial: bool) -> None:
        self.limit = limit
        self.partial = partial
        self.found: list[Violation] = []
        # An alias revisits the same node; checking it again against the same schema adds
        # nothing, and skipping it bounds the work on alias-heavy ("billion laughs") input.
        self.seen: set[tuple[int, int]] = set()

    def report(
        self, node: yaml.Node, path: JsonPath, message: str, hint: str = "", category: str = ""
    ) -> None:
        mark = node.start_mark
        from scaffold import redact  # on use: the validator stands alone until it reports

        where = messages.format_path(path)
        self.found.append(
            Violation(
                where,
                mark.line + 1,
                mark.column + 1,
                redact.message(message),
                redact.message(hint),
                category,
            )
        )
        if len(self.found) >= self.limit:
            raise _Full

    def check(self, node: yaml.Node, schema: Schema, path: JsonPath) -> None:
        found: str
        if isinstance(node, yaml.ScalarNode):
            found = scalar_type(node)
            if found == "null":
                return  # The cluster prunes nulls; the parent reports a required field as missing.
            if found == "string" and "${" in node.value:
                return  # Flux postBuild substitutes it before the cluster sees it.
        else:
            # Collections are the only nodes an alias can make expensive to revisit.
            visit = (id(node), id(schema))
            if visit in self.seen:
                return
            self.seen.add(visit)
            found = "object" if isinstance(node, yaml.MappingNode) else "array"
        if "allOf" in schema or "anyOf" in schema or "oneOf" in schema:
            self.check_combined(node, schema, path)
        if not self.matches_type(node, schema, path, found):
            return
        if isinstance(node, yaml.MappingNode):
            self.check_mapping(node, schema, path)
        elif isinstance(node, yaml.SequenceNode):
            self.check_sequence(node, schema, path)
        elif isinstance(node, yaml.ScalarNode):
            self.check_scalar(node, schema, path, cast(ScalarType, found))

    def check_combined(self, node: yaml.Node, schema: Schema, path: JsonPath) -> None:
        for sub in schema.get("allOf", ()):
            self.check(node, sub, path)
        if schema.get("x-kubernetes-int-or-string"):
            return  # its anyOf only spells out the two types, which matches_type checks
        alternatives = [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
        if alternatives and all(
            validate_node(node, sub, 1, partial=self.partial) for sub in alternatives
        ):
            self.report(node, path, "matches none of the forms the schema allows")

    def matches_type(self, node: yaml.Node, schema: Schema, path: JsonPath, found: str) -> bool:
        if schema.get("x-kubernetes-int-or-string"):
            allowed = {"integer", "string"}
        elif "type" in schema:
            allowed = {schema["type"]} | ({"integer"} if schema["type"] == "number" else set())
        else:
            return True
        if found in allowed or (found == "number" and "integer" in allowed and whole_number(node)):
            return True
        if isinstance(node, yaml.ScalarNode):
            unquoted = plain_type(node.value) if node.style else None
            message, hint = messages.type_problem(found, allowed, node.value, unquoted, path)
        else:
            message, hint = messages.type_problem(found, allowed, None, None, path)
        self.report(node, path, message, hint)
        return False

    def check_mapping(self, node: yaml.MappingNode, schema: Schema, path: JsonPath) -> None:
        properties: dict[str, Schema] | None = schema.get("properties")
        extra = schema.get("additionalProperties")
        open_ended = bool(extra) or schema.get("x-kubernetes-preserve-unknown-fields", False)
        embedded = schema.get("x-kubernetes-embedded-resource", False)
        present: dict[str, yaml.Node] = {}
        unknown: list[yaml.Node] = []
        for key, value in merged_pairs(node):
            name = str(key.value)
            child = (*path, name)
            if name in present:
                self.report(key, child, f"duplicate key `{name}`", "keep one of them", DUPLICATE)
                continue
            present[name] = value
            sub = properties.get(name) if properties is not None else None
            if sub is not None:
                self.check(value, sub, child)
            elif isinstance(extra, dict):
                self.check(value, extra, child)
            elif (
                properties is not None
                and not open_ended
                and not (embedded and name in EMBEDDED_KEYS)
            ):
                unknown.append(key)
        required = () if self.partial else schema.get("required", ())
        # A null value is pruned by the cluster, so it counts as absent.
        missing = [n for n in required if n not in present or node_type(present[n]) == "null"]
        meant = self.report_unknown(unknown, list(properties or ()), missing, path)
        for name in missing:
            if name in meant:
                continue  # the misspelt field's finding names it
            where = f"under `{messages.format_path(path)}`" if path else "at the top level"
            self.report(
                node, (*path, name), f"missing required field `{name}`",
                f"add `{name}` {where}", REQUIRED,
            )
        self.check_count(node, len(present), schema, path, "Properties", "fields")

    def report_unknown(
        self, keys: list[yaml.Node], known: list[str], missing: list[str], path: JsonPath
    ) -> set[str]:
        """Report each unknown field; return the missing required fields they misspell."""
        meant: set[str] = set()
        for key in keys:
            name = str(key.value)
            guess = messages.did_you_mean(name, known)
            if guess in missing and guess not in meant:
                meant.add(guess)
                hint = f"did you mean `{guess}`? (it is required, and missing)"
            else:
                hint = messages.unknown_field_hint(name, known)
            self.report(key, (*path, name), f"unknown field `{name}`", hint)
        return meant

    def check_sequence(self, node: yaml.SequenceNode, schema: Schema, path: JsonPath) -> None:
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(node.value):
                self.check(item, items, (*path, index))
        self.check_count(node, len(node.value), schema, path, "Items", "items")

    def check_count(
        self, node: yaml.Node, count: int, schema: Schema, path: JsonPath, suffix: str, noun: str
    ) -> None:
        low, high = schema.get("min" + suffix), schema.get("max" + suffix)
        if low is not None and count < low:
            self.report(node, path, f"has {count} {noun}, fewer than {low}", f"add at least {low}")
        if high is not None and count > high:
            self.report(node, path, f"has {count} {noun}, more than {high}", f"keep at most {high}")

    def check_scalar(
        self, node: yaml.ScalarNode, schema: Schema, path: JsonPath, found: ScalarType
    ) -> None:
        value: Any = node.value
        if found == "boolean":
            value = is_true(node)
        elif found in ("integer", "number"):
            value = number(node)
        enum = schema.get("enum")
        if enum is not None and value not in enum:
            shown = messages.shown(node.value, path) or "the value"
            choices = ", ".join(f"`{choice}`" for choice in enum[:12])
            message = f"{shown} is not one of the allowed values"
            self.report(node, path, message, f"use one of {choices}")
        if found == "string":
            self.check_string(node, schema, path)
        elif found in ("integer", "number"):
            self.check_number(node, value, schema, path)

    def check_string(self, node: yaml.ScalarNode, schema: Schema, path: JsonPath) -> None:
        text: str = node.value
        low, high = schema.get("minLength"), schema.get("maxLength")
        if low is not None and len(text) < low:
            self.report(node, path, f"is shorter than {low} characters", f"use at least {low}")
        if high is not None and len(text) > high:
            self.report(node, path, f"is longer than {high} characters", f"use at most {high}")
        pattern = schema.get("pattern")
        compiled = _compiled(pattern) if pattern is not None else None
        if pattern is not None and compiled is not None and compiled.search(text) is None:
            message, hint = messages.pattern_problem(pattern, messages.shown(text, path))
            self.report(node, path, message, hint)

    def check_number(self, node: yaml.Node, value: float, schema: Schema, path: JsonPath) -> None:
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and (value < low or (value == low and schema.get("exclusiveMinimum"))):
            self.report(node, path, f"is below the minimum {low}", f"use {low} or more")
        exclusive_high = schema.get("exclusiveMaximum")
        if high is not None and (value > high or (value == high and exclusive_high)):
            self.report(node, path, f"is above the maximum {high}", f"use {high} or less")
