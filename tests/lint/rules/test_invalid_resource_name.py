from __future__ import annotations

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, config_map

RULE = "invalid-resource-name"


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def doc(kind: str, name: str, api: str = "v1") -> str:
    return f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n"


def test_clean(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources: [app.yaml, more.yaml]\n",
            "apps/more.yaml": "---\n".join(
                (
                    doc("ConfigMap", "a.b-c"),
                    doc("ClusterRole", "system:auth", "rbac.authorization.k8s.io/v1"),
                    doc("ConfigMap", "${APP}-config"),
                    doc("ConfigMap", "<< inputs.name >>"),
                )
            ),
        }
    )
    assert found(lint(lint_tree, files)) == []


def test_fires_on_invalid_names(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources: [app.yaml, more.yaml]\n",
            "apps/more.yaml": "---\n".join(
                (doc("ConfigMap", "App_Config"), doc("Service", "a.b"), doc("Namespace", "_"))
            ),
        }
    )
    report = lint(lint_tree, files)
    assert found(report) == [
        (RULE, "apps/more.yaml", 4),
        (RULE, "apps/more.yaml", 9),
        (RULE, "apps/more.yaml", 14),
    ]
    assert "ConfigMap name `App_Config` is not valid" in report.findings[0].message


def test_a_namespace_renamed_by_kustomize_is_fine(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "namespace: media\nresources: [app.yaml]\n"
            "components: [../components/namespace]\n",
            "components/namespace/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/"
            "v1alpha1\nkind: Component\nresources: [namespace.yaml]\n",
            "components/namespace/namespace.yaml": doc("Namespace", "_"),
        }
    )
    assert found(lint(lint_tree, files)) == []


def test_suppressed(lint_tree) -> None:
    text = config_map("Bad_Name").replace(
        "  name:", "  # gitops-scaffold: disable=invalid-resource-name\n  name:"
    )
    assert found(lint(lint_tree, apps_repo(apps__app__yaml=text))) == []
