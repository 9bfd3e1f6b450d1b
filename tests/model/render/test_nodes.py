"""The walk over composed nodes types every document as PyYAML's constructor does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scaffold.model.facts.loader import Loader as FactsLoader
from scaffold.model.render import nodes
from scaffold.model.render.parse import load_documents, load_exactly

TESTS = Path(__file__).resolve().parents[2]

# Plain data (the walk types it) and what it leaves to the loaders, with its edge cases.
SNIPPETS = [
    "a: 1\nb: yes\nc: on\nd: ~\ne: Null\nf: nullx\ng: True\nh: FALSE\ni: tRue\n",
    "n: [0644, 0o17, 0x1F, 1_000, 1e3, 1.0, 0.5, .5, 1., -0b101, +12, 08, 1e400]\n",
    "t: [2001-12-14, 2001-12-14T21:59:43.10-05:00, '2001-12-14', 2001-13-45, 12:30:00]\n",
    "s: [-, +, -x, +.5, -.5, ., .x, '-1', \"2\", -1, 9223372036854775808, 18446744073709551616]\n",
    "e:\nf: ''\ng: null\n---\na: 1\n---\n---\nk: {}\n",
    "f: >\n  one\n    more\n  two\ng: >-\n  x\n\ty\nh: |\n  keep\n    this\n",
    "k: {a: [1, {b: c}], 'q': \"w\"}\nl: [[], {}, [[]]]\n",
    "dup: 1\ndup: 2\nother: 3\n",
    "\ufeffbom: true\n",
    "# only a comment\n",
    "",
    "x: !!str 12\ny: !!binary aGVsbG8=\nz: ! 5\n",
    "a: &x {b: [1]}\nc: *x\n",
    "base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n",
    "<<: {a: 1}\n",
    "1: one\n",
    "? [a]\n: b\n",
    "yes: key\n",
    ": empty key\n",
    "key: .inf\n",
    "key: -.Inf\n",
    "key: .nan\n",
    "a: [\n",
    "a: &x 1\nb: &x 2\n",
    "a: *nope\n",
    "- a\n- b: c\n",
    "plain scalar\n",
    "x: !custom 1\n",
]


def outcome(load, text: str) -> tuple[str, str]:
    """What a loader makes of `text`: documents and flags (types shown), or the error."""
    flags: list[bool] = []
    try:
        return "ok", repr((load(text, flags), flags))
    except yaml.YAMLError as exc:
        return "error", f"{type(exc).__name__}: {exc}"


def fast(text: str, flags: list[bool]) -> object:
    return load_documents(text.encode("utf-8"), flags)


@pytest.mark.parametrize("text", SNIPPETS)
def test_load_documents_gives_what_the_constructor_gives(text: str) -> None:
    assert outcome(fast, text) == outcome(load_exactly, text)


def corpus() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def test_every_yaml_file_of_the_tests_reads_the_same_through_the_walk() -> None:
    files = corpus()
    assert len(files) > 1000  # the public repositories of tests/realworld among them
    walked = 0
    for path in files:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        assert outcome(fast, text) == outcome(load_exactly, text), path
        try:
            nodes.load(text)
            walked += 1
        except (nodes.Fallback, yaml.YAMLError):
            pass
    assert walked > len(files) * 3 // 4  # the walk, not the loaders, typed most of them


@pytest.mark.parametrize("text", SNIPPETS)
def test_nodes_the_facts_loader_composed_give_the_same_documents(text: str) -> None:
    try:
        roots = list(yaml.compose_all(text, Loader=FactsLoader))
    except yaml.YAMLError:
        return  # the facts report it; the renderer parses the file itself
    found = nodes.documents_of(text.encode(), roots)
    if found is None:
        return  # left to the renderer's own parse
    flags: list[bool] = []
    assert repr(([d for d, _ in found], [f for _, f in found])) == repr(
        (load_exactly(text, flags), flags)
    )


def test_a_plain_manifest_is_walked_and_a_tagged_one_is_not() -> None:
    assert nodes.load("apiVersion: v1\nkind: ConfigMap\ndata: {a: '1'}\n") == [
        ({"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "1"}}, False)
    ]
    with pytest.raises(nodes.Fallback):
        nodes.load("a: !!binary aGVsbG8=\n")
    roots = list(yaml.compose_all("a: !!str 1\n", Loader=FactsLoader))
    assert nodes.documents_of(b"a: !!str 1\n", roots) is None  # the facts' tags are not ours
