"""Scalars are typed as sigs.k8s.io/yaml (go-yaml v2) types them, whichever loader composed them."""

from __future__ import annotations

import pytest
import yaml

from scaffold.model.schemas.scalars import number, scalar_type

CASES = [
    ("yes", "boolean"),
    ("No", "boolean"),
    ("on", "boolean"),
    ("OFF", "boolean"),
    ("y", "boolean"),
    ("n", "boolean"),  # YAML 1.1 in go-yaml v2, strings in PyYAML
    ("true", "boolean"),
    ("null", "null"),
    ("~", "null"),
    ("", "null"),
    ("12", "integer"),
    ("-3", "integer"),
    ("0x1F", "integer"),
    ("0o17", "integer"),
    ("017", "integer"),
    ("1_000", "integer"),
    ("0b101", "integer"),
    ("3.5", "number"),
    (".5", "number"),
    ("1e3", "number"),
    (".inf", "number"),
    ("08", "number"),
    ("1:30", "string"),  # sexagesimal: an integer to PyYAML, a string to go-yaml v2
    ("2024-01-01", "string"),  # timestamps decode to strings in an untyped target
    ("10m", "string"),
    ("yes-please", "string"),
    ("${VAR}", "string"),
    ('"3"', "string"),
    ("'yes'", "string"),
    ("|\n  3", "string"),
    ('!!int "3"', "integer"),
]


def compose_value(text: str, loader: type) -> yaml.ScalarNode:
    node = yaml.compose("v: " + text, Loader=loader)
    return node.value[0][1]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_scalar_types_follow_go_yaml_v2(text, expected) -> None:
    assert scalar_type(compose_value(text, yaml.CSafeLoader)) == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_loader_that_tags_every_plain_scalar_as_string_gives_the_same_types(
    text, expected
) -> None:
    class StringsLoader(yaml.SafeLoader):
        # Like lint's own loader: every plain scalar but `<<` is tagged as a string.
        def resolve(self, kind, value, implicit):
            if kind is yaml.ScalarNode and implicit[0]:
                return "tag:yaml.org,2002:merge" if value == "<<" else "tag:yaml.org,2002:str"
            return super().resolve(kind, value, implicit)

    assert scalar_type(compose_value(text, StringsLoader)) == expected


@pytest.mark.parametrize(
    ("text", "value"), [("0x1F", 31), ("017", 15), ("-0b1", -1), ("1_000", 1000), ("2.5", 2.5)]
)
def test_numbers(text, value) -> None:
    assert number(compose_value(text, yaml.CSafeLoader)) == value
