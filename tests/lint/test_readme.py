"""The README's rules table is the registry's."""

from __future__ import annotations

from pathlib import Path

from scaffold.lint.registry import RULES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_rules_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Linting") :].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    expected = [
        f"| `{r.id}` | {r.default_level} | {'yes' if r.fixable else ''} | {r.summary} |"
        for r in RULES.values()
    ]
    assert rows == expected


def test_readme_config_example_is_valid() -> None:
    import yaml

    from scaffold.lint.config import parse_config

    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Configuration") :]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    config = parse_config(yaml.safe_load(block))
    assert config.level("misplaced-manifest") == "off"
    assert config.options["inline-secret-value"]["extra_keys"] == ["licenseKey"]
    assert config.exclude == ["vendor/"]
    assert config.flux_version == "2.8"
