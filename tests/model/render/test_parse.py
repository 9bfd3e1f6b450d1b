"""Scalars typed as kustomize (yaml.v3, then JSON) types them; values seen from kubectl v1.32."""

from __future__ import annotations

import pytest
import yaml

from scaffold.model.render.parse import Unsupported, load_documents

# Each plain scalar and what `kubectl kustomize` printed for it.
CASES = {
    "0644": 420, "0o17": 15, "0x1F": 31, "1_000": 1000, "1e3": 1000, "1.0": 1, "0.5": 0.5,
    "2001-12-14": "2001-12-14T00:00:00Z",
    "2001-12-14T21:59:43.10-05:00": "2001-12-14T21:59:43.1-05:00",
    "on": "on", "yes": "yes", "True": True, "~": None, "Null": None, "12:30:00": "12:30:00",
    "-0b101": -5, "+12": 12, ".5": 0.5, "1.": 1, "9223372036854775808": 9223372036854775808,
    "1e400": "1e400", "08": 8, "!!str 12": "12", "!!binary aGVsbG8=": "hello", "'yes'": "yes",
}  # fmt: skip


@pytest.mark.parametrize(("text", "value"), CASES.items())
def test_a_scalar_has_the_value_kustomize_gives_it(text: str, value: object) -> None:
    [doc] = load_documents(f"key: {text}\n".encode())
    assert doc == {"key": value}
    assert type(doc["key"]) is type(value)


def test_a_folded_scalar_keeps_yaml_v3s_extra_break_before_a_more_indented_line() -> None:
    [doc] = load_documents(b"e: >-\n  exists(c,\n    c.ok\n  )\n")
    assert doc == {"e": "exists(c,\n\n  c.ok\n)"}


def test_an_alias_is_a_copy_not_a_shared_object() -> None:
    [doc] = load_documents(b"a: &x {b: [1]}\nc: *x\n")
    assert doc == {"a": {"b": [1]}, "c": {"b": [1]}} and doc["a"] is not doc["c"]


def test_a_merge_key_merges_as_kustomize_reads_it() -> None:
    [doc] = load_documents(b"base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n")
    assert doc["x"] == {"a": 1, "b": 3}


@pytest.mark.parametrize("text", ["key: .inf", "1: one"])
def test_what_kustomize_cannot_write_as_json_is_unsupported(text: str) -> None:
    with pytest.raises(Unsupported):
        load_documents(text.encode())


def test_empty_values_are_reported_per_document() -> None:
    flags: list[bool] = []
    load_documents(b"a:\n---\na: null\n---\na: ''\n", flags)
    assert flags == [True, False, False]


def test_invalid_yaml_raises_a_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):
        load_documents(b"a: [\n")
