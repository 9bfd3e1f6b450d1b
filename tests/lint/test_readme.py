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


def readme_command_lines(text: str) -> list[str]:
    """Every `gitops-scaffold ...` command of the README: in code blocks (continuation
    lines joined, stopping at `&&`, `;` or a pipe into another command) and in inline code."""
    import re

    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    rest = re.sub(r"```[a-z]*\n.*?```", "", text, flags=re.S)
    # `\` continues a shell line; a synopsis continues on lines indented up to a `[`.
    sources = [re.sub(r"\n\s+(?=\[)", " ", b.replace("\\\n", " ")) for b in blocks]
    sources += [span.replace("\n", " ") for span in re.findall(r"`([^`]+)`", rest)]
    commands = []
    for source in sources:
        for line in source.splitlines():
            for start in re.finditer(r"(?:^|(?<=[\s/]))gitops-scaffold(?=\s|$)", line):
                command = re.split(r"&&|;|\s\|\s+(?=[a-z])", line[start.start() :])[0]
                commands.append(command.replace(".venv/bin/", "").strip())
    return commands


def test_readme_commands_and_flags_exist() -> None:
    from tests.cli_commands import problems

    commands = readme_command_lines(README.read_text(encoding="utf-8"))
    assert len(commands) >= 25
    named = {words[1] for words in map(str.split, commands) if len(words) > 1}
    assert {"new", "lint", "rules", "add", "seal", "bootstrap", "status"} <= named
    assert [(c, p) for c in commands for p in problems(c)] == []


def test_readme_command_check_catches_what_does_not_exist() -> None:
    from tests.cli_commands import problems

    text = (
        "```sh\ngitops-scaffold lint --jobs 2 \\\n  --no-such-flag\n"
        "gitops-scaffold frobnicate\n```\n"
        "```text\ngitops-scaffold rules [ID]\n                      [--nope]\n```\n"
    )
    found = [p for c in readme_command_lines(text) for p in problems(c)]
    assert found == ["gitops-scaffold lint: no option --no-such-flag",
                     "gitops-scaffold: no command 'frobnicate'",
                     "gitops-scaffold rules: no option --nope"]  # fmt: skip
