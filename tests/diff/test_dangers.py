"""Dangers: data pruned, updates the API server refuses, RBAC widened, Flux stopped."""

from __future__ import annotations

import pytest

from tests.diff.conftest import applied, deployment, diff, edited, obj


def dangers(report):
    return [(d.reason, d.identity.kind, d.message) for d in report.dangers]


@pytest.mark.parametrize(
    ("api_version", "kind", "namespace", "loss"),
    [
        ("v1", "PersistentVolumeClaim", "apps", "its volume's data"),
        ("v1", "PersistentVolume", None, "its data when its reclaim policy is Delete"),
        ("apps/v1", "StatefulSet", "apps", "its pods"),
        ("v1", "Namespace", None, "everything in it"),
        ("apiextensions.k8s.io/v1", "CustomResourceDefinition", None, "every object of its kind"),
    ],
)
def test_removed_under_prune_true_is_a_danger(api_version, kind, namespace, loss) -> None:
    gone = obj(api_version, kind, "data", namespace=namespace)
    report = diff([applied(gone, "apps/data.yaml", "flux-system/apps", prune=True)], [])
    assert dangers(report) == [
        (
            "pruned",
            kind,
            f"removed under flux-system/apps (prune: true): Flux deletes it, and {loss}",
        )
    ]
    assert report.dangers[0].file == "apps/data.yaml"


def test_no_prune_danger_without_prune_or_for_other_kinds_or_when_disabled() -> None:
    claim = obj("v1", "PersistentVolumeClaim", "data")
    kept = edited(claim, "metadata.annotations", {"kustomize.toolkit.fluxcd.io/prune": "disabled"})
    assert dangers(diff([applied(claim, prune=False)], [])) == []
    assert dangers(diff([applied(deployment(), prune=True)], [])) == []
    assert dangers(diff([applied(kept, prune=True)], [])) == []


def immutable(old, new):
    return [m for r, _, m in dangers(diff([old], [new])) if r == "immutable"]


@pytest.mark.parametrize("kind", ["Deployment", "DaemonSet", "ReplicaSet"])
def test_a_workload_selector_is_immutable(kind) -> None:
    old = deployment()
    old["kind"] = kind
    new = edited(old, "spec.selector.matchLabels", {"app": "web", "tier": "front"})
    assert immutable(old, new) == [
        "the API server refuses to change spec.selector.matchLabels.tier in place (immutable)"
    ]
    assert immutable(old, edited(old, "spec.template.spec.containers[0].image", "x:2")) == []


def test_statefulset_fields_other_than_the_mutable_ones_are_refused() -> None:
    old = obj(
        "apps/v1",
        "StatefulSet",
        "db",
        spec={
            "replicas": 1,
            "serviceName": "db",
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "data"},
                    "spec": {"resources": {"requests": {"storage": "1Gi"}}},
                }
            ],
        },
    )
    bigger = edited(old, "spec.volumeClaimTemplates[0].spec.resources.requests.storage", "2Gi")
    assert immutable(old, bigger) == [
        "the API server refuses to change spec.volumeClaimTemplates[0].spec.resources"
        ".requests.storage in place (immutable)"
    ]
    assert immutable(old, edited(old, "spec.serviceName", "db2")) != []
    for mutable in ("replicas", "minReadySeconds", "revisionHistoryLimit", "updateStrategy"):
        assert immutable(old, edited(old, f"spec.{mutable}", 5)) == [], mutable


def test_a_service_cluster_ip_is_immutable_unless_external_name() -> None:
    old = obj("v1", "Service", "web", spec={"clusterIP": "10.0.0.10", "ports": [{"port": 80}]})
    assert len(immutable(old, edited(old, "spec.clusterIP", "10.0.0.11"))) == 1
    assert len(immutable(old, edited(old, "spec.clusterIPs", ["10.0.0.11"]))) == 1
    unset = obj("v1", "Service", "web", spec={"ports": [{"port": 80}]})
    assert len(immutable(unset, old)) == 1  # the live Service holds another IP
    assert immutable(old, unset) == []  # dropping the field leaves the IP as it is
    external = edited(old, "spec.type", "ExternalName")
    assert immutable(external, edited(external, "spec.clusterIP", "10.0.0.12")) == []


def test_a_job_template_is_immutable() -> None:
    pod = {"containers": [{"name": "run", "image": "job:1"}], "restartPolicy": "Never"}
    old = obj("batch/v1", "Job", "migrate", spec={"template": {"spec": pod}})
    new = edited(old, "spec.template.spec.containers[0].image", "job:2")
    assert immutable(old, new) == [
        "the API server refuses to change spec.template.spec.containers[name=run].image in place"
        " (immutable)"
    ]
    assert immutable(old, edited(old, "spec.ttlSecondsAfterFinished", 60)) == []


def test_a_claim_spec_is_immutable_but_its_storage_may_grow() -> None:
    old = obj(
        "v1",
        "PersistentVolumeClaim",
        "data",
        spec={
            "accessModes": ["ReadWriteOnce"],
            "storageClassName": "fast",
            "resources": {"requests": {"storage": "10Gi"}},
        },
    )
    assert immutable(old, edited(old, "spec.resources.requests.storage", "20Gi")) == []
    assert immutable(old, edited(old, "spec.resources.requests.storage", "5000Mi")) == [
        "a PersistentVolumeClaim's storage request can not shrink"
    ]
    assert len(immutable(old, edited(old, "spec.storageClassName", "slow"))) == 1
    assert len(immutable(old, edited(old, "spec.accessModes", ["ReadWriteMany"]))) == 1


def test_an_immutable_config_map_refuses_data_changes_and_a_binding_its_role_ref() -> None:
    old = obj("v1", "ConfigMap", "c", data={"a": "1"}, immutable=True)
    assert immutable(old, edited(old, "data.a", "2")) == [
        "it is immutable: the API server refuses any change to its data"
    ]
    binding = obj(
        "rbac.authorization.k8s.io/v1",
        "RoleBinding",
        "b",
        roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "a"},
    )
    assert len(immutable(binding, edited(binding, "roleRef.name", "b"))) == 1


def rbac(base, head):
    return [m for r, _, m in dangers(diff(base, head)) if r == "rbac"]


def test_a_new_wildcard_in_a_role_is_rbac_widened() -> None:
    rule = {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}
    old = obj("rbac.authorization.k8s.io/v1", "ClusterRole", "reader", namespace=None, rules=[rule])
    wide = edited(old, "rules[0].verbs", ["*"])
    [message] = rbac([old], [wide])
    assert message.startswith("RBAC widened: new '*' in verbs of rule ")
    assert rbac([wide], [edited(wide, "metadata.labels", {"a": "b"})]) == []
    assert len(rbac([], [edited(old, "rules[0].resources", ["*"])])) == 1


def test_a_new_binding_to_cluster_admin_is_rbac_widened() -> None:
    binding = obj(
        "rbac.authorization.k8s.io/v1",
        "ClusterRoleBinding",
        "ops",
        namespace=None,
        roleRef={
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "ClusterRole",
            "name": "cluster-admin",
        },
        subjects=[{"kind": "Group", "name": "ops"}],
    )
    assert rbac([], [binding]) == ["RBAC widened: a new binding to cluster-admin"]
    more = edited(
        binding,
        "subjects",
        [
            {"kind": "Group", "name": "ops"},
            {"kind": "ServiceAccount", "name": "ci", "namespace": "ci"},
        ],
    )
    assert rbac([binding], [more]) == [
        "RBAC widened: new subjects of a cluster-admin binding: ServiceAccount ci/ci"
    ]


def test_suspend_and_prune_turned_on() -> None:
    ks = obj(
        "kustomize.toolkit.fluxcd.io/v1",
        "Kustomization",
        "apps",
        namespace="flux-system",
        spec={"path": "./apps", "prune": False},
    )
    both = edited(edited(ks, "spec.suspend", True), "spec.prune", True)
    assert [(r, m) for r, _, m in dangers(diff([ks], [both]))] == [
        ("flux", "suspended: Flux stops reconciling it"),
        ("flux", "prune turned on: what leaves its path is deleted from the cluster from now on"),
    ]
    hr = obj("helm.toolkit.fluxcd.io/v2", "HelmRelease", "podinfo", spec={"interval": "1m"})
    assert [m for _, _, m in dangers(diff([hr], [edited(hr, "spec.suspend", True)]))] == [
        "suspended: Flux stops reconciling it"
    ]
    assert dangers(diff([both], [edited(both, "spec.interval", "5m")])) == []


def test_a_secret_type_and_a_priority_class_value_are_immutable() -> None:
    plain = obj("v1", "Secret", "s", stringData={"a": "b"})
    assert immutable(plain, edited(plain, "type", "Opaque")) == []  # the default, spelled out
    assert immutable(plain, edited(plain, "type", "kubernetes.io/tls")) == [
        "the API server refuses to change a Secret's type in place (immutable)"
    ]
    priority = obj("scheduling.k8s.io/v1", "PriorityClass", "high", namespace=None, value=1000)
    assert immutable(priority, edited(priority, "value", 2000)) == [
        "the API server refuses to change value in place (immutable)"
    ]
    assert immutable(priority, edited(priority, "description", "x")) == []
