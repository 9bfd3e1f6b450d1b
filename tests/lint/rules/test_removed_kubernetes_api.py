from __future__ import annotations

import itertools

import pytest

from scaffold.lint.config import parse_config
from scaffold.model.schemas.kubernetes import KUBERNETES_MINORS, served_api_versions
from scaffold.model.schemas.removed_apis import REMOVALS, removal
from tests.lint.conftest import SYNC, tree

ID = "removed-kubernetes-api"
PDB = f"{SYNC}/apps/web/pdb.yaml"
PDB_TEXT = """\
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
"""


def findings(report):
    return [(f.path, f.line, f.column, f.message, f.hint) for f in report.findings if f.rule == ID]


def test_current_api_has_no_finding(lint_tree) -> None:
    files = tree(**{PDB: PDB_TEXT.replace("policy/v1beta1", "policy/v1")})
    assert findings(lint_tree(files, select=[ID])) == []


def test_removed_api_names_release_and_replacement(lint_tree) -> None:
    [(path, line, column, message, hint)] = findings(
        lint_tree(tree(**{PDB: PDB_TEXT}), select=[ID])
    )
    assert (path, line, column) == (PDB, 1, 13)
    assert message == (
        "`policy/v1beta1` PodDisruptionBudget was removed in Kubernetes 1.25 "
        "(the cluster runs 1.37)"
    )
    assert hint.startswith("use `apiVersion: policy/v1`")


@pytest.mark.parametrize(
    ("api_version", "kind", "release", "replacement"),
    [
        ("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
        ("networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
        ("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
        ("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2"),
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
        (
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "FlowSchema",
            "1.32",
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        ("networking.k8s.io/v1beta1", "IPAddress", "1.37", "networking.k8s.io/v1"),
        ("networking.k8s.io/v1beta1", "ServiceCIDR", "1.37", "networking.k8s.io/v1"),
        ("authentication.k8s.io/v1beta1", "SelfSubjectReview", "1.33", "authentication.k8s.io/v1"),
        (
            "admissionregistration.k8s.io/v1beta1",
            "ValidatingAdmissionPolicyBinding",
            "1.34",
            "admissionregistration.k8s.io/v1",
        ),
        ("storage.k8s.io/v1beta1", "VolumeAttributesClass", "1.37", "storage.k8s.io/v1"),
    ],
)
def test_each_class_of_removal(lint_tree, api_version, kind, release, replacement) -> None:
    text = f"apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: x}}\n"
    [(_, _, _, message, hint)] = findings(
        lint_tree(tree(**{f"{SYNC}/apps/x.yaml": text}), select=[ID])
    )
    assert f"removed in Kubernetes {release}" in message
    assert hint.startswith(f"use `apiVersion: {replacement}`")


def test_psp_has_no_replacement_object(lint_tree) -> None:
    text = "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: x}\n"
    [(_, _, _, _, hint)] = findings(lint_tree(tree(**{f"{SYNC}/apps/psp.yaml": text}), select=[ID]))
    assert "Pod Security Admission" in hint


def test_older_cluster_still_serves_it(lint_tree) -> None:
    # flowcontrol v1beta3 was removed in 1.32, which is the oldest bundled release.
    assert removal("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32") is not None
    assert removal("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.31") is None
    config = parse_config({"kubernetes_version": "1.32"})
    report = lint_tree(tree(**{PDB: PDB_TEXT}), select=[ID], config=config)
    assert "the cluster runs 1.32" in findings(report)[0][3]


def test_table_agrees_with_the_bundled_schemas() -> None:
    # No bundled release from the removal on serves the apiVersion, each serves the
    # replacement, and the bundled release just before the removal still serves it.
    for minor in KUBERNETES_MINORS:
        served = served_api_versions(minor)
        for entry in REMOVALS:
            major, number = _minor(minor)
            if _minor(entry.removed_in) > (major, number):
                if _minor(entry.removed_in) == (major, number + 1):
                    assert entry.kind in served[entry.api_version], entry
                continue
            assert entry.kind not in served.get(entry.api_version, ()), entry
            if entry.replacement is not None and entry.replacement != "policy/v1beta1":
                assert entry.kind in served[entry.replacement], entry


def test_every_beta_removal_between_bundled_releases_is_in_the_table() -> None:
    # What a release stopped serving of a beta or GA apiVersion, read off the schemas.
    for older, newer in itertools.pairwise(KUBERNETES_MINORS):
        before, after = served_api_versions(older), served_api_versions(newer)
        for api_version, kinds in before.items():
            if "alpha" in api_version.rpartition("/")[2]:
                continue
            for kind in kinds - after.get(api_version, frozenset()):
                found = removal(api_version, kind, newer)
                assert found is not None and found.removed_in == newer, (api_version, kind)
    assert removal("storage.k8s.io/v1beta1", "VolumeAttributesClass", "1.36") is None


def _minor(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_suppressed_by_a_comment(lint_tree) -> None:
    text = "# gitops-scaffold: disable=removed-kubernetes-api\n" + PDB_TEXT
    assert findings(lint_tree(tree(**{PDB: text}), select=[ID])) == []


HEALTH_CHECKED = f"""\
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {{name: web, namespace: flux-system}}
spec:
  interval: 10m
  path: ./{SYNC}/apps
  prune: true
  sourceRef: {{kind: GitRepository, name: flux-system}}
  healthChecks:
    - apiVersion: apps/v1beta2
      kind: Deployment
      name: web
      namespace: web
    - apiVersion: policy/v1beta1
      kind: PodDisruptionBudget
      name: web
      namespace: web
    - apiVersion: apps/v1
      kind: StatefulSet
      name: db
      namespace: web
"""


def test_a_removed_version_a_flux_object_names_is_reported_at_its_line(lint_tree) -> None:
    files = tree(**{f"{SYNC}/web-ks.yaml": HEALTH_CHECKED})
    got = findings(lint_tree(files, select=[ID]))
    assert [(path, line, column) for path, line, column, _, _ in got] == [
        (f"{SYNC}/web-ks.yaml", 10, 19),
        (f"{SYNC}/web-ks.yaml", 14, 19),
    ]
    assert got[0][3] == (
        "Kustomization `web` refers to `apps/v1beta2` Deployment, which was removed in "
        "Kubernetes 1.16 (the cluster runs 1.37)"
    )
    assert got[0][4].startswith("use `apiVersion: apps/v1`")
    assert got[1][4].startswith("use `apiVersion: policy/v1`")


def test_a_receivers_resources_and_an_older_cluster(lint_tree) -> None:
    receiver = """\
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata: {name: hook, namespace: flux-system}
spec:
  type: generic
  secretRef: {name: token}
  resources:
    - apiVersion: storage.k8s.io/v1beta1
      kind: VolumeAttributesClass
      name: fast
"""
    files = tree(**{f"{SYNC}/receiver.yaml": receiver})
    [(_, line, _, message, _)] = findings(lint_tree(files, select=[ID]))
    assert line == 8 and "Receiver `hook` refers to `storage.k8s.io/v1beta1`" in message
    config = parse_config({"kubernetes_version": "1.36"})
    assert findings(lint_tree(files, select=[ID], config=config)) == []
