from __future__ import annotations

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, found, tree

NEWER = f"{SYNC}/helm/releases/podinfo-v6.6.0.yaml"


def test_fires_on_the_second_definition(lint_tree) -> None:
    report = lint_tree(tree(**{NEWER: HELM_RELEASE.replace("6.5.0", "6.6.0")}))
    assert found(report) == [("duplicate-resource", NEWER, 1)]
    assert f"{RELEASE_PATH}:1" in report.findings[0].message


def test_fires_within_one_file(lint_tree) -> None:
    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: apps}\n"
    report = lint_tree(tree(**{f"{SYNC}/cm.yaml": cm + "---\n" + cm}))
    assert found(report) == [("duplicate-resource", f"{SYNC}/cm.yaml", 5)]


def test_other_namespace_group_or_sync_path_is_fine(lint_tree) -> None:
    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: apps}\n"
    files = tree(
        **{
            f"{SYNC}/a.yaml": cm,
            f"{SYNC}/b.yaml": cm.replace("apps", "web"),
            f"{SYNC}/c.yaml": cm.replace("apiVersion: v1", "apiVersion: other.io/v1"),
            "clusters/prod/a.yaml": cm,
        }
    )
    assert (
        found(lint_tree(files, sync_paths=(SYNC, "clusters/prod"), select=["duplicate-resource"]))
        == []
    )


def test_unlisted_files_of_a_kustomization_do_not_count(lint_tree) -> None:
    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: apps}\n"
    files = tree(
        **{
            f"{SYNC}/apps/kustomization.yaml": "resources: [a.yaml]\n",
            f"{SYNC}/apps/a.yaml": cm,
            f"{SYNC}/apps/old.yaml": cm,
        }
    )
    assert found(lint_tree(files)) == []


def test_suppressed_for_the_document(lint_tree) -> None:
    text = "# gitops-scaffold: disable=duplicate-resource\n" + HELM_RELEASE.replace(
        "6.5.0", "6.6.0"
    )
    assert found(lint_tree(tree(**{NEWER: text}))) == []


def test_kustomize_namespace_renames_count(lint_tree) -> None:
    from tests.lint.rules.flux_tree import kustomization

    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
    ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: _}\n"
    files = {
        f"{SYNC}/apps.yaml": kustomization("apps", "./apps"),
        "apps/kustomization.yaml": "resources: [media, games]\n",
        "apps/media/kustomization.yaml": "namespace: media\nresources: [../../base]\n",
        "apps/games/kustomization.yaml": "namespace: games\nresources: [../../base]\n",
        "base/kustomization.yaml": "resources: [cm.yaml, ns.yaml]\n",
        "base/cm.yaml": cm,
        "base/ns.yaml": ns,
    }
    assert found(lint_tree(files, select=["duplicate-resource"])) == []
    files["apps/games/kustomization.yaml"] = "namespace: media\nresources: [cm.yaml]\n"
    files["apps/games/cm.yaml"] = cm
    assert found(lint_tree(files, select=["duplicate-resource"])) == [
        ("duplicate-resource", "base/cm.yaml", 1)
    ]


def test_objects_of_different_clusters_are_not_duplicates(lint_tree) -> None:
    from tests.lint.rules.flux_tree import kustomization

    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: apps}\n"
    files = {
        "clusters/a/apps.yaml": kustomization("apps", "./apps/a"),
        "clusters/b/apps.yaml": kustomization("apps", "./apps/b"),
        "apps/a/cm.yaml": cm,
        "apps/b/cm.yaml": cm,
    }
    clusters = ("clusters/a", "clusters/b")
    report = lint_tree(files, sync_paths=clusters, select=["duplicate-resource"])
    assert found(report) == []
