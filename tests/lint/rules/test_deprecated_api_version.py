from __future__ import annotations

import pytest

from scaffold.lint import fix
from scaffold.lint.engine import LintOptions, run_lint
from scaffold.model.api_versions import outdated
from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, found, tree


def old_release(version: str = "helm.toolkit.fluxcd.io/v2beta1") -> str:
    return HELM_RELEASE.replace("helm.toolkit.fluxcd.io/v2", version, 1)


def test_removed_version_is_an_error_at_the_value(lint_tree) -> None:
    report = lint_tree(tree(**{RELEASE_PATH: old_release()}))
    assert found(report) == [("deprecated-api-version", RELEASE_PATH, 1)]
    finding = report.findings[0]
    assert (finding.severity, finding.column, finding.fixable) == ("error", 13, True)
    assert "removed in Flux 2.7" in finding.message


IMAGE_REPOSITORY = """\
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageRepository
metadata:
  name: podinfo
  namespace: apps
spec:
  image: ghcr.io/stefanprodan/podinfo
  interval: 5m
"""


@pytest.mark.parametrize(
    "config",
    [
        'flux_version: "2.8"\n',
        "flux_version: v2.8.8\n",
        "rules:\n  deprecated-api-version:\n    flux_version: 2.8\n",  # the older option
    ],
)
def test_only_deprecated_for_an_older_flux_is_a_warning(lint_tree, config) -> None:
    path = f"{SYNC}/image-repository.yaml"
    report = lint_tree(tree(**{path: IMAGE_REPOSITORY, ".gitops-scaffold.yaml": config}))
    assert [(f.rule, f.severity) for f in report.findings] == [
        ("deprecated-api-version", "warning")
    ]
    assert "to be removed in Flux 2.9" in report.findings[0].message


def test_removed_in_the_configured_flux_is_an_error(lint_tree) -> None:
    path = f"{SYNC}/image-repository.yaml"
    report = lint_tree(tree(**{path: IMAGE_REPOSITORY}))
    assert [(f.rule, f.severity) for f in report.findings] == [("deprecated-api-version", "error")]


@pytest.mark.parametrize(
    ("api_version", "kind", "current"),
    [
        ("helm.toolkit.fluxcd.io/v2beta2", "HelmRelease", "helm.toolkit.fluxcd.io/v2"),
        ("source.toolkit.fluxcd.io/v1beta1", "GitRepository", "source.toolkit.fluxcd.io/v1"),
        ("source.toolkit.fluxcd.io/v1beta2", "OCIRepository", "source.toolkit.fluxcd.io/v1"),
        ("source.toolkit.fluxcd.io/v1beta2", "Bucket", "source.toolkit.fluxcd.io/v1"),
        ("kustomize.toolkit.fluxcd.io/v1beta2", "Kustomization", "kustomize.toolkit.fluxcd.io/v1"),
        (
            "notification.toolkit.fluxcd.io/v1beta2",
            "Alert",
            "notification.toolkit.fluxcd.io/v1beta3",
        ),
        ("notification.toolkit.fluxcd.io/v1beta2", "Receiver", "notification.toolkit.fluxcd.io/v1"),
        ("image.toolkit.fluxcd.io/v1beta2", "ImagePolicy", "image.toolkit.fluxcd.io/v1"),
    ],
)
def test_table(api_version: str, kind: str, current: str) -> None:
    result = outdated(api_version, kind)
    assert result is not None and result.current == current and result.removed


def test_current_and_foreign_versions_are_fine() -> None:
    assert outdated("helm.toolkit.fluxcd.io/v2", "HelmRelease") is None
    assert outdated("notification.toolkit.fluxcd.io/v1beta3", "Provider") is None
    assert outdated("kustomize.config.k8s.io/v1beta1", "Kustomization") is None


def test_fix_rewrites_only_the_value(lint_tree) -> None:
    text = "# keep: helm.toolkit.fluxcd.io/v2beta1\n"
    text += 'apiVersion: "helm.toolkit.fluxcd.io/v2beta1"  # c\n'
    text += HELM_RELEASE.split("\n", 1)[1]
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    root = report.root
    before = (root / RELEASE_PATH).read_bytes()
    fix.apply(root, fix.plan(root, report.findings))
    after = (root / RELEASE_PATH).read_bytes()
    assert after == before.replace(
        b'apiVersion: "helm.toolkit.fluxcd.io/v2beta1"', b'apiVersion: "helm.toolkit.fluxcd.io/v2"'
    )
    again = run_lint(root, LintOptions(sync_paths=(SYNC,)))
    assert found(again) == [] and fix.plan(root, again.findings) == []


def test_suppressed_on_the_line(lint_tree) -> None:
    text = old_release().replace(
        "v2beta1\n", "v2beta1  # gitops-scaffold: disable=deprecated-api-version\n", 1
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: text}))) == []


RECEIVER = """\
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata:
  name: github
  namespace: flux-system
spec:
  type: github
  secretRef:
    name: webhook-token
  resources:
    - apiVersion: source.toolkit.fluxcd.io/v1beta2
      kind: GitRepository
      name: flux-system
"""

FLUX_KUSTOMIZATION = """\
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    apiVersion: source.toolkit.fluxcd.io/v1beta2
    kind: GitRepository
    name: flux-system
  dependsOn:
    - apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
      kind: Kustomization
      name: infra
  healthChecks:
    - apiVersion: helm.toolkit.fluxcd.io/v2beta1
      kind: HelmRelease
      name: podinfo
      namespace: apps
    - apiVersion: apps/v1
      kind: Deployment
      name: podinfo
      namespace: apps
"""


def test_removed_versions_inside_objects_are_found_and_fixed(lint_tree) -> None:
    files = tree(**{f"{SYNC}/receiver.yaml": RECEIVER, f"{SYNC}/apps.yaml": FLUX_KUSTOMIZATION})
    report = lint_tree(files, select=["deprecated-api-version"])
    assert [(f.path, f.line, f.column, f.severity) for f in report.findings] == [
        (f"{SYNC}/apps.yaml", 11, 17, "error"),
        (f"{SYNC}/apps.yaml", 15, 19, "error"),
        (f"{SYNC}/apps.yaml", 19, 19, "error"),
        (f"{SYNC}/receiver.yaml", 11, 19, "error"),
    ]
    assert "`github`'s reference to GitRepository uses `source.toolkit.fluxcd.io/v1beta2`" in (
        report.findings[3].message
    )
    root = report.root
    fix.apply(root, fix.plan(root, report.findings))
    text = (root / SYNC / "apps.yaml").read_text()
    assert text == FLUX_KUSTOMIZATION.replace("/v1beta2", "/v1").replace("/v2beta1", "/v2")
    again = run_lint(root, LintOptions(sync_paths=(SYNC,), select=["deprecated-api-version"]))
    assert found(again) == []


def test_helm_values_naming_an_api_version_are_not_flux_references(lint_tree) -> None:
    values = "    extraObjects:\n      - apiVersion: source.toolkit.fluxcd.io/v1beta2\n"
    values += "        kind: GitRepository\n"
    text = HELM_RELEASE.replace("  values:\n", "  values:\n" + values)
    report = lint_tree(tree(**{RELEASE_PATH: text}), select=["deprecated-api-version"])
    assert found(report) == []
