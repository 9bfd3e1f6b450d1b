"""Fixes: text edits that keep every other byte, atomic writes, clear errors."""

from __future__ import annotations

import os

import pytest

from scaffold.errors import EnvironmentProblem
from scaffold.lint import fix
from scaffold.lint.findings import Finding
from scaffold.model.findings import AppendText, CreateFile, TextEdit
from tests.conftest import write_tree


def finding(*fixes) -> Finding:
    return Finding("r", "error", "f", 1, 1, "m", "h", True, tuple(fixes))


def test_text_edit_keeps_crlf_and_other_bytes(tmp_path) -> None:
    root = write_tree(
        tmp_path / "r", {"a.yaml": b"# \xe9t\xe9\r\napiVersion: x/v1beta1 # x/v1beta1\r\n"}
    )
    edit = TextEdit("a.yaml", 2, 13, "x/v1beta1", "x/v1")
    fix.apply(root, fix.plan(root, [finding(edit)]))
    assert (root / "a.yaml").read_bytes() == b"# \xe9t\xe9\r\napiVersion: x/v1 # x/v1beta1\r\n"
    assert fix.plan(root, [finding(edit)]) == []


def test_duplicate_fixes_apply_once(tmp_path) -> None:
    root = write_tree(tmp_path / "r", {".gitignore": "a\n"})
    append = AppendText(".gitignore", "b\n")
    changes = fix.plan(root, [finding(append), finding(append)])
    assert [c.after for c in changes] == [b"a\n\nb\n"]


def test_failed_write_leaves_the_file_and_no_temporary(tmp_path, monkeypatch) -> None:
    root = write_tree(tmp_path / "r", {"a.yaml": "apiVersion: x/v1beta1\n"})
    changes = fix.plan(root, [finding(TextEdit("a.yaml", 1, 13, "x/v1beta1", "x/v1"))])

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(EnvironmentProblem) as caught:
        fix.apply(root, changes)
    assert "No space left on device" in caught.value.message
    assert (root / "a.yaml").read_text() == "apiVersion: x/v1beta1\n"
    assert os.listdir(root) == ["a.yaml"]


def test_unwritable_target_is_a_clear_error(tmp_path) -> None:
    root = write_tree(tmp_path / "r", {"clusters/prod/helm": "a file, not a directory"})
    changes = fix.plan(root, [finding(CreateFile("clusters/prod/helm/secrets/.gitkeep"))])
    with pytest.raises(EnvironmentProblem) as caught:
        fix.apply(root, changes)
    assert "clusters/prod/helm/secrets/.gitkeep" in caught.value.message
    assert (root / "clusters/prod/helm").read_text() == "a file, not a directory"


def test_diff_of_a_new_empty_file(tmp_path) -> None:
    changes = fix.plan(tmp_path, [finding(CreateFile("x/.gitkeep"))])
    from scaffold.lint.fix_diff import unified_diff

    expected = "diff --git a/x/.gitkeep b/x/.gitkeep\nnew file mode 100644\n"
    assert unified_diff(changes).text == expected


def test_text_edit_after_a_byte_order_mark(tmp_path) -> None:
    from scaffold.lint.engine import LintOptions, run_lint

    text = "\ufeffapiVersion: helm.toolkit.fluxcd.io/v2beta2\n"
    text += "kind: HelmRelease\nmetadata: {name: a}\n"
    root = write_tree(tmp_path / "r", {"a.yaml": text.encode("utf-8")})
    report = run_lint(root, LintOptions(select=["deprecated-api-version"]))
    fix.apply(root, fix.plan(root, report.findings))
    assert (root / "a.yaml").read_bytes() == text.replace("v2beta2", "v2").encode("utf-8")


@pytest.mark.parametrize("rel", [".gitignore", "clusters/dev/helm/secrets/.gitkeep", "/abs/x"])
def test_a_fix_outside_the_root_is_neither_read_nor_written(tmp_path, rel) -> None:
    from scaffold.model.findings import AppendText

    outside = write_tree(tmp_path / "outside", {"ignore": "outside\n", "helm/secrets/x": ""})
    root = write_tree(tmp_path / "r", {"clusters/dev/a": ""})
    (root / ".gitignore").symlink_to(outside / "ignore")
    (root / "clusters/dev/helm").symlink_to(outside / "helm")
    path = rel if not rel.startswith("/") else str(tmp_path / "outside/abs")
    with pytest.raises(EnvironmentProblem, match="outside the repository"):
        fix.plan(root, [finding(AppendText(path, "x\n"))])
    assert (outside / "ignore").read_text() == "outside\n"
    assert sorted(p.name for p in (outside / "helm/secrets").iterdir()) == ["x"]


def test_a_fix_made_meanwhile_by_another_run_is_not_reported_stale(tmp_path) -> None:
    from scaffold.commands.lint import _fix
    from scaffold.lint.engine import LintOptions, run_lint

    text = "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata: {name: a}\n"
    root = write_tree(tmp_path / "r", {"a.yaml": text})
    options = LintOptions(cache=False)
    report = run_lint(root, options)
    assert [f.rule for f in report.findings] == ["deprecated-api-version"]
    (root / "a.yaml").write_text(text.replace("v2beta1", "v2"))  # the other run's fix
    after = _fix(root, report, options)
    assert after.findings == []
