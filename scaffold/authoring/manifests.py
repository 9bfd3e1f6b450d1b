"""The documents we write, built in the key order `flux --export` and kubeseal use.

Flux and kubeseal serialise through JSON, so their keys come out sorted; we
build each document in that order and dump without re-sorting, so a user's
inline values keep the order they were written in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from scaffold.flux.vocabulary import HELM_RELEASE_API, HELM_REPOSITORY_API
from scaffold.sealing.scopes import SCOPE_ANNOTATIONS, Scope

SEALED_SECRET_API = "bitnami.com/v1alpha1"


@dataclass(frozen=True)
class ValuesFrom:
    """One `spec.valuesFrom` entry reading a key of a Secret."""

    secret: str
    values_key: str | None = None
    target_path: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The entry as HelmRelease wants it (sorted keys, like flux)."""
        entry = {"kind": "Secret", "name": self.secret}
        if self.target_path:
            entry["targetPath"] = self.target_path
        if self.values_key:
            entry["valuesKey"] = self.values_key
        return entry


def helm_repository(
    name: str, namespace: str, url: str, interval: str, oci: bool
) -> dict[str, Any]:
    """A HelmRepository, `type: oci` for an OCI registry."""
    spec: dict[str, Any] = {"interval": interval}
    if oci:
        spec["type"] = "oci"
    spec["url"] = url
    return {
        "apiVersion": HELM_REPOSITORY_API,
        "kind": "HelmRepository",
        "metadata": {"name": name, "namespace": namespace},
        "spec": spec,
    }


@dataclass(frozen=True)
class ReleaseSpec:
    """What `add release` was asked for, resolved."""

    name: str
    namespace: str
    chart: str
    version: str
    repository: str
    repository_namespace: str
    interval: str
    target_namespace: str | None = None
    create_target_namespace: bool = False
    values: Mapping[str, Any] | None = None
    values_from: Sequence[ValuesFrom] = ()
    # "OCIRepository": the chart comes from that source through `spec.chartRef`.
    chart_ref: str | None = None


def helm_release(release: ReleaseSpec) -> dict[str, Any]:
    """A HelmRelease whose chart comes from a HelmRepository, or from `chart_ref`."""
    source_ref = {
        "kind": release.chart_ref or "HelmRepository",
        "name": release.repository,
        "namespace": release.repository_namespace,
    }
    spec: dict[str, Any]
    if release.chart_ref is not None:
        spec = {"chartRef": source_ref, "interval": release.interval}
    else:
        chart = {
            "chart": release.chart,
            "reconcileStrategy": "ChartVersion",
            "sourceRef": source_ref,
            "version": release.version,
        }
        spec = {"chart": {"spec": chart}, "interval": release.interval}
    if release.target_namespace and release.create_target_namespace:
        spec["install"] = {"createNamespace": True}
    if release.target_namespace:
        spec["targetNamespace"] = release.target_namespace
    if release.values:
        spec["values"] = dict(release.values)
    if release.values_from:
        spec["valuesFrom"] = [entry.as_dict() for entry in release.values_from]
    return {
        "apiVersion": HELM_RELEASE_API,
        "kind": "HelmRelease",
        "metadata": {"name": release.name, "namespace": release.namespace},
        "spec": spec,
    }


def _secret_meta(name: str, namespace: str, scope: Scope) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if scope in SCOPE_ANNOTATIONS:
        meta["annotations"] = {SCOPE_ANNOTATIONS[scope]: "true"}
    meta.update({"creationTimestamp": None, "name": name, "namespace": namespace})
    return meta


def sealed_secret(
    name: str, namespace: str, scope: Scope, encrypted: Mapping[str, str]
) -> dict[str, Any]:
    """A SealedSecret shaped like `kubeseal --format=yaml` output for an Opaque Secret."""
    return {
        "apiVersion": SEALED_SECRET_API,
        "kind": "SealedSecret",
        "metadata": _secret_meta(name, namespace, scope),
        "spec": {
            "encryptedData": {key: encrypted[key] for key in sorted(encrypted)},
            "template": {"metadata": _secret_meta(name, namespace, scope), "type": "Opaque"},
        },
    }


class GoStyleDumper(yaml.SafeDumper):
    """Quote strings that would read as another type with double quotes, as Go's YAML does
    (kubeseal writes `sealedsecrets.bitnami.com/cluster-wide: "true"`)."""


ODD_LINE_BREAKS = "\r\x85\u2028\u2029"


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # types-PyYAML leaves Resolver.resolve untyped.
    resolved = dumper.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    style: str | None = None
    if any(ch in value for ch in ODD_LINE_BREAKS):
        style = '"'  # PyYAML would write them raw, and a reader would turn them into spaces
    elif "\n" in value:
        style = "|"  # PyYAML falls back to quoting when a block cannot hold the string
    elif resolved != "tag:yaml.org,2002:str":
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


GoStyleDumper.add_representer(str, _represent_str)


def dump(document: Mapping[str, Any], *, explicit_start: bool = True) -> str:
    """YAML text of one document, keys in the order built, long strings unwrapped."""
    return yaml.dump(
        dict(document),
        Dumper=GoStyleDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        explicit_start=explicit_start,
        width=2**31 - 1,
    )
