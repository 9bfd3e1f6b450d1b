"""Files with the same bytes are parsed once, and each gets exactly its own facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.lint.engine import LintOptions, run_lint
from scaffold.model.facts import pool
from scaffold.model.facts.parse import ParseOptions, extract
from tests.conftest import git, write_tree

REPEATED_KEY = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: 1\n  x: 2\n"
KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n"
FILES = {
    "clusters/dev/app.yaml": REPEATED_KEY,
    "clusters/prod/app.yaml": REPEATED_KEY,
    "clusters/prod/copy.yml": REPEATED_KEY,
    "clusters/dev/kustomization.yaml": KUSTOMIZATION,
    "clusters/dev/not-a-kustomization.yaml": KUSTOMIZATION,  # same bytes, read otherwise
    "clusters/prod/kustomization.yaml": KUSTOMIZATION,
}


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_the_same_bytes_are_parsed_once_and_placed_at_each_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    root = write_tree(tmp_path / "repo", FILES)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "initial")
    parsed: list[str] = []
    real = pool.extract
    monkeypatch.setattr(pool, "extract", lambda p, d, o, r: parsed.append(p) or real(p, d, o, r))
    report = run_lint(root, LintOptions(cache=cache, keep_facts=True, jobs=1))
    # app.yaml x3 -> 1; the kustomization files -> 1; the look-alike -> 1
    assert len(parsed) == 3, parsed
    for path, content in FILES.items():
        assert report.facts[path] == extract(path, content.encode(), ParseOptions()), path
    repeated = {f.path for f in report.findings if f.rule == "duplicate-key"}
    assert repeated == {"clusters/dev/app.yaml", "clusters/prod/app.yaml", "clusters/prod/copy.yml"}


def test_a_modified_copy_is_parsed_on_its_own(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", FILES)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "initial")
    fixed = REPEATED_KEY.replace("  x: 2\n", "")
    (root / "clusters/prod/app.yaml").write_text(fixed, encoding="utf-8")
    report = run_lint(root, LintOptions(cache=False, keep_facts=True))
    assert report.facts["clusters/prod/app.yaml"] == extract(
        "clusters/prod/app.yaml", fixed.encode(), ParseOptions()
    )
    repeated = {f.path for f in report.findings if f.rule == "duplicate-key"}
    assert repeated == {"clusters/dev/app.yaml", "clusters/prod/copy.yml"}
