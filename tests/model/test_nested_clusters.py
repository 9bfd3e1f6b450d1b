"""A sync path another cluster applies is part of that cluster: merged, and said once."""

from __future__ import annotations

from scaffold.lint.engine import LintOptions, run_lint
from scaffold.model.load import ModelOptions, load_model
from tests.conftest import git, write_tree
from tests.lint.conftest import found
from tests.lint.rules.flux_tree import apps_repo, config_map, kustomization
from tests.lint.test_realworld import lint as lint_realworld

BILLIMEK = "billimek-k8s-gitops"


def test_a_sync_path_the_first_cluster_applies_is_merged_into_it(realworld_repo) -> None:
    # setup/flux/cluster applies ./kubernetes; judged alone, kubernetes lacks its sources.
    root = realworld_repo(BILLIMEK)
    alone = lint_realworld(root, BILLIMEK)
    both = run_lint(
        root, LintOptions(sync_paths=("setup/flux/cluster", "kubernetes"), cache=False)
    )
    assert found(both) == found(alone)
    assert both.notes == [
        "note: merged sync paths another cluster applies: kubernetes into setup/flux/cluster"
        " (each is linted as part of that cluster)"
    ]
    assert alone.notes == []


def test_a_sync_path_inside_one_that_builds_it_is_merged(tmp_path) -> None:
    files = {
        "clusters/dev/cm.yaml": config_map("a", "default"),
        "clusters/prod/cm.yaml": config_map("a", "default"),
    }
    root = write_tree(tmp_path / "repo", files)
    model = load_model(root, ModelOptions(sync_paths=("clusters", "clusters/dev"), cache=False))
    assert model.sync_paths == ["clusters"]
    assert model.clusters.merged == {"clusters/dev": "clusters"}
    # Counted once: the two ConfigMaps `a` are one object of one cluster, not a duplicate.
    report = run_lint(
        root,
        LintOptions(sync_paths=("clusters", "clusters/dev"), select=["duplicate-resource"],
                    cache=False),
    )  # fmt: skip
    assert found(report) == found(
        run_lint(root, LintOptions(sync_paths=("clusters",), select=["duplicate-resource"],
                                   cache=False))
    )  # fmt: skip


def test_separate_clusters_stay_separate(tmp_path) -> None:
    files = {
        **apps_repo(),
        "clusters/prod/apps.yaml": kustomization("apps", "./apps"),
        # A kustomization.yaml that does not list dev: Flux does not apply it from there.
        "clusters/kustomization.yaml": "resources:\n  - prod\n",
    }
    root = write_tree(tmp_path / "repo", files)
    model = load_model(
        root, ModelOptions(sync_paths=("clusters/dev", "clusters/prod", "clusters"), cache=False)
    )
    assert model.sync_paths == ["clusters", "clusters/dev"]
    assert model.clusters.merged == {"clusters/prod": "clusters"}
    assert load_model(
        root, ModelOptions(sync_paths=("clusters/dev", "clusters/prod"), cache=False)
    ).notes == []


def test_two_that_apply_each_other_are_one_cluster(tmp_path) -> None:
    files = {
        "a/ks.yaml": kustomization("b", "./b"),
        "b/ks.yaml": kustomization("a", "./a"),
    }
    root = write_tree(tmp_path / "repo", files)
    model = load_model(root, ModelOptions(sync_paths=("a", "b"), cache=False))
    assert model.sync_paths == ["a"]
    assert model.clusters.merged == {"b": "a"}


def test_the_note_is_said_once_on_stderr_and_again_from_the_cache(cli, tmp_path) -> None:
    files = {
        "clusters/dev/cm.yaml": config_map("a", "default"),
        ".gitops-scaffold.yaml": "sync_paths: [clusters, clusters/dev]\n",
    }
    root = write_tree(tmp_path / "repo", files)
    git(root, "init", "--quiet")
    for _ in range(2):
        result = cli("lint", str(root), "--select", "duplicate-resource")
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert [line for line in lines if line.startswith("note:")] == [
            "note: merged sync paths another cluster applies: clusters/dev into clusters"
            " (each is linted as part of that cluster)"
        ]
