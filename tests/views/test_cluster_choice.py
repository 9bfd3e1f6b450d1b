"""`status`, `bootstrap`, `new` and the writers choose among the model's clusters: on a
repository whose sync path only the model's rules find (no answers file, nothing the
bounded walk of Flux's files reads), they agree with lint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.bootstrap.options import BootstrapOptions, resolve
from scaffold.flux.providers import Provider
from scaffold.lint.engine import configured_model
from scaffold.new.adoption import detect
from scaffold.repository.clusters import recorded_clusters
from scaffold.views.clusters import choose_cluster, resolve_cluster
from tests.bootstrap.conftest import fake_flux  # noqa: F401
from tests.conftest import git, write_tree
from tests.repository.bootstrapped import FLUX_INSTANCE

NESTED = "a/b/c/d/e/f/g/h/fleet/clusters/edge"
RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: flux-instance, namespace: flux-system}
spec:
  chart: {spec: {chart: flux-instance, sourceRef: {kind: HelmRepository, name: cp}}}
  values:
    instance:
      sync: {kind: GitRepository, url: "https://example.com/fleet.git", path: kubernetes/main}
"""
CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: default}\n"

# Each layout's one cluster, found by the model's rules only: a FluxInstance in a file
# whose name says nothing of Flux, a gotk-sync.yaml in a sub-folder root deeper than the
# walk looks, the flux-instance chart's values.
LAYOUTS = {
    "clusters/prod": {
        "clusters/prod/instance.yaml": FLUX_INSTANCE,
        "clusters/prod/apps.yaml": CONFIG_MAP,
    },
    NESTED: {
        f"{NESTED}/flux-system/gotk-sync.yaml": (
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
            "metadata: {name: flux-system, namespace: flux-system}\n"
            "spec: {path: ./clusters/edge, sourceRef: {kind: GitRepository, name: flux-system}}\n"
        ),
        f"{NESTED}/apps.yaml": CONFIG_MAP,
    },
    "kubernetes/main": {
        "infrastructure/controllers/operator.yaml": RELEASE,
        "kubernetes/main/apps.yaml": CONFIG_MAP,
    },
}


@pytest.fixture(params=sorted(LAYOUTS))
def layout(request, tmp_path: Path) -> tuple[Path, str]:
    root = write_tree(tmp_path / "repo", LAYOUTS[request.param])
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "first")
    return root, request.param


def test_lint_finds_the_cluster_the_walk_misses(layout) -> None:
    root, sync_path = layout
    assert configured_model(root).sync_paths == [sync_path]
    assert recorded_clusters(root) == []


def test_the_commands_choose_the_cluster_lint_finds(layout) -> None:
    root, sync_path = layout
    assert choose_cluster(root, None).sync_path == sync_path
    assert resolve_cluster(None, root / "clusters").sync_path == sync_path
    target = resolve(root, Provider.github, BootstrapOptions(owner="acme", repository="fleet"))
    assert target.sync_path == sync_path


def test_new_adopts_the_cluster_lint_finds(layout) -> None:
    root, sync_path = layout
    adoption = detect(root, sync_path)
    assert adoption is not None and adoption.bootstrapped
    assert [c.sync_path for c in adoption.clusters] == [sync_path]


def test_status_reports_the_cluster_lint_finds(cli, fake_flux, layout) -> None:  # noqa: F811
    root, sync_path = layout
    result = cli("status", "-o", "json", cwd=root)
    assert "no cluster found" not in result.stderr
    assert json.loads(result.stdout)["sync_path"] == sync_path


def test_the_branch_a_flux_instance_records_goes_with_the_cluster(tmp_path: Path) -> None:
    # The walk reads flux-instance.yaml: what it records (ref, url) stays with the cluster.
    root = write_tree(tmp_path / "r", {"clusters/prod/flux-instance.yaml": FLUX_INSTANCE})
    cluster = choose_cluster(root, None)
    assert (cluster.sync_path, cluster.answer("branch")) == ("clusters/prod", "trunk")
    assert cluster.url == "https://gitlab.example.com/platform/infra/fleet.git"
