from __future__ import annotations

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, kustomization

RULE = "dangling-depends-on"


def depends(name: str, namespace: str | None = None) -> str:
    ns = f"\n      namespace: {namespace}" if namespace else ""
    return f"  dependsOn:\n    - name: {name}{ns}\n"


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def infra_and(spec: str, namespace: str = "flux-system") -> dict[str, str]:
    return apps_repo(
        **{
            f"{SYNC}/infra.yaml": kustomization("infra", "./infra"),
            "infra/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: i, namespace: x}\n",
            f"{SYNC}/apps.yaml": kustomization("apps", "./apps", namespace=namespace, spec=spec),
        }
    )


def test_clean(lint_tree) -> None:
    assert found(lint(lint_tree, infra_and(depends("infra")))) == []
    assert found(lint(lint_tree, infra_and(depends("infra", "flux-system"), "apps"))) == []


def test_fires_on_a_missing_kustomization(lint_tree) -> None:
    report = lint(lint_tree, infra_and(depends("infra-controllers")))
    assert found(report) == [(RULE, f"{SYNC}/apps.yaml", 14)]
    message = report.findings[0].message
    assert "Kustomization `infra-controllers` in namespace `flux-system`" in message


def test_namespace_aware(lint_tree) -> None:
    assert found(lint(lint_tree, infra_and(depends("infra"), "apps"))) == [
        (RULE, f"{SYNC}/apps.yaml", 14)
    ]


def test_helm_release_depends_on_a_helm_release_where_it_lands(lint_tree) -> None:
    release = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: {name}\n"
        "spec:\n  chartRef: {{kind: OCIRepository, name: x}}\n{extra}"
    )
    files = apps_repo(
        **{
            f"{SYNC}/apps.yaml": kustomization("apps", "./apps", spec="  targetNamespace: web\n"),
            "apps/kustomization.yaml": "resources: [a.yaml, b.yaml]\n",
            "apps/a.yaml": release.format(name="a", extra=depends("b")),
            "apps/b.yaml": release.format(name="b", extra=""),
        }
    )
    assert found(lint(lint_tree, files)) == []
    files["apps/a.yaml"] = release.format(name="a", extra=depends("b", "other"))
    assert found(lint(lint_tree, files)) == [(RULE, "apps/a.yaml", 8)]


def test_suppressed(lint_tree) -> None:
    spec = "  dependsOn:\n    # gitops-scaffold: disable=dangling-depends-on\n    - name: nothing\n"
    assert found(lint(lint_tree, infra_and(spec))) == []
