"""The built-in apiVersions Kubernetes has removed: in which release, and what replaces them.

From Kubernetes' Deprecated API Migration Guide (kubernetes.io, "Deprecated API
Migration Guide"), which lists every removal of a beta API since 1.16 up to 1.32; the
later ones are read off the bundled schemas (an apiVersion one bundled release serves
and the next does not; a test keeps the table complete), and 1.36 removed no beta API.
Alpha APIs fall outside the deprecation policy and are not listed:
`kubernetes-schema-violation` reports one a release no longer serves and names the
version it serves instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Removal:
    """One apiVersion of one kind that a release stopped serving."""

    api_version: str
    kind: str
    removed_in: str
    replacement: str | None  # the apiVersion to use instead; None when the API is gone
    note: str = ""


def _each(
    api_versions: str, kinds: str, removed_in: str, replacement: str | None, note: str = ""
) -> list[Removal]:
    return [
        Removal(api_version, kind, removed_in, replacement, note)
        for api_version in api_versions.split()
        for kind in kinds.split()
    ]


REMOVALS: tuple[Removal, ...] = tuple(
    [
        *_each(
            "extensions/v1beta1 apps/v1beta1 apps/v1beta2",
            "Deployment",
            "1.16",
            "apps/v1",
            "`spec.selector` is required and immutable in apps/v1",
        ),
        *_each(
            "extensions/v1beta1 apps/v1beta2",
            "DaemonSet ReplicaSet",
            "1.16",
            "apps/v1",
            "`spec.selector` is required and immutable in apps/v1",
        ),
        *_each("apps/v1beta1 apps/v1beta2", "StatefulSet ControllerRevision", "1.16", "apps/v1"),
        *_each("extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"),
        *_each("extensions/v1beta1", "PodSecurityPolicy", "1.16", "policy/v1beta1"),
        *_each(
            "admissionregistration.k8s.io/v1beta1",
            "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
            "1.22",
            "admissionregistration.k8s.io/v1",
        ),
        *_each(
            "apiextensions.k8s.io/v1beta1",
            "CustomResourceDefinition",
            "1.22",
            "apiextensions.k8s.io/v1",
            "a structural `schema` is required per version",
        ),
        *_each("apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1"),
        *_each("authentication.k8s.io/v1beta1", "TokenReview", "1.22", "authentication.k8s.io/v1"),
        *_each(
            "authorization.k8s.io/v1beta1",
            "SubjectAccessReview LocalSubjectAccessReview SelfSubjectAccessReview",
            "1.22",
            "authorization.k8s.io/v1",
        ),
        *_each(
            "certificates.k8s.io/v1beta1",
            "CertificateSigningRequest",
            "1.22",
            "certificates.k8s.io/v1",
        ),
        *_each("coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1"),
        *_each(
            "extensions/v1beta1 networking.k8s.io/v1beta1",
            "Ingress",
            "1.22",
            "networking.k8s.io/v1",
            "backends become `service.name` and `service.port.number`; `pathType` is required",
        ),
        *_each("networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1"),
        *_each(
            "rbac.authorization.k8s.io/v1beta1",
            "ClusterRole ClusterRoleBinding Role RoleBinding",
            "1.22",
            "rbac.authorization.k8s.io/v1",
        ),
        *_each("scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1"),
        *_each(
            "storage.k8s.io/v1beta1",
            "CSIDriver CSINode StorageClass VolumeAttachment",
            "1.22",
            "storage.k8s.io/v1",
        ),
        *_each("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
        *_each("discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1"),
        *_each("events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"),
        *_each("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2"),
        *_each(
            "policy/v1beta1",
            "PodDisruptionBudget",
            "1.25",
            "policy/v1",
            "an empty `spec.selector` selects every pod in the namespace in policy/v1",
        ),
        *_each(
            "policy/v1beta1",
            "PodSecurityPolicy",
            "1.25",
            None,
            "use Pod Security Admission (namespace labels `pod-security.kubernetes.io/*`)",
        ),
        *_each("node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1"),
        *_each(
            "flowcontrol.apiserver.k8s.io/v1beta1",
            "FlowSchema PriorityLevelConfiguration",
            "1.26",
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        *_each("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
        *_each("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"),
        *_each(
            "flowcontrol.apiserver.k8s.io/v1beta2",
            "FlowSchema PriorityLevelConfiguration",
            "1.29",
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        *_each(
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "FlowSchema PriorityLevelConfiguration",
            "1.32",
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        *_each(
            "authentication.k8s.io/v1beta1", "SelfSubjectReview", "1.33", "authentication.k8s.io/v1"
        ),
        *_each(
            "admissionregistration.k8s.io/v1beta1",
            "ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding",
            "1.34",
            "admissionregistration.k8s.io/v1",
        ),
        *_each(
            "networking.k8s.io/v1beta1", "IPAddress ServiceCIDR", "1.37", "networking.k8s.io/v1"
        ),
        *_each("storage.k8s.io/v1beta1", "VolumeAttributesClass", "1.37", "storage.k8s.io/v1"),
    ]
)
_BY_KEY = {(r.api_version, r.kind): r for r in REMOVALS}


def _minor(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def removal(api_version: str, kind: str, minor: str) -> Removal | None:
    """How `kind` at `api_version` was removed by Kubernetes `minor`, or None if it was not."""
    found = _BY_KEY.get((api_version, kind))
    if found is None or _minor(found.removed_in) > _minor(minor):
        return None
    return found
