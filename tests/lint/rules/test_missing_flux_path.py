from __future__ import annotations

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, kustomization

RULE = "missing-flux-path"


def lint(lint_tree, files, sync_paths=(SYNC,)):
    return lint_tree(files, sync_paths=sync_paths, select=[RULE])


def test_clean(lint_tree) -> None:
    assert found(lint(lint_tree, apps_repo())) == []


def test_fires_on_a_missing_path(lint_tree) -> None:
    files = apps_repo(**{f"{SYNC}/apps.yaml": kustomization("apps", "./apps/prodution")})
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, f"{SYNC}/apps.yaml", 8)]
    assert "`./apps/prodution`" in report.findings[0].message


def test_fires_through_a_chain_of_kustomizations(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n  - child.yaml\n",
            "apps/child.yaml": kustomization("child", "./nowhere"),
        }
    )
    assert found(lint(lint_tree, files)) == [(RULE, "apps/child.yaml", 8)]


def test_other_repositories_and_unreached_kustomizations_are_not_judged(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n  - other.yaml\n",
            "apps/other.yaml": kustomization("other", "./x", source="GitRepository/other"),
            "unused/ks.yaml": kustomization("unused", "./nowhere"),
        }
    )
    assert found(lint(lint_tree, files)) == []


def test_a_second_git_repository_on_the_same_url_is_this_repository(lint_tree) -> None:
    url = "  url: ssh://git@example.com/o/r.git\n"
    git = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
    files = apps_repo(
        **{
            f"{SYNC}/sources.yaml": f"{git}  name: flux-system\n  namespace: flux-system\n"
            f"spec:\n{url}---\n{git}  name: mono\n  namespace: flux-system\n"
            "spec:\n  url: ssh://user:pw@example.com/o/r\n",
            f"{SYNC}/mono.yaml": kustomization("mono", "./gone", source="GitRepository/mono"),
        }
    )
    assert found(lint(lint_tree, files)) == [(RULE, f"{SYNC}/mono.yaml", 8)]


def test_paths_of_an_oci_artifact_are_relative_to_its_folder(lint_tree) -> None:
    files = {
        "kubernetes/clusters/prod/apps.yaml": kustomization(
            "apps", "./apps", source="OCIRepository/flux-system"
        ),
        "kubernetes/clusters/prod/gone.yaml": kustomization(
            "gone", "./gone", source="OCIRepository/flux-system"
        ),
        "kubernetes/apps/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    }
    report = lint(lint_tree, files, sync_paths=("kubernetes/clusters/prod",))
    assert found(report) == [(RULE, "kubernetes/clusters/prod/gone.yaml", 8)]
    assert "under `kubernetes/`" in report.findings[0].message


def test_external_artifact_paths_map_back_through_the_generator(lint_tree) -> None:
    generator = (
        "apiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\n"
        "metadata:\n  name: gen\n  namespace: flux-system\n"
        "spec:\n  sources:\n    - alias: repo\n      kind: GitRepository\n      name: flux-system\n"
        "  artifacts:\n    - name: apps\n      copy:\n"
        '        - from: "@repo/apps/**"\n          to: "@artifact/base/"\n'
    )
    good = kustomization("apps", "./base", source="ExternalArtifact/apps")
    bad = kustomization("bad", "./elsewhere/x", source="ExternalArtifact/apps")
    files = apps_repo(
        **{f"{SYNC}/apps.yaml": good, f"{SYNC}/gen.yaml": generator, f"{SYNC}/bad.yaml": bad}
    )
    assert found(lint(lint_tree, files)) == []
    wrong = kustomization("apps", "./base/nothing", source="ExternalArtifact/apps")
    files[f"{SYNC}/apps.yaml"] = wrong
    assert found(lint(lint_tree, files)) == [(RULE, f"{SYNC}/apps.yaml", 8)]


def test_suppressed(lint_tree) -> None:
    text = kustomization("apps", "./gone").replace(
        "  path:", "  # gitops-scaffold: disable=missing-flux-path\n  path:"
    )
    assert found(lint(lint_tree, apps_repo(**{f"{SYNC}/apps.yaml": text}))) == []
