"""`gitops-scaffold remove release|repository|secret`: deletes, unless something still uses it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import git, write_tree

HELM = "clusters/dev/helm"
REPOSITORY = f"{HELM}/repositories/grafana.yaml"
RELEASE = f"{HELM}/releases/grafana-v8.5.0.yaml"
SECRET = f"{HELM}/secrets/grafana-admin-sealed.yaml"
FILES = {
    REPOSITORY: (
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
        "metadata: {name: grafana, namespace: flux-system}\n"
        "spec: {url: https://grafana.github.io/helm-charts}\n"
    ),
    RELEASE: (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: grafana, namespace: flux-system}\n"
        "spec:\n  chart:\n    spec:\n      chart: grafana\n      version: 8.5.0\n"
        "      sourceRef: {kind: HelmRepository, name: grafana, namespace: flux-system}\n"
        "  valuesFrom:\n  - {kind: Secret, name: grafana-admin, valuesKey: password}\n"
    ),
    SECRET: (
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"
        "metadata: {name: grafana-admin, namespace: flux-system}\n"
        "spec:\n  encryptedData: {password: AgBy}\n"
        "  template: {metadata: {name: grafana-admin, namespace: flux-system}}\n"
    ),
}


@pytest.fixture
def deployed(fleet):
    write_tree(fleet, FILES)
    git(fleet, "add", "-A")
    git(fleet, "commit", "--quiet", "-m", "grafana")
    return fleet


@pytest.mark.parametrize(
    ("what", "name", "path"),
    [("repository", "grafana", REPOSITORY), ("secret", "grafana-admin", SECRET)],
)
def test_remove_refuses_while_a_release_refers_to_it(cli, deployed, what, name, path) -> None:
    result = cli("remove", what, name, cwd=deployed)
    assert result.exit_code == 1
    assert f"still used by: HelmRelease flux-system/grafana ({RELEASE})" in result.stderr
    assert "--force" in result.stderr
    assert (deployed / path).is_file()


def test_remove_the_release_then_what_it_used(cli, deployed) -> None:
    result = cli("remove", "release", "grafana", cwd=deployed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == RELEASE
    assert "git commit -m 'Remove HelmRelease flux-system/grafana'" in result.stderr
    for what, name in (("secret", "grafana-admin"), ("repository", "grafana")):
        assert cli("remove", what, name, cwd=deployed).exit_code == 0
    status = git(deployed, "status", "--porcelain").splitlines()
    assert sorted(status) == sorted(f"D  {path}" for path in FILES)


def test_force_removes_and_warns_about_each_referrer(cli, deployed) -> None:
    result = cli("remove", "repository", "grafana", "--force", "--format", "json", cwd=deployed)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["action"] == "removed"
    assert data["path"] == REPOSITORY
    assert data["details"] == {"referenced_by": [f"HelmRelease flux-system/grafana ({RELEASE})"]}
    assert "warning: HelmRelease flux-system/grafana" in result.stderr
    assert not (deployed / REPOSITORY).exists()


def test_a_secret_in_another_namespace_is_not_a_referrer(cli, deployed) -> None:
    moved = FILES[RELEASE].replace("namespace: flux-system}\nspec", "namespace: apps}\nspec")
    (deployed / RELEASE).write_text(moved)
    assert cli("remove", "secret", "grafana-admin", cwd=deployed).exit_code == 0


def test_remove_refuses_a_release_another_depends_on(cli, deployed) -> None:
    other = f"{HELM}/releases/loki-v6.0.0.yaml"
    write_tree(deployed, {other: (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: loki, namespace: flux-system}\n"
        "spec:\n  dependsOn: [{name: grafana}]\n"
        "  chart: {spec: {chart: loki, version: 6.0.0,\n"
        "    sourceRef: {kind: HelmRepository, name: grafana}}}\n"
    )})  # fmt: skip
    result = cli("remove", "release", "grafana", cwd=deployed)
    assert result.exit_code == 1
    assert f"HelmRelease flux-system/loki ({other})" in result.stderr


def test_remove_refuses_a_file_holding_other_objects(cli, fleet) -> None:
    write_tree(fleet, {REPOSITORY: FILES[REPOSITORY] + "---\n" + FILES[SECRET]})
    result = cli("remove", "repository", "grafana", cwd=fleet)
    assert result.exit_code == 2
    assert "also declares SealedSecret flux-system/grafana-admin" in result.stderr
    assert (fleet / REPOSITORY).is_file()


def test_remove_unknown_names_what_exists(cli, deployed) -> None:
    result = cli("remove", "repository", "bitnami", cwd=deployed)
    assert result.exit_code == 2
    assert "no HelmRepository 'bitnami' in cluster clusters/dev (declared: grafana)" in (
        result.stderr
    )


# A cluster whose release lives outside `helm/`, applied by a Flux Kustomization.
OUTSIDE = {
    "clusters/dev/helm/repositories/podinfo.yaml": (
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
        "metadata: {name: podinfo, namespace: flux-system}\n"
        "spec: {url: https://stefanprodan.github.io/podinfo}\n"
    ),
    "clusters/dev/apps.yaml": (
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
        "metadata: {name: apps, namespace: flux-system}\n"
        "spec:\n  path: ./apps/podinfo\n  prune: true\n"
        "  sourceRef: {kind: GitRepository, name: flux-system}\n"
    ),
    "apps/podinfo/release.yaml": (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: podinfo, namespace: flux-system}\n"
        "spec:\n  chart:\n    spec:\n      chart: podinfo\n      version: 6.5.0\n"
        "      sourceRef: {kind: HelmRepository, name: podinfo}\n"
    ),
}


@pytest.fixture
def outside(fleet):
    write_tree(fleet, OUTSIDE)
    git(fleet, "add", "-A")
    git(fleet, "commit", "--quiet", "-m", "podinfo, applied from apps/")
    return fleet


def test_remove_refuses_a_repository_a_release_outside_helm_uses(cli, outside) -> None:
    # Once `list` called the repository unused and `remove` deleted it with exit 0.
    listed = cli("list", cwd=outside)
    assert "HelmRepository flux-system/podinfo https://stefanprodan.github.io/podinfo " \
        "(used by podinfo)" in listed.stdout
    result = cli("remove", "repository", "podinfo", cwd=outside)
    assert result.exit_code == 1
    assert "still used by: HelmRelease flux-system/podinfo (apps/podinfo/release.yaml)" in (
        result.stderr
    )
    assert (outside / "clusters/dev/helm/repositories/podinfo.yaml").is_file()
    assert git(outside, "status", "--porcelain") == ""
    lint = cli("lint", "--format", "json", cwd=outside)
    assert "unresolved-source-ref" not in lint.stdout


def test_force_removes_what_a_release_outside_helm_uses_and_warns(cli, outside) -> None:
    result = cli("remove", "repository", "podinfo", "--force", cwd=outside)
    assert result.exit_code == 0, result.stderr
    assert "warning: HelmRelease flux-system/podinfo (apps/podinfo/release.yaml) still refers" \
        in result.stderr
    assert not (outside / "clusters/dev/helm/repositories/podinfo.yaml").exists()
    lint = cli("lint", "--format", "json", cwd=outside)
    assert "unresolved-source-ref" in lint.stdout


def test_remove_names_a_user_in_another_cluster(cli, two_clusters) -> None:
    # prod applies dev's repositories folder too, and installs podinfo from it.
    files = {**OUTSIDE}
    del files["clusters/dev/apps.yaml"]
    files["clusters/prod/apps.yaml"] = OUTSIDE["clusters/dev/apps.yaml"]
    files["clusters/prod/shared.yaml"] = OUTSIDE["clusters/dev/apps.yaml"].replace(
        "name: apps", "name: shared"
    ).replace("./apps/podinfo", "./clusters/dev/helm/repositories")
    write_tree(two_clusters, files)
    result = cli("remove", "repository", "podinfo", "--sync-path", "clusters/dev",
                 cwd=two_clusters)  # fmt: skip
    assert result.exit_code == 1
    assert "HelmRelease flux-system/podinfo (apps/podinfo/release.yaml, cluster clusters/prod)" \
        in result.stderr


OTHERS = (
    "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n"
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: dashboards, namespace: monitoring}\n"
)


def test_remove_refuses_a_file_holding_other_documents(cli, deployed) -> None:
    (deployed / RELEASE).write_text(FILES[RELEASE] + OTHERS)
    git(deployed, "commit", "--quiet", "-am", "namespace beside the release")
    result = cli("remove", "release", "grafana", "--force", cwd=deployed)
    assert result.exit_code == 2
    assert f"{RELEASE} also declares Namespace -/monitoring, ConfigMap monitoring/dashboards" in (
        result.stderr
    )
    assert (deployed / RELEASE).read_text() == FILES[RELEASE] + OTHERS
    assert git(deployed, "status", "--porcelain") == ""


@pytest.mark.parametrize("staged", [False, True])
def test_remove_refuses_a_file_with_uncommitted_edits(cli, deployed, staged) -> None:
    edited = FILES[RELEASE].replace("version: 8.5.0", "version: 8.5.1  # testing")
    (deployed / RELEASE).write_text(edited)
    if staged:
        git(deployed, "add", RELEASE)
    result = cli("remove", "release", "grafana", "--force", cwd=deployed)
    assert result.exit_code == 2
    assert "has uncommitted changes" in result.stderr
    assert (deployed / RELEASE).read_text() == edited


def test_remove_refuses_a_file_never_committed(cli, fleet) -> None:
    # Its content is in no commit: deleting it could not be undone.
    write_tree(fleet, {RELEASE: FILES[RELEASE]})
    result = cli("remove", "release", "grafana", cwd=fleet)
    assert result.exit_code == 2
    assert "is not committed" in result.stderr
    assert (fleet / RELEASE).read_text() == FILES[RELEASE]
