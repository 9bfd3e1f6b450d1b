from __future__ import annotations

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, found, tree

ID = "unknown-rule-in-suppression"


def test_fires_on_a_mistyped_id_with_the_id_it_meant(lint_tree) -> None:
    text = "# gitops-scaffold: disable=unresolved-values-fro\n" + HELM_RELEASE
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    [finding] = report.findings
    assert (finding.rule, finding.path, finding.line, finding.severity) == (
        ID, RELEASE_PATH, 1, "warning"
    )
    assert "`unresolved-values-fro`" in finding.message
    assert "did you mean `unresolved-values-from`?" in finding.hint


def test_fires_on_each_unknown_id_of_a_list_and_keeps_the_known_ones(lint_tree) -> None:
    text = "a: 1\na: 2  # gitops-scaffold: disable=duplicate-key, nope ,zzz\n"
    report = lint_tree(tree(**{"d.yaml": text}))
    assert found(report) == [(ID, "d.yaml", 2), (ID, "d.yaml", 2)]
    assert ["`nope`" in f.message or "`zzz`" in f.message for f in report.findings] == [True] * 2
    assert all("did you mean" not in f.hint for f in report.findings)


def test_known_ids_are_clean(lint_tree) -> None:
    text = "# gitops-scaffold: disable=duplicate-key,invalid-yaml\na: 1\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == []


def test_a_long_id_is_shortened(lint_tree) -> None:
    text = "a: 1  # gitops-scaffold: disable=" + "x" * 500 + "\n"
    [finding] = lint_tree(tree(**{"d.yaml": text})).findings
    assert len(finding.message) < 200


def test_suppressed_by_naming_itself(lint_tree) -> None:
    text = f"a: 1  # gitops-scaffold: disable=nope,{ID}\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == []


def test_suppressed_by_disable_file(lint_tree) -> None:
    text = "# gitops-scaffold: disable-file\na: 1  # gitops-scaffold: disable=nope\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == []
