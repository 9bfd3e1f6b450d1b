"""Flux API versions: the current one per kind and when each older one was removed.

The one table `deprecated-api-version` and its fix read. A version removed in a
Flux release later than the one configured is only deprecated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffold.flux.vocabulary import (
    HELM_GROUP,
    IMAGE_GROUP,
    KUSTOMIZE_GROUP,
    NOTIFICATION_GROUP,
    SOURCE_GROUP,
)
from scaffold.model.findings import RawFinding, TextEdit
from scaffold.model.schemas.bundle import DEFAULT_FLUX_MINOR

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document

SOURCE = SOURCE_GROUP
KUSTOMIZE = KUSTOMIZE_GROUP
HELM = HELM_GROUP
IMAGE = IMAGE_GROUP
NOTIFICATION = NOTIFICATION_GROUP

# The newest Flux release whose schemas are bundled: one default for every rule.
CURRENT_FLUX = DEFAULT_FLUX_MINOR

_BETA_UNTIL_28 = {"v1beta1": "2.7", "v1beta2": "2.8"}
_BETA_UNTIL_29 = {"v1beta1": "2.7", "v1beta2": "2.9"}

# (group, kind) -> (current version, {old version: Flux release that removed it})
TABLE: dict[tuple[str, str], tuple[str, dict[str, str]]] = {
    **{
        (SOURCE, kind): ("v1", _BETA_UNTIL_28)
        for kind in ("GitRepository", "HelmRepository", "HelmChart", "Bucket", "OCIRepository")
    },
    (KUSTOMIZE, "Kustomization"): ("v1", _BETA_UNTIL_28),
    (HELM, "HelmRelease"): ("v2", {"v2beta1": "2.7", "v2beta2": "2.8"}),
    **{
        (IMAGE, kind): ("v1", _BETA_UNTIL_29)
        for kind in ("ImageRepository", "ImagePolicy", "ImageUpdateAutomation")
    },
    (NOTIFICATION, "Receiver"): ("v1", _BETA_UNTIL_29),
    (NOTIFICATION, "Alert"): ("v1beta3", _BETA_UNTIL_29),
    (NOTIFICATION, "Provider"): ("v1beta3", _BETA_UNTIL_29),
}


@dataclass(frozen=True)
class Outdated:
    """An outdated apiVersion: what replaces it, and whether Flux already removed it."""

    current: str
    removed_in: str
    removed: bool


def release(version: str) -> tuple[int, ...]:
    """A Flux release such as "2.8" as a comparable tuple."""
    return tuple(int(part) for part in version.strip().lstrip("v").split(".") if part.isdigit())


def outdated(api_version: str, kind: str, flux_version: str = CURRENT_FLUX) -> Outdated | None:
    """How `api_version` of `kind` is outdated for `flux_version`, or None when it is current."""
    group, _, version = api_version.rpartition("/")
    entry = TABLE.get((group, kind))
    if entry is None or version not in entry[1]:
        return None
    current, old = entry
    removed_in = old[version]
    return Outdated(
        current=f"{group}/{current}",
        removed_in=removed_in,
        removed=release(removed_in) <= release(flux_version),
    )


def outdated_finding(
    rule: str, path: str, doc: Document, flux_version: str, subject: str
) -> RawFinding | None:
    """The finding, with its one-line rewrite, for `doc`'s apiVersion if Flux dropped it.

    `subject` opens the message: the kind, or "patch of <kind>" for a patch file.
    """
    if not doc.api_version or not doc.kind or doc.api_version_pos is None:
        return None
    return version_finding(rule, path, (doc.api_version, doc.kind, doc.api_version_pos),
                           flux_version, subject)  # fmt: skip


def version_finding(
    rule: str,
    path: str,
    named: tuple[str, str, tuple[int, int]],
    flux_version: str,
    subject: str,
) -> RawFinding | None:
    """The finding, with its one-line rewrite, for an (apiVersion, kind, position) that
    Flux dropped; `subject` opens the message."""
    api_version, kind, where = named
    found = outdated(api_version, kind, flux_version)
    if found is None:
        return None
    status = "removed in" if found.removed else "deprecated, to be removed in"
    return RawFinding(
        rule,
        path,
        *where,
        f"{subject} uses `{api_version}`, {status} Flux {found.removed_in}",
        f"use `apiVersion: {found.current}` (`gitops-scaffold lint --fix` rewrites it)",
        fixes=(TextEdit(path, *where, api_version, found.current),),
        level="error" if found.removed else "warning",
    )
