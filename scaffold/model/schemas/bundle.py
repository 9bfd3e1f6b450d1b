"""The bundled CRD schemas, loaded one file at a time on first use."""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
FLUX_MINORS = ("2.8", "2.9")
DEFAULT_FLUX_MINOR = "2.9"
# Groups not shipped by Flux, versioned on their own and valid under every Flux minor.
EXTRA_FILES = {"bitnami.com": "sealed-secrets.json"}

Schema = dict[str, Any]
# flux-operator installs Flux with the Alert and Receiver CRDs patched so that they accept
# its own kinds (controlplaneio-fluxcd/flux-operator, internal/builder/templates.go,
# notificationPatchTmpl): alerting on a FluxInstance is valid on such a cluster.
OPERATOR_KINDS = ("FluxInstance", "ResourceSet", "ResourceSetInputProvider")
OPERATOR_ENUMS = {
    ("notification.toolkit.fluxcd.io", "Alert"): "eventSources",
    ("notification.toolkit.fluxcd.io", "Receiver"): "resources",
}
# "2.9", "v2.9", "2.9.4", "v2.9.x": a release named by its minor, with or without a patch.
_RELEASE = re.compile(r"v?(\d+)\.(\d+)(?:\.(?:\d+|x))?")


class UnknownFluxMinor(ValueError):
    """A Flux minor version the bundle has no schemas for."""


def minor_of(version: str) -> str:
    """The bundled Flux minor that `version` names; UnknownFluxMinor when there is none."""
    match = _RELEASE.fullmatch(version.strip())
    minor = f"{int(match[1])}.{int(match[2])}" if match else version
    if minor not in FLUX_MINORS:
        raise UnknownFluxMinor(f"no schemas for Flux {version}; known: {', '.join(FLUX_MINORS)}")
    return minor


@cache
def load_file(name: str) -> dict[str, Any]:
    """One bundle file, parsed once."""
    with (DATA / name).open(encoding="utf-8") as stream:
        document: dict[str, Any] = json.load(stream)
    return document


def file_for(flux_minor: str, api_version: str) -> str:
    """The bundle file holding schemas of this apiVersion under this Flux minor."""
    if flux_minor not in FLUX_MINORS:
        raise UnknownFluxMinor(f"no schemas for Flux {flux_minor}; known: {', '.join(FLUX_MINORS)}")
    group = api_version.rpartition("/")[0]
    return EXTRA_FILES.get(group, f"flux-{flux_minor}.json")


@lru_cache(maxsize=256)
def load_schema(flux_minor: str, api_version: str, kind: str) -> Schema | None:
    """The schema of kind at apiVersion, or None when that Flux release does not serve it."""
    schemas = load_file(file_for(flux_minor, api_version))["schemas"]
    schema: Schema | None = schemas.get(api_version, {}).get(kind)
    field = OPERATOR_ENUMS.get((api_version.rpartition("/")[0], kind))
    if schema is not None and field is not None:
        schema = _with_operator_kinds(schema, field)
    return schema


def _with_operator_kinds(schema: Schema, field: str) -> Schema:
    """A copy of schema whose `spec.<field>[].kind` enum also allows flux-operator's kinds."""
    copy: Schema = json.loads(json.dumps(schema))
    kind = copy["properties"]["spec"]["properties"][field]["items"]["properties"]["kind"]
    kind["enum"] = [*kind["enum"], *(k for k in OPERATOR_KINDS if k not in kind["enum"])]
    return copy


@cache
def groups(flux_minor: str) -> frozenset[str]:
    """The API groups that have schemas under this Flux minor, extra groups included."""
    return frozenset(api_version.rpartition("/")[0] for api_version, _ in served_kinds(flux_minor))


def deprecation(flux_minor: str, api_version: str, kind: str) -> str | None:
    """The CRD's deprecation warning when this version is served but deprecated."""
    deprecated: dict[str, str] = load_file(file_for(flux_minor, api_version))["deprecated"]
    return deprecated.get(f"{api_version}/{kind}")


def served_kinds(flux_minor: str) -> list[tuple[str, str]]:
    """Every (apiVersion, kind) with a schema under this Flux minor, extra groups included."""
    names = [file_for(flux_minor, ""), *sorted(set(EXTRA_FILES.values()))]
    return sorted(
        (api_version, kind)
        for name in names
        for api_version, kinds in load_file(name)["schemas"].items()
        for kind in kinds
    )


def provenance(name: str) -> dict[str, Any]:
    """Release, licence and source commits recorded in one bundle file."""
    document = load_file(name)
    return {k: document[k] for k in ("release", "licence", "copyright", "sources")}
