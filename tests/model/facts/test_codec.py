"""The cache's codec: facts survive the round trip exactly, and nothing else is rebuilt."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from scaffold.lint.findings import Finding
from scaffold.model.facts import codec
from scaffold.model.facts.documents import Document, FileFacts
from scaffold.model.facts.parse import ParseOptions, extract
from scaffold.model.findings import TextEdit

CORPUS = Path(__file__).parents[2] / "realworld"


def _corpus_facts(limit: int = 400) -> list[FileFacts]:
    paths = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml"))[:limit]
    options = ParseOptions()
    return [extract(p.relative_to(CORPUS).as_posix(), p.read_bytes(), options) for p in paths]


def test_real_facts_come_back_equal_hashable_and_frozen() -> None:
    facts = _corpus_facts()
    assert len(facts) > 100
    for original in facts:
        back = codec.decode(json.loads(json.dumps(codec.encode(original))))
        assert back == original
        assert hash(back) == hash(original)
        assert repr(back) == repr(original)
        with pytest.raises(dataclasses.FrozenInstanceError):
            back.path = "elsewhere"  # type: ignore[misc]


def test_a_finding_with_fixes_comes_back_equal() -> None:
    finding = Finding(
        "duplicate-key", "error", "a.yaml", 3, 1, "message", "hint", True,
        fixes=(TextEdit("a.yaml", 3, 1, "old", "new"),),
    )  # fmt: skip
    back = codec.decode(json.loads(json.dumps(codec.encode(finding))), Finding)
    assert (back, back.fixes) == (finding, finding.fixes)


def test_the_classes_are_rebuilt_without_init_only_because_they_can_be() -> None:
    # decode sets each field once instead of calling a frozen __init__: that is only
    # equivalent while no class checks or derives anything when it is made.
    for cls in codec.classes().values():
        assert not hasattr(cls, "__post_init__"), cls
        assert "__slots__" not in vars(cls), cls


def _document(**fields: Any) -> dict[str, Any]:
    return {"$": "Document", "index": 0, "position": [1, 1], "end_line": 3, **fields}


@pytest.mark.parametrize(
    "data",
    [
        _document(position=[True, 1]),  # a bool is no int
        _document(position=[1, 1, 1]),
        _document(position="1:1"),
        _document(kind=3),
        _document(resources=["a.yaml", 2]),
        _document(unknown_field=1),
        {"$": "Document", "index": 0, "end_line": 3},  # a required field missing
        {"$": "Path", "index": 0},  # not a class the cache may name
        {"$": "FileFacts", "path": "a.yaml", "yaml": True, "documents": [_document(kind=[])]},
        [1, 2, 3],
    ],
    ids=[
        "bool-for-int", "long-tuple", "string-for-tuple", "int-for-string", "mixed-tuple",
        "unknown-field", "missing-field", "unknown-class", "nested-bad", "not-an-object",
    ],
)  # fmt: skip
def test_anything_but_our_facts_is_refused(data: Any) -> None:
    expected = FileFacts if isinstance(data, dict) and data.get("$") == "FileFacts" else Document
    with pytest.raises(ValueError):
        codec.decode(data, expected)
