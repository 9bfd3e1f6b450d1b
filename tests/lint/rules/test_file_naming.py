from __future__ import annotations

from tests.lint.conftest import HELM_RELEASE, HELM_REPOSITORY, RELEASE_PATH, SYNC, found, tree

RULE = "file-naming"


def test_clean_tree_is_fine(lint_tree) -> None:
    assert found(lint_tree(tree()), RULE) == []


def test_fires_on_a_release_named_after_another_version(lint_tree) -> None:
    stale = f"{SYNC}/helm/releases/podinfo-v6.4.0.yaml"
    report = lint_tree(tree(**{RELEASE_PATH: None, stale: HELM_RELEASE}))
    assert found(report, RULE) == [(RULE, stale, 1)]
    finding = next(f for f in report.findings if f.rule == RULE)
    assert "`podinfo-v6.5.0.yaml`" in finding.message
    assert finding.hint == (
        f"git mv {stale} {SYNC}/helm/releases/podinfo-v6.5.0.yaml"
        " (or run `gitops-scaffold lint --fix`)"
    )
    assert finding.severity == "warning"


def test_fires_on_a_repository_not_named_after_itself(lint_tree) -> None:
    wrong = f"{SYNC}/helm/repositories/charts.yaml"
    files = tree(**{f"{SYNC}/helm/repositories/podinfo.yaml": None, wrong: HELM_REPOSITORY})
    assert found(lint_tree(files), RULE) == [(RULE, wrong, 1)]


def test_a_v_prefixed_version_names_the_file_once(lint_tree) -> None:
    text = HELM_RELEASE.replace("version: 6.5.0", "version: v6.5.0")
    assert found(lint_tree(tree(**{RELEASE_PATH: text})), RULE) == []


def test_ranges_and_multi_document_files_are_left_alone(lint_tree) -> None:
    ranged = HELM_RELEASE.replace("version: 6.5.0", 'version: ">=6.0.0"')
    both = f"{SYNC}/helm/releases/podinfo-all.yaml"
    files = tree(
        **{
            RELEASE_PATH: ranged,
            both: HELM_RELEASE
            + "---\n"
            + HELM_RELEASE.replace("name: podinfo\n  namespace", "name: other\n  namespace"),
        }
    )
    assert found(lint_tree(files), RULE) == []


def test_outside_a_sync_path_is_fine(lint_tree) -> None:
    files = {"apps/helm/releases/whatever.yaml": HELM_RELEASE}
    assert found(lint_tree(files, sync_paths=()), RULE) == []


def test_suppressed_for_the_document(lint_tree) -> None:
    stale = f"{SYNC}/helm/releases/podinfo.yaml"
    text = "# gitops-scaffold: disable=file-naming\n" + HELM_RELEASE
    assert found(lint_tree(tree(**{RELEASE_PATH: None, stale: text})), RULE) == []


def test_several_releases_of_one_chart_may_be_named_after_the_release(lint_tree) -> None:
    second = HELM_RELEASE.replace("name: podinfo\n  namespace", "name: podinfo-canary\n  namespace")
    files = tree(**{f"{SYNC}/helm/releases/podinfo-canary-v6.5.0.yaml": second})
    assert found(lint_tree(files), RULE) == []


def bumped_in_place(make_git_repo, track: bool = True):
    """What Renovate's flux manager leaves: the version bumped, the old file name kept."""
    stale = f"{SYNC}/helm/releases/podinfo-v6.4.0.yaml"
    files = tree(**{RELEASE_PATH: None, stale: HELM_RELEASE})
    files[".gitops-scaffold.yaml"] = f"sync_paths: [{SYNC}]\n"
    return make_git_repo(files, commit=track), stale


def test_fix_renames_with_git_mv(cli, make_git_repo) -> None:
    from tests.conftest import git

    root, stale = bumped_in_place(make_git_repo)
    result = cli("lint", "--fix", cwd=root)
    assert result.exit_code == 0, result.stdout
    assert f"renamed {stale} -> {RELEASE_PATH}" in result.stderr
    assert (root / RELEASE_PATH).read_text() == HELM_RELEASE and not (root / stale).exists()
    assert git(root, "status", "--porcelain") == f"R  {stale} -> {RELEASE_PATH}\n"
    again = cli("lint", "--fix", cwd=root)
    assert again.exit_code == 0 and "renamed" not in again.stderr


def test_fix_renames_an_untracked_file_and_never_over_another(cli, make_git_repo) -> None:
    root, stale = bumped_in_place(make_git_repo, track=False)
    (root / RELEASE_PATH).write_text("# someone else's\n")
    kept = cli("lint", "--fix", cwd=root)
    assert "renamed" not in kept.stderr and (root / stale).is_file()
    assert (root / RELEASE_PATH).read_text() == "# someone else's\n"
    (root / RELEASE_PATH).unlink()
    result = cli("lint", "--fix", cwd=root)
    assert f"renamed {stale} -> {RELEASE_PATH}" in result.stderr
    assert (root / RELEASE_PATH).read_text() == HELM_RELEASE


def test_diff_shows_the_rename_and_git_applies_it(cli, make_git_repo) -> None:
    import subprocess

    root, stale = bumped_in_place(make_git_repo)
    result = cli("lint", "--diff", cwd=root)
    assert f"rename from {stale}\nrename to {RELEASE_PATH}\n" in result.stdout
    subprocess.run(["git", "apply", "--index"], cwd=root, input=result.stdout, text=True,
                   check=True)  # fmt: skip
    assert (root / RELEASE_PATH).read_text() == HELM_RELEASE and not (root / stale).exists()
