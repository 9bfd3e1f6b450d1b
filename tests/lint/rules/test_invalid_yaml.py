from __future__ import annotations

from tests.lint.conftest import SYNC, found, tree


def test_reports_line_and_column_of_the_problem(lint_tree) -> None:
    report = lint_tree(tree(**{f"{SYNC}/extra.yaml": "a: 1\nb: [1, 2\nc: 3\n"}))
    [finding] = [f for f in report.findings if f.rule == "invalid-yaml"]
    assert (finding.path, finding.severity) == (f"{SYNC}/extra.yaml", "error")
    assert finding.line == 3 and finding.column >= 1
    assert "does not parse" in finding.message


def test_not_utf8(lint_tree) -> None:
    report = lint_tree(tree(**{f"{SYNC}/bin.yaml": b"a: 1\nb: \xff\xfe\n"}))
    assert found(report, "invalid-yaml") == [("invalid-yaml", f"{SYNC}/bin.yaml", 2)]


def test_deep_nesting_is_a_finding_not_a_crash(lint_tree) -> None:
    deep = "[" * 10000 + "]" * 10000 + "\n"
    report = lint_tree(tree(**{"deep.yaml": deep}))
    assert [f.rule for f in report.findings] == ["invalid-yaml"]


def test_alias_bomb_is_reported_not_expanded(lint_tree) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    report = lint_tree(tree(**{"bomb.yaml": "\n".join(lines) + "\n"}))
    assert found(report, "invalid-yaml") == [("invalid-yaml", "bomb.yaml", 1)]
    assert "alias" in report.findings[0].message


def test_unknown_tags_are_not_constructed(lint_tree) -> None:
    text = "a: !!python/object/apply:os.system ['false']\nb: !vault secret\n"
    assert found(lint_tree(tree(**{"tags.yaml": text}))) == []


def test_suppressed_by_disable_file(lint_tree) -> None:
    text = "# gitops-scaffold: disable-file\na: [\n"
    assert found(lint_tree(tree(**{"broken.yaml": text}))) == []


def test_deep_block_nesting_is_a_finding_not_a_crash(lint_tree) -> None:
    # Block nesting needs an indent per level: 2,000 levels is 2 MB, past libyaml's limit.
    deep = "".join(" " * i + "a:\n" for i in range(2000)) + " " * 2000 + "b: 1\n"
    report = lint_tree(tree(**{"deep.yaml": deep}))
    assert [f.rule for f in report.findings] == ["invalid-yaml"]


def test_an_error_at_the_end_of_a_file_without_newline_points_into_it(lint_tree) -> None:
    report = lint_tree(tree(**{"clusters__dev__helm__releases__x.yaml": "{"}))
    [finding] = [f for f in report.findings if f.rule == "invalid-yaml"]
    assert (finding.line, finding.column) == (1, 2)


def test_a_redefined_anchor_parses_and_is_checked(lint_tree) -> None:
    # YAML lets a later `&key` replace an earlier one; the file must parse, and the
    # other checks must still see it.
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: apps}\n"
        "stringData:\n  a: &key one\n  b: &key two\n  c: *key\n"
    )
    report = lint_tree(tree(**{f"{SYNC}/s.yaml": text}))
    assert found(report) == [("plaintext-secret", f"{SYNC}/s.yaml", 4)]


def test_helm_chart_templates_are_not_read(lint_tree) -> None:
    template = "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n"
    files = tree(
        **{
            "charts/app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
            "charts/app/templates/service.yaml": template,
            "charts/app/templates/deep/more.yaml": template,
            "other/templates/service.yaml": template,
        }
    )
    assert found(lint_tree(files), "invalid-yaml") == [
        ("invalid-yaml", "other/templates/service.yaml", 1)
    ]
