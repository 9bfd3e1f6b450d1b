"""`lint`, `tree` and `list` read one model: on every corpus repository and sample layout
they agree on what each cluster gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.lint.config import load_config
from scaffold.lint.engine import LintOptions, build_context
from scaffold.model.repo import RepoContext
from scaffold.views.deployment_from_model import SHOWN_KINDS, is_flux_kustomization
from scaffold.views.listing import LISTED_KINDS
from tests.conftest import git, write_tree
from tests.fixtures import SYNC, podinfo_layout
from tests.lint.test_realworld import SYNC_PATHS

Identity = tuple[str, str | None, str]


def _placed(model: RepoContext, cluster: str, kinds: tuple[str, ...]) -> set[Identity]:
    return {
        (p.item.kind, p.namespace, p.item.name)
        for p in model.graph.placed_in(cluster)
        if p.item.name
        and (p.item.kind in kinds or (kinds is SHOWN_KINDS and is_flux_kustomization(p)))
    }


def _listed(cluster: dict) -> set[Identity]:
    found = {(s["kind"], s["namespace"], s["name"]) for s in cluster["sources"]}
    found |= {("HelmRelease", r["namespace"], r["name"]) for r in cluster["releases"]}
    found |= {("SealedSecret", s["namespace"], s["name"]) for s in cluster["sealed_secrets"]}
    return found


def _drawn(graph: dict) -> set[Identity]:
    return {
        (n["kind"], n["namespace"], n["name"])
        for n in graph["nodes"]
        if n["state"] == "declared" and n["file"] is not None
    }


def _agree(cli, root: Path, sync_paths: list[str]) -> int:
    model = build_context(root, LintOptions(sync_paths=sync_paths), load_config(root))
    checked = 0
    for cluster in model.sync_paths:
        listed = cli("list", "--sync-path", cluster, "--format", "json", cwd=root)
        assert listed.exit_code == 0, listed.stderr
        (shown,) = json.loads(listed.stdout)["clusters"]
        assert _listed(shown) == _placed(model, cluster, LISTED_KINDS), cluster
        tree = cli("tree", "--sync-path", cluster, "--format", "json", cwd=root)
        assert tree.exit_code == 0, tree.stderr
        (graph,) = json.loads(tree.stdout)["clusters"]
        drawn = _drawn(graph)
        # The root Kustomization is drawn once, as the root.
        assert drawn - {("Kustomization", "flux-system", "flux-system")} == _placed(
            model, cluster, SHOWN_KINDS
        ) - {("Kustomization", "flux-system", "flux-system")}, cluster
        checked += len(drawn)
    return checked


@pytest.mark.parametrize("name", sorted(SYNC_PATHS))
def test_lint_tree_and_list_agree_on_the_corpus(cli, realworld_repo, name) -> None:
    assert _agree(cli, realworld_repo(name), list(SYNC_PATHS[name])) > 0


def test_lint_tree_and_list_agree_on_the_sample_layout(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", podinfo_layout(SYNC))
    git(root, "init", "--quiet", "--initial-branch=main")
    assert _agree(cli, root, [SYNC]) >= 3


def test_the_production_example_lists_and_draws_its_releases(cli, realworld_repo) -> None:
    # Once `tree` drew 4 Kustomizations and no release, and `list` printed
    # "(nothing declared)", while lint placed 3 HelmReleases in the cluster.
    root = realworld_repo("flux2-kustomize-helm-example")
    listed = cli("list", "--sync-path", "clusters/production", cwd=root)
    assert listed.exit_code == 0, listed.stderr
    assert "(nothing declared)" not in listed.stdout
    releases = [line for line in listed.stdout.splitlines() if "HelmRelease " in line]
    assert len(releases) == 3, listed.stdout
    tree = cli("tree", "--sync-path", "clusters/production", cwd=root)
    assert tree.stdout.count("HelmRelease ") >= 3, tree.stdout
