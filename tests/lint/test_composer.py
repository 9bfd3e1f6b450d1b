"""The fast composer yields the same nodes, tags and positions as PyYAML's safe loader."""

from __future__ import annotations

import gc

import pytest
import yaml

from scaffold.lint.composer import compose_documents, no_cyclic_gc
from scaffold.lint.parse import extract

TRICKY = """\
base: &base {a: 1, b: [x, "y", 'z']}
merged:
  <<: *base
  c: ~
  d: null
  e: ""
  f: yes
  g: Off
  h: 0x1F
  i: 1_000
  j: .inf
  k: 2026-01-01
  l: !!str 12
  m: !custom {x: 1}
  "quoted": 'true'
  ? [complex, key]
  : value
  long: %s
---
- 1
- 1.5e3
- ~
---
""" % ("v" * 200)


def shape(node: yaml.Node | None) -> object:
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.style, where)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [shape(n) for n in node.value], where)
    return (node.tag, [(shape(k), shape(v)) for k, v in node.value], where)


@pytest.mark.parametrize("text", [TRICKY, "", "# only a comment\n", "plain\n", "--- |\n  x\n"])
def test_same_nodes_as_the_safe_loader(text: str) -> None:
    expected = [shape(n) for n in yaml.compose_all(text, Loader=yaml.CSafeLoader)]
    assert [shape(n) for n in compose_documents(text)] == expected
    assert [shape(n) for n in compose_documents(text)] == expected  # and from the tag cache


def test_parse_errors_are_the_safe_loaders() -> None:
    text = "a: b\n  c: d\n"
    with pytest.raises(yaml.MarkedYAMLError) as ours:
        list(compose_documents(text))
    with pytest.raises(yaml.MarkedYAMLError) as theirs:
        list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
    assert str(ours.value) == str(theirs.value)


def test_a_self_referencing_alias_is_reported_and_the_collector_restored() -> None:
    facts = extract("loop.yaml", b"a: &a [*a, *a]\n")
    assert [f.rule for f in facts.findings] == ["invalid-yaml"]
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cyclic_gc():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


DUPLICATES = """\
a: 1
a: 2
list:
  - {x: 1, x: 2, "x": 3}
  - [{y: 1}, {y: 1, y: 2}]
"1": one
1: int-one
<<: {m: 1}
<<: {m: 2}
? {k: 1, k: 2}
: v
"""


def test_duplicate_keys_found_alike_with_and_without_possible_aliases() -> None:
    plain = extract("d.yaml", DUPLICATES.encode())
    # A `*` anywhere (here in a comment) sends the document down the alias-aware walk.
    aliased = extract("d.yaml", (DUPLICATES + "# *\n").encode())
    lines = sorted((f.line, f.column, f.message) for f in plain.findings)
    assert lines == sorted((f.line, f.column, f.message) for f in aliased.findings)
    assert [line for line, _, _ in lines] == [2, 4, 4, 5, 10]
