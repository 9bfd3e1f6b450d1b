"""Every registered rule is complete: docs with the four sections, a test module, a config entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.lint.config import default_options, parse_config
from scaffold.lint.registry import RULE_MODULES, RULES

TESTS = Path(__file__).parent / "rules"
SECTIONS = ("## What it does", "## Why is this bad", "## Example", "## Fix")


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_is_complete(rule_id: str) -> None:
    rule = RULES[rule_id]
    positions = [rule.doc.find(section) for section in SECTIONS]
    assert all(p > 0 for p in positions) and positions == sorted(positions), rule_id
    assert rule.default_level in ("error", "warning")
    assert rule.summary and rule.summary.endswith(".")
    assert (TESTS / f"test_{rule_id.replace('-', '_')}.py").is_file()
    assert rule_id in default_options()
    assert parse_config({"rules": {rule_id: "warning"}}).level(rule_id) == "warning"


def test_ids_are_kebab_case_and_match_modules() -> None:
    for module in RULE_MODULES:
        assert module.__name__.rsplit(".", 1)[1] == module.ID.replace("-", "_")
    assert len(RULES) == 33
