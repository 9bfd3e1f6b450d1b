from __future__ import annotations

from tests.lint.conftest import SYNC, found, tree


def test_fires_on_a_values_file_under_the_sync_path(lint_tree) -> None:
    report = lint_tree(tree(**{f"{SYNC}/podinfo-values.yaml": "replicaCount: 2\n"}))
    assert found(report) == [("not-a-manifest", f"{SYNC}/podinfo-values.yaml", 1)]
    assert "apiVersion" in report.findings[0].message


def test_fires_on_missing_name_only(lint_tree) -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"
    report = lint_tree(tree(**{f"{SYNC}/cm.yaml": text}))
    assert found(report) == [("not-a-manifest", f"{SYNC}/cm.yaml", 1)]
    assert "metadata.name" in report.findings[0].message


def test_fires_on_second_document(lint_tree) -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nfoo: bar\n"
    assert found(lint_tree(tree(**{f"{SYNC}/cm.yaml": text}))) == [
        ("not-a-manifest", f"{SYNC}/cm.yaml", 5)
    ]


def test_outside_sync_paths_empty_documents_and_kustomization_files_are_fine(lint_tree) -> None:
    files = tree(
        **{
            "docs/values.yaml": "replicaCount: 2\n",
            f"{SYNC}/empty.yaml": "---\n---\n# only a comment\n",
        }
    )
    assert found(lint_tree(files)) == []


def test_patch_files_listed_by_a_kustomization_are_fine(lint_tree) -> None:
    files = tree(
        **{
            f"{SYNC}/apps/kustomization.yaml": (
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n"
            ),
            f"{SYNC}/apps/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            f"{SYNC}/apps/patch.yaml": "- op: replace\n  path: /data/a\n  value: b\n",
            f"{SYNC}/apps/notes.yaml": "just: notes\n",
        }
    )
    # (kustomize rejects the untargeted JSON patch: unbuildable-kustomization says so)
    assert found(lint_tree(files), "not-a-manifest") == []


def test_listed_resource_that_is_not_a_manifest_fires(lint_tree) -> None:
    files = tree(
        **{
            f"{SYNC}/apps/kustomization.yaml": "resources:\n  - bad.yaml\n",
            f"{SYNC}/apps/bad.yaml": "foo: bar\n",
        }
    )
    assert found(lint_tree(files)) == [("not-a-manifest", f"{SYNC}/apps/bad.yaml", 1)]


def test_sourceignored_file_is_exempt(lint_tree) -> None:
    files = tree(**{".sourceignore": "*-notes.yaml\n", f"{SYNC}/x-notes.yaml": "foo: bar\n"})
    assert found(lint_tree(files)) == []


def test_suppressed_in_leading_comments(lint_tree) -> None:
    text = "# gitops-scaffold: disable=not-a-manifest\nfoo: bar\nbaz: 1\n"
    assert found(lint_tree(tree(**{f"{SYNC}/x.yaml": text}))) == []


def test_files_flux_leaves_out_by_default_are_exempt(lint_tree) -> None:
    files = tree(**{f"{SYNC}/.sops.yaml": "creation_rules:\n  - path_regex: .*\n"})
    assert found(lint_tree(files)) == []


def test_sourceignore_can_re_include_a_default_exclusion(lint_tree) -> None:
    files = tree(
        **{f"{SYNC}/.sops.yaml": "creation_rules: []\n", ".sourceignore": "!**/.sops.yaml\n"}
    )
    assert found(lint_tree(files)) == [("not-a-manifest", f"{SYNC}/.sops.yaml", 1)]
