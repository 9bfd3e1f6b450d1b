"""YAML typed as Flux's Go code types it, and written so that strings stay strings."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.model.render.flux import goyaml
from scaffold.model.render.flux.errors import FluxRenderError


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("yes", True), ("Off", False), ("y", True), ("N", False), ("TRUE", True),
        ("tRue", "tRue"), ("~", None), ("Null", None), ("0x1F", 31), ("-0x10", -16),
        ("0o17", 15), ("017", 15), ("0b101", 5), ("1_000", 1000), ("08", 8.0),
        ("1e3", 1000.0), ("+.5", 0.5), (".5", 0.5), ("1.", 1.0), ("1e400", "1e400"),
        ("2024-01-02", "2024-01-02"), ("12:30", "12:30"), ("v1", "v1"), ("-", "-"),
        ("9223372036854775807", 9223372036854775807),
        ("18446744073709551615", 18446744073709551615),
    ],
)  # fmt: skip
def test_plain_scalars_resolve_as_go_yaml_v2_resolves_them(scalar, expected):
    value = goyaml.resolve_plain(scalar)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1.0", {"a": 1}),  # float64 1 is written back as "1"
        ("a: 100000", {"a": 100000}),
        ("a: 1000000", {"a": 1e6}),  # and 1000000 as "1e+06", a float
        ("a: 0.5", {"a": 0.5}),
        ("1: x\n1.5: z", {"1": "x", "1.5": "z"}),
        ("true: x\nn: y", {"true": "x", "false": True}),  # keys resolve too
        ("a: !!str 1", {"a": "1"}),
        ("a: !Custom {b: 1}", {"a": {"b": 1}}),
        ("a: 2024-01-02T10:00:00Z", {"a": "2024-01-02T10:00:00Z"}),
        ("a: &x {b: 1}\nc:\n  <<: *x\n  d: 2", {"a": {"b": 1}, "c": {"b": 1, "d": 2}}),
        ("", None),
    ],
)
def test_load_follows_the_json_round_trip(text, expected):
    assert goyaml.load(text, "t") == expected


@pytest.mark.parametrize("text", ["a: .nan", "a: -.inf", "? [1]\n: x", "a: [b"])
def test_what_flux_cannot_turn_into_json_is_an_error(text):
    with pytest.raises(FluxRenderError, match=r"^t: "):
        goyaml.load(text, "t")


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=40), max_size=6))
def test_dumped_strings_read_back_as_the_same_strings(data):
    assert goyaml.load(goyaml.dump({"root": data}), "t") == {"root": data}


SCALARS = st.one_of(  # integers a float64 holds: load reads through JSON, as Flux does
    st.text(max_size=30), st.integers(-(2**53), 2**53), st.booleans(), st.none()
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(DATA)
def test_output_yaml_reads_back_as_the_same_values(data):
    document = {"root": data}
    text = goyaml.dump_for_output(document)
    assert goyaml.load(text, "t") == document
    assert yaml.safe_load(text) == document


def test_output_yaml_escapes_what_a_terminal_would_act_on():
    text = goyaml.dump_for_output({"a": "x\x1b[31m\r\u2028y", "b": "line\n\x07bell\n"})
    assert all(char.isprintable() or char == "\n" for char in text)
    assert yaml.safe_load(text) == {"a": "x\x1b[31m\r\u2028y", "b": "line\n\x07bell\n"}
