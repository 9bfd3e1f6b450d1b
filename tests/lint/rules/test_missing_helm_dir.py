from __future__ import annotations

import subprocess

from scaffold.lint import fix
from scaffold.lint.engine import LintOptions, run_lint
from tests.lint.conftest import SYNC, found, tree


def test_fires_per_missing_directory(lint_tree) -> None:
    files = tree(
        **{
            f"{SYNC}/helm/secrets/podinfo-values-sealed.yaml": None,
            f"{SYNC}/helm/secrets/.gitkeep": None,
        }
    )
    report = lint_tree(files)
    assert found(report) == [("missing-helm-dir", SYNC, 1)]
    assert "helm/secrets" in report.findings[0].message
    assert report.findings[0].fixable


PROD = {"clusters/prod/README.md": "# prod\n"}


def test_fires_for_a_sync_path_without_helm(lint_tree) -> None:
    report = lint_tree({**tree(), **PROD}, sync_paths=(SYNC, "clusters/prod"))
    assert [f.message for f in report.findings] == [
        "sync path clusters/prod has no `helm/releases` directory",
        "sync path clusters/prod has no `helm/repositories` directory",
        "sync path clusters/prod has no `helm/secrets` directory",
    ]


def test_fix_creates_gitkeep_and_is_idempotent(lint_tree) -> None:
    report = lint_tree({**tree(), **PROD}, sync_paths=("clusters/prod",))
    root = report.root
    changes = fix.plan(root, report.findings)
    assert sorted(c.path for c in changes) == [
        "clusters/prod/helm/releases/.gitkeep",
        "clusters/prod/helm/repositories/.gitkeep",
        "clusters/prod/helm/secrets/.gitkeep",
    ]
    fix.apply(root, changes)
    again = run_lint(root, LintOptions(sync_paths=("clusters/prod",)))
    assert found(again, "missing-helm-dir") == []
    assert fix.plan(root, again.findings) == []


def test_suppressed_by_config(lint_tree, tmp_path) -> None:
    files = {**tree(**{".gitops-scaffold.yaml": "rules:\n  missing-helm-dir: off\n"}), **PROD}
    assert found(lint_tree(files, sync_paths=("clusters/prod",))) == []


def test_an_empty_directory_fires_locally_as_in_a_fresh_clone(tmp_path, make_git_repo) -> None:
    # Git keeps no empty directory: passing here and failing in CI would be a false pass.
    repo = make_git_repo({f"{SYNC}/helm/{s}/.gitkeep": "" for s in ("releases", "repositories")})
    (repo / SYNC / "helm" / "secrets").mkdir()
    local = run_lint(repo, LintOptions(sync_paths=(SYNC,)))
    [finding] = [f for f in local.findings if f.rule == "missing-helm-dir"]
    assert "exists here but holds no file Git keeps" in finding.message
    assert finding.fixable
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
    fresh = run_lint(clone, LintOptions(sync_paths=(SYNC,)))
    assert found(fresh, "missing-helm-dir") == found(local, "missing-helm-dir")
    fix.apply(repo, fix.plan(repo, local.findings))
    assert found(run_lint(repo, LintOptions(sync_paths=(SYNC,))), "missing-helm-dir") == []


def test_a_directory_with_an_untracked_file_git_would_commit_is_kept(make_git_repo) -> None:
    repo = make_git_repo({f"{SYNC}/helm/{s}/.gitkeep": "" for s in ("releases", "repositories")})
    (repo / SYNC / "helm" / "secrets").mkdir()
    (repo / SYNC / "helm" / "secrets" / ".gitkeep").write_text("")
    assert found(run_lint(repo, LintOptions(sync_paths=(SYNC,))), "missing-helm-dir") == []


def test_a_recorded_sync_path_that_does_not_exist_is_one_finding(make_git_repo) -> None:
    answers = "_src_path: /opt/template\nsync_path: clusters/gone\n"
    repo = make_git_repo({**tree(), ".copier-answers.yml": answers})
    report = run_lint(repo)
    [finding] = [f for f in report.findings if f.path == "clusters/gone"]
    assert finding.rule == "missing-helm-dir"
    assert finding.message == "sync path clusters/gone does not exist"
    assert ".copier-answers" in finding.hint
    # --fix restores the cluster's helm directories, as it does for one that lacks them.
    assert sorted(c.path for c in fix.plan(repo, [finding])) == [
        f"clusters/gone/helm/{sub}/.gitkeep" for sub in ("releases", "repositories", "secrets")
    ]
