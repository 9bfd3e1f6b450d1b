"""Real Flux repositories of other conventions (tests/realworld): exactly the findings a
reviewer accepted, and every fault planted into a copy found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scaffold.lint.engine import LintOptions, LintReport, run_lint
from scaffold.model.load import ModelOptions, load_model
from tests.lint.conftest import REALWORLD

EXPECTED = REALWORLD / "expected"
# The sync paths of each repository (tests/realworld/README.md says how each is known).
SYNC_PATHS = {
    "flux2-kustomize-helm-example": ("clusters/production", "clusters/staging"),
    "flux2-multi-tenancy": ("clusters/production", "clusters/staging"),
    "flux2-monitoring-example": ("clusters/test",),
    "joryirving-home-ops": (
        "kubernetes/clusters/main",
        "kubernetes/clusters/test",
        "kubernetes/clusters/utility",
    ),
    "onedr0p-home-ops": ("kubernetes/flux/cluster",),
    "bjw-s-home-ops": ("kubernetes/flux/cluster",),
    "billimek-k8s-gitops": ("setup/flux/cluster",),
    "xunholy-k8s-gitops": ("kubernetes/clusters/cluster-00",),
    "lvs-cloud": ("clusters/prod",),
    "flux2-hub-spoke-example": ("hub",),
    "eks-multi-cluster-gitops": ("repos/gitops-system/clusters/mgmt",),
    "d2-fleet": ("clusters/prod-eu", "clusters/prod-us", "clusters/staging", "clusters/update"),
    # No cluster lives in d2-infra: the directories d2-fleet's Kustomizations apply.
    "d2-infra": (
        *(
            f"components/{component}/{layer}/{env}"
            for component in ("cert-manager", "monitoring")
            for layer in ("configs", "controllers")
            for env in ("production", "staging")
        ),
        "update-policies",
    ),
    "edgard-home-ops": ("cluster/base",),
}
# Sync paths the repository's files also name that are no cluster: the gotk-sync.yaml of
# eks-multi-cluster-gitops's cluster template holds the placeholder `./clusters/cluster-name`.
ALSO_DISCOVERED = {"eks-multi-cluster-gitops": ("clusters/cluster-name",)}
EKS_MGMT = "repos/gitops-system/clusters/mgmt"
# Those four keep a placeholder gotk-sync.yaml: `flux bootstrap --path` is documented; d2-infra
# is applied only by d2-fleet's Kustomizations.
NOT_IN_THE_REPOSITORY = {"flux2-kustomize-helm-example", "flux2-multi-tenancy",
                         "flux2-monitoring-example", "flux2-hub-spoke-example",
                         "d2-infra"}  # fmt: skip


def lint(root: Path, name: str) -> LintReport:
    return run_lint(root, LintOptions(sync_paths=SYNC_PATHS[name], cache=False))


def expected(name: str) -> list[str]:
    lines = (EXPECTED / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip())


def seen(report: LintReport) -> list[str]:
    return sorted(f"{f.rule} {f.path}:{f.line}" for f in report.findings)


def test_every_repository_has_a_reviewed_expectation() -> None:
    folders = {p.name for p in REALWORLD.iterdir() if p.is_dir() and p.name != "expected"}
    assert folders == set(SYNC_PATHS)
    assert {p.stem for p in EXPECTED.glob("*.txt")} == folders
    for path in EXPECTED.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                assert "  # " in line, f"{path.name}: every finding says why: {line}"


@pytest.mark.parametrize("name", sorted(SYNC_PATHS))
def test_findings_are_exactly_the_reviewed_ones(realworld_repo, name) -> None:
    assert seen(lint(realworld_repo(name), name)) == expected(name)


@pytest.mark.parametrize("name", sorted(set(SYNC_PATHS) - NOT_IN_THE_REPOSITORY))
def test_sync_paths_are_found_in_the_repository(realworld_repo, name) -> None:
    root = realworld_repo(name)
    model = load_model(root, ModelOptions(cache=False))
    named = SYNC_PATHS[name] + ALSO_DISCOVERED.get(name, ())
    assert tuple(model.sync_paths) == tuple(sorted(named))


# (repository, rule that must report it, path it is reported on, [(file, old, new)])
PLANTED = [
    ("onedr0p-home-ops", "missing-kustomization-entry",
     "kubernetes/apps/default/kustomization.yaml",
     [("kubernetes/apps/default/kustomization.yaml", "  - ./atuin/ks.yaml\n",
       "  - ./atuin/ks.yaml\n  - ./ghost/ks.yaml\n")]),
    ("onedr0p-home-ops", "missing-flux-path", "kubernetes/apps/default/sonarr/ks.yaml",
     [("kubernetes/apps/default/sonarr/ks.yaml", "sonarr/app\n", "sonarr/ap\n")]),
    ("bjw-s-home-ops", "dangling-source-ref", "kubernetes/apps/media/audiobookshelf/ks.yaml",
     [("kubernetes/apps/media/audiobookshelf/ks.yaml", "    name: flux-system\n",
       "    name: flux-sytem\n")]),
    ("bjw-s-home-ops", "dangling-depends-on", "kubernetes/apps/media/audiobookshelf/ks.yaml",
     [("kubernetes/apps/media/audiobookshelf/ks.yaml", "- name: kopiur\n      namespace: system",
       "- name: kopiur\n      namespace: media")]),
    ("joryirving-home-ops", "dangling-depends-on", "kubernetes/apps/main/media/plex.yaml",
     [("kubernetes/apps/main/media/plex.yaml", "  dependsOn:\n    - name: plex\n",
       "  dependsOn:\n    - name: plexx\n")]),
    ("bjw-s-home-ops", "undefined-substitution",
     "kubernetes/apps/media/audiobookshelf/app/helmrelease.yaml",
     [("kubernetes/apps/media/audiobookshelf/app/helmrelease.yaml", "  interval: 30m\n",
       "  interval: 30m\n  timeout: ${TIMEOUT}\n")]),
    ("onedr0p-home-ops", "invalid-resource-name",
     "kubernetes/apps/default/sonarr/app/ocirepository.yaml",
     [("kubernetes/apps/default/sonarr/app/ocirepository.yaml", "  name: sonarr\n",
       "  name: Sonarr_Chart\n")]),
    # The OCIRepository lands in `default` (the Kustomization's targetNamespace).
    ("onedr0p-home-ops", "unresolved-source-ref",
     "kubernetes/apps/default/sonarr/app/helmrelease.yaml",
     [("kubernetes/apps/default/sonarr/app/helmrelease.yaml", "    name: sonarr\n  interval",
       "    name: sonarr\n    namespace: flux-system\n  interval")]),
    ("flux2-kustomize-helm-example", "deprecated-patch-api-version",
     "apps/staging/podinfo-values.yaml",
     [("apps/staging/podinfo-values.yaml", "helm.toolkit.fluxcd.io/v2\n",
       "helm.toolkit.fluxcd.io/v2beta1\n")]),
    # Each precision fix keeps the real fault of its class found.
    ("onedr0p-home-ops", "duplicate-key",
     "kubernetes/apps/network/certificates/export/pushsecret.yaml",
     [("kubernetes/apps/network/certificates/export/pushsecret.yaml",
       "          property: *key\n", "          property: *key\n          property: x\n")]),
    ("lvs-cloud", "invalid-yaml", "platform/registry/chart/values.yaml",
     [("platform/registry/chart/values.yaml", "\n", "\n  broken: [\n")]),
    ("onedr0p-home-ops", "plaintext-secret", "bootstrap/kustomize/personal/network/secret.yaml",
     [("bootstrap/kustomize/personal/network/secret.yaml",
       "op://kubernetes/cloudflare/CLOUDFLARE_TUNNEL_ID", "PLANTED-a1b2c3")]),
    ("joryirving-home-ops", "inline-secret-value",
     "kubernetes/apps/base/actions-runner-system/actions-runner-controller/runners/helmrelease.yaml",
     [("kubernetes/apps/base/actions-runner-system/actions-runner-controller/runners/"
       "helmrelease.yaml", "    githubConfigSecret: home-ops-runner-secret\n",
       "    githubConfigSecret: home-ops-runner-secret\n    github_token: PLANTED-77\n")]),
    ("billimek-k8s-gitops", "unresolved-values-from",
     "kubernetes/monitoring/victoria-metrics/victoria-metrics.yaml",
     [("kubernetes/monitoring/victoria-metrics/victoria-metrics.yaml",
       "      name: alertmanager-webhooks\n", "      name: alertmanager-webhook\n")]),
    ("onedr0p-home-ops", "duplicate-resource",
     "kubernetes/apps/default/sonarr/app/ocirepository.yaml",
     [("kubernetes/apps/default/sonarr/app/kustomization.yaml", "  - ./ocirepository.yaml\n",
       "  - ./ocirepository.yaml\n  - ./copy.yaml\n"),
      ("kubernetes/apps/default/sonarr/app/copy.yaml", None, "ocirepository.yaml")]),
    ("onedr0p-home-ops", "missing-kustomization-entry",
     "kubernetes/apps/default/recyclarr/app/kustomization.yaml",
     [("kubernetes/apps/default/recyclarr/app/kustomization.yaml",
       "=./resources/recyclarr.yml", "=./resources/recyclar.yml")]),
    # The shape of the three lvs-cloud files left out (README): SOPS leaves the annotation.
    ("lvs-cloud", "plaintext-secret", "infrastructure/secrets/longhorn-backup.yaml",
     [("infrastructure/secrets/longhorn-backup.yaml",
       "    name: longhorn-backup\n",
       "    name: longhorn-backup\n    annotations:\n"
       "        kubectl.kubernetes.io/last-applied-configuration: '{\"kind\":\"Secret\","
       "\"data\":{\"AWS_SECRET_ACCESS_KEY\":\"UExBTlRFRC1rZXk=\"}}'\n")]),
    # The kube-state-metrics values reach the release through a generated ConfigMap.
    ("flux2-monitoring-example", "inline-secret-value",
     "monitoring/controllers/kube-prometheus-stack/kube-state-metrics-config.yaml",
     [("monitoring/controllers/kube-prometheus-stack/kube-state-metrics-config.yaml", None,
       "grafana:\n  adminPassword: PLANTED-55\n")]),
    ("xunholy-k8s-gitops", "gitignore-sealed-ignored", ".gitignore",
     [(".gitignore", None, "*-sealed.yaml\n")]),
    ("flux2-kustomize-helm-example", "unpinned-chart-version", "apps/base/podinfo/release.yaml",
     [("apps/staging/podinfo-values.yaml", '      version: ">=1.0.0-alpha"\n', "")]),
    # The hub's spoke Kustomizations wait on each other in a ring: tenants now waits on apps.
    ("flux2-hub-spoke-example", "dependency-cycle", "hub/staging.yaml",
     [("hub/staging.yaml", "  path: ./clusters/staging/tenants\n",
       "  path: ./clusters/staging/tenants\n  dependsOn:\n    - name: apps\n")]),
    # A Flux root in a sub-folder: paths there are relative to repos/gitops-system.
    ("eks-multi-cluster-gitops", "missing-flux-path", f"{EKS_MGMT}/crossplane.yaml",
     [(f"{EKS_MGMT}/crossplane.yaml", "  path: ./tools/crossplane\n",
       "  path: ./tools/crossplan\n")]),
    ("flux2-hub-spoke-example", "undefined-substitution", "deploy/tenants/podinfo.yaml",
     [("deploy/tenants/podinfo.yaml", "  name: podinfo\n",
       "  name: podinfo\n  annotations:\n    zone: ${ZONE}\n")]),
    # A FluxInstance-synced cluster substitutes from the flux-runtime-info ConfigMap.
    ("d2-fleet", "undefined-substitution", "tenants/infra.yaml",
     [("tenants/infra.yaml", '      tag: "${ARTIFACT_TAG}"\n', '      tag: "${ARTIFACT_TAGS}"\n')]),
    ("d2-infra", "missing-kustomization-entry",
     "components/monitoring/configs/base/kustomization.yaml",
     [("components/monitoring/configs/base/kustomization.yaml", "dashboards/cluster.json",
       "dashboards/clusters.json")]),
    # The variables come from a SealedSecret's encryptedData keys.
    ("edgard-home-ops", "undefined-substitution", "cluster/apps/default/torrent/deployment.yaml",
     [("cluster/apps/default/torrent/deployment.yaml", '"${SECRET_TIMEZONE}"',
       '"${SECRET_TIMEZONES}"')]),
]  # fmt: skip


def plant(root: Path, edits: list[tuple[str, str | None, str]]) -> None:
    for relative, old, new in edits:
        path = root / relative
        if old is None and path.exists():
            path.write_text(path.read_text() + new)
        elif old is None:
            shutil.copy(path.parent / new, path)
        else:
            text = path.read_text()
            assert old in text, f"{relative}: the corpus changed, re-plant {old!r}"
            path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("name", "rule", "where", "edits"), PLANTED, ids=[f"{p[0]}-{p[1]}" for p in PLANTED]
)
def test_planted_faults_are_found(realworld_repo, tmp_path, name, rule, where, edits) -> None:
    root = tmp_path / name
    shutil.copytree(realworld_repo(name), root)
    before = {f for f in seen(lint(root, name)) if f.startswith(f"{rule} {where}:")}
    plant(root, edits)
    after = {f for f in seen(lint(root, name)) if f.startswith(f"{rule} {where}:")}
    assert after - before, f"{rule} did not report the fault planted in {where}"
