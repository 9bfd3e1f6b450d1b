"""Finding declared objects without parsing files that cannot declare them."""

from __future__ import annotations

import pytest

from scaffold.authoring.declared import declared_objects, may_declare
from tests.conftest import write_tree


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind: HelmRepository\n", True),
        ("apiVersion: x\r\nkind: HelmRepository\r\nmetadata: {}\r\n", True),
        ("---\napiVersion: x\nkind: 'HelmRepository'  # note\n", True),
        ('{"kind": "HelmRepository"}', True),
        ("spec:\n  names:\n    kind: HelmRepository\n", False),
        ("kind: HelmRepositoryList\n", False),
        ("kind: Deployment\n", False),
    ],
)
def test_may_declare(text, expected) -> None:
    assert may_declare(text, "HelmRepository") is expected


def test_declared_objects_are_what_the_cluster_gets_and_what_its_sync_path_holds(tmp_path) -> None:
    from scaffold.repository.convention import ClusterDirs

    root = write_tree(
        tmp_path / "repo",
        {
            "clusters/dev/a/one.yaml": "apiVersion: source.toolkit.fluxcd.io/v1\n"
            "kind: HelmRepository\nmetadata: {name: one, namespace: ns}\n",
            "clusters/dev/b/c/two.yml": "---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
            "---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
            "metadata: {name: two}\n",
            "clusters/dev/broken.yaml": "kind: HelmRepository\nmetadata: [\n",
            "clusters/dev/crds.yaml": "kind: CustomResourceDefinition\nspec:\n  names:\n"
            "    kind: HelmRepository\n",
            "clusters/dev/notes.txt": "kind: HelmRepository\nmetadata: {name: three}\n",
            # applied by the cluster from outside its sync path
            "clusters/dev/apps.yaml": "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
            "kind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\n"
            "spec: {path: ./shared, sourceRef: {kind: GitRepository, name: flux-system}}\n",
            "shared/four.yaml": "apiVersion: source.toolkit.fluxcd.io/v1\n"
            "kind: HelmRepository\nmetadata: {name: four, namespace: flux-system}\n",
            # applied by no cluster, outside the sync path
            "elsewhere/five.yaml": "apiVersion: source.toolkit.fluxcd.io/v1\n"
            "kind: HelmRepository\nmetadata: {name: five}\n",
            ".gitops-scaffold.yaml": "sync_paths: [clusters/dev]\n",
        },
    )
    found = declared_objects(ClusterDirs(root, "clusters/dev"), "HelmRepository")
    assert [(o.name, o.namespace, o.path.name) for o in found] == [
        ("one", "ns", "one.yaml"),
        ("two", None, "two.yml"),
        ("four", "flux-system", "four.yaml"),
    ]
