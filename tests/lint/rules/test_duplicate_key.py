from __future__ import annotations

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, found, tree


def test_fires_on_the_repeated_key(lint_tree) -> None:
    text = HELM_RELEASE.replace("  interval: 10m\n", "  interval: 10m\n  interval: 1h\n")
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    [finding] = report.findings
    assert (finding.rule, finding.line, finding.column) == ("duplicate-key", 8, 3)
    assert "interval" in finding.message and "line 7" in finding.message


def test_fires_in_nested_and_sequence_mappings(lint_tree) -> None:
    text = "a:\n  - x: 1\n    x: 2\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == [("duplicate-key", "d.yaml", 3)]


def test_distinct_keys_are_clean(lint_tree) -> None:
    assert found(lint_tree(tree(**{"d.yaml": "a: 1\nb: 1\nc: {a: 1}\n"}))) == []


def test_suppressed_on_the_line_above(lint_tree) -> None:
    text = "a: 1\n# gitops-scaffold: disable=duplicate-key\na: 2\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == []


def test_suppressed_on_the_same_line(lint_tree) -> None:
    text = "a: 1\na: 2  # gitops-scaffold: disable=duplicate-key\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == []


def test_other_rule_id_does_not_suppress(lint_tree) -> None:
    text = "a: 1\na: 2  # gitops-scaffold: disable=invalid-yaml\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == [("duplicate-key", "d.yaml", 2)]


def test_a_key_that_could_be_a_secret_is_shown_by_position_only(lint_tree) -> None:
    token = "ghp_4f0e9c2a61d44c1b9b7e2a8d"
    texts = {
        "data.yaml": "kind: Secret\nstringData:\n  hunter2: a\n  hunter2: b\n",
        "values.yaml": "spec:\n  values:\n    nested:\n      s3kr1t: a\n      s3kr1t: b\n",
        "token.yaml": f"{token}: a\n{token}: b\n",
    }
    report = lint_tree(tree(**texts))
    messages = [f.message for f in report.findings if f.rule == "duplicate-key"]
    assert len(messages) == 3
    for message in messages:
        assert "the key at column" in message
        assert not any(word in message for word in ("hunter2", "s3kr1t", token))
    cached = repr(report.facts)  # nor in the cached facts
    assert not any(word in cached for word in ("hunter2", "s3kr1t", token))
