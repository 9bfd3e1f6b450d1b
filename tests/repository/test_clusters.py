"""What a repository records of its clusters (answers files, gotk-sync.yaml, FluxInstance),
and the choice among them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.bootstrap.options import BootstrapOptions, resolve
from scaffold.errors import UsageError
from scaffold.flux.providers import Provider
from scaffold.lint.engine import run_lint
from scaffold.repository.clusters import recorded_clusters
from scaffold.repository.flux_sync import find_flux_syncs
from scaffold.views.clusters import choose_cluster
from tests.conftest import write_tree
from tests.repository.bootstrapped import FLUX_INSTANCE, bootstrapped_clone


def test_a_bootstrapped_clone_has_its_cluster(tmp_path: Path) -> None:
    clone = bootstrapped_clone(tmp_path)
    [cluster] = recorded_clusters(clone)
    assert cluster.sync_path == "clusters/dev"
    assert cluster.answers_file is None
    assert cluster.manifest == "clusters/dev/flux-system/gotk-sync.yaml"
    assert cluster.answer("branch") == "main"
    assert choose_cluster(clone, None) == cluster
    assert choose_cluster(clone, "./clusters/dev/") == cluster
    # lint finds the same sync path (and misses its helm dirs)
    missing = {f.path for f in run_lint(clone).findings if f.rule == "missing-helm-dir"}
    assert missing == {"clusters/dev"}


def test_flux_instance_names_a_cluster(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"clusters/prod/flux-instance.yaml": FLUX_INSTANCE})
    [sync] = find_flux_syncs(root)
    assert (sync.sync_path, sync.branch) == ("clusters/prod", "trunk")
    assert sync.url == "https://gitlab.example.com/platform/infra/fleet.git"
    assert choose_cluster(root, None).sync_path == "clusters/prod"


def test_hidden_deep_and_broken_files_are_skipped(tmp_path: Path) -> None:
    deep = "/".join(f"d{i}" for i in range(12))
    root = write_tree(tmp_path / "r", {
        ".cache/clusters/x/flux-system/gotk-sync.yaml": "kind: Kustomization\nspec: {path: ./x}\n",
        f"{deep}/flux-system/gotk-sync.yaml": "kind: Kustomization\nspec: {path: ./deep}\n",
        "clusters/a/flux-system/gotk-sync.yaml": "kind: Kustomization\nspec: {path: [\n",
        "clusters/b/flux-system/gotk-sync.yaml": "kind: Kustomization\nspec: {path: ../../etc}\n",
        # The convention's helm directories hold Helm objects only: never walked.
        "clusters/c/helm/releases/x/flux-system/gotk-sync.yaml":
            "kind: Kustomization\nspec: {path: ./c}\n",
    })  # fmt: skip
    assert find_flux_syncs(root) == []


def test_answers_files_and_flux_files_together(cli, tmp_path: Path) -> None:
    clone = bootstrapped_clone(tmp_path)
    assert cli("new", ".", "--sync-path", "clusters/staging", cwd=clone).exit_code == 0
    paths = [c.sync_path for c in recorded_clusters(clone)]
    assert paths == ["clusters/staging", "clusters/dev"]
    with pytest.raises(UsageError) as err:
        choose_cluster(clone, None)
    assert "(clusters/dev, clusters/staging)" in err.value.message  # as lint counts them


def test_add_and_bootstrap_work_in_a_bootstrapped_clone(cli, tmp_path: Path) -> None:
    clone = bootstrapped_clone(tmp_path)
    result = cli("add", "repository", "podinfo", "--url", "https://stefanprodan.github.io/podinfo",
                 "--sync-path", "clusters/dev", cwd=clone)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (clone / "clusters/dev/helm/repositories/podinfo.yaml").is_file()
    target = resolve(clone, Provider.github, BootstrapOptions(owner="acme", repository="fleet"))
    assert (target.sync_path, target.branch) == ("clusters/dev", "main")


def test_an_unknown_sync_path_lists_the_clusters(tmp_path: Path) -> None:
    clone = bootstrapped_clone(tmp_path)
    with pytest.raises(UsageError) as err:
        choose_cluster(clone, "clusters/prod")
    assert "the clusters are: clusters/dev" in err.value.message


def test_no_cluster_at_all_says_what_it_looked_for(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"README.md": "x\n"})
    with pytest.raises(UsageError) as err:
        choose_cluster(root, "clusters/dev")
    assert "(clusters: none)" not in err.value.message
    assert "no answers file, gotk-sync.yaml or FluxInstance names it" in err.value.message
    assert "gitops-scaffold new . --force --sync-path clusters/dev" in (err.value.hint or "")


def test_a_hand_made_cluster_directory_is_enough_when_named(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"clusters/dev/app.yaml": "kind: ConfigMap\n"})
    assert choose_cluster(root, "clusters/dev").sync_path == "clusters/dev"
