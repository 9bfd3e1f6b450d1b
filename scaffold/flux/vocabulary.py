"""Flux's vocabulary, spelled once: API groups, the kinds commands reason about, what
`flux bootstrap` names and writes, and what an exact chart version is."""

from __future__ import annotations

import re

SOURCE_GROUP = "source.toolkit.fluxcd.io"
KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io"
HELM_GROUP = "helm.toolkit.fluxcd.io"
IMAGE_GROUP = "image.toolkit.fluxcd.io"
NOTIFICATION_GROUP = "notification.toolkit.fluxcd.io"
# kustomize's own kustomization.yaml (not a Flux Kustomization)
KUSTOMIZE_CONFIG_GROUP = "kustomize.config.k8s.io"

# The current API versions of what `add` writes.
HELM_REPOSITORY_API = f"{SOURCE_GROUP}/v1"
HELM_RELEASE_API = f"{HELM_GROUP}/v2"

# What `flux bootstrap` names its namespace, source and root Kustomization, and the files
# it commits under `<sync path>/flux-system/`.
FLUX_SYSTEM = "flux-system"
GOTK_COMPONENTS = "gotk-components.yaml"
GOTK_SYNC = "gotk-sync.yaml"
GOTK_KUSTOMIZATION = "kustomization.yaml"
GOTK_FILES = (GOTK_COMPONENTS, GOTK_SYNC, GOTK_KUSTOMIZATION)

# Where a HelmRelease's chart can come from (spec.chart.spec.sourceRef, spec.chartRef).
CHART_SOURCE_KINDS = ("HelmRepository", "GitRepository", "Bucket", "OCIRepository", "HelmChart")
# What a cluster's root Kustomization syncs from (a FluxInstance may name any of them).
SYNC_SOURCE_KINDS = ("GitRepository", "OCIRepository", "Bucket")

# SemVer 2.0.0 (semver.org's regular expression), with the `v` prefix Helm tolerates: the
# one meaning of "an exact chart version" (Flux reads anything else as a constraint).
_IDENT = r"(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"
SEMVER = re.compile(
    r"v?(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)"
    rf"(?:-{_IDENT}(?:\.{_IDENT})*)?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
)


def is_exact_version(version: str) -> bool:
    """Whether `version` names one chart version (SemVer 2, optional `v`)."""
    return SEMVER.fullmatch(version) is not None
