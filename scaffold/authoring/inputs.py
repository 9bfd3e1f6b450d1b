"""Validating what `add` puts into Flux objects: intervals, URLs, charts, versions, valuesFrom."""

from __future__ import annotations

import re

from scaffold.authoring.manifests import ValuesFrom
from scaffold.errors import UsageError
from scaffold.repository.names import is_secret_key, validate_name
from scaffold.repository.urls import refuse_credentials

# A Go duration as Flux parses `interval` (1m, 10m0s, 1h30m).
GO_DURATION = re.compile(r"([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+")
CHART_NAME = re.compile(r"[a-z0-9]([-a-z0-9._]*[a-z0-9])?")
# An exact version or a semver range without spaces; it becomes part of a file name.
CHART_VERSION = re.compile(r"v?[0-9A-Za-z][0-9A-Za-z.+_-]*")
URL_SCHEMES = ("https://", "http://", "oci://")
# Helm's --set path syntax: dotted keys, list indexes, escaped dots.
TARGET_PATH = re.compile(r"[A-Za-z0-9_\-\[\]\\.]+")


def validate_interval(value: str) -> str:
    """Return `value` when Flux accepts it as an interval."""
    if not GO_DURATION.fullmatch(value):
        raise UsageError(
            f"invalid interval {value!r}", hint="use a duration such as 10m, 1h or 30s"
        )
    return value


def validate_url(value: str, *, oci: bool) -> bool:
    """Return whether `value` is an OCI registry URL; refuse other schemes and credentials."""
    refuse_credentials(
        value,
        "--url",
        hint="drop them from the URL; give them to Flux in a Secret named by the "
        "repository's spec.secretRef",
    )
    if not value.startswith(URL_SCHEMES) or any(ch.isspace() for ch in value):
        raise UsageError(
            f"invalid repository URL {value!r}",
            hint="use an https:// chart repository or an oci:// registry URL",
        )
    is_oci = value.startswith("oci://")
    if oci and not is_oci:
        raise UsageError(f"--oci needs an oci:// URL, got {value!r}")
    return is_oci


def validate_chart(chart: str, version: str) -> None:
    """Refuse chart names and versions that are not plain tokens (they name the file)."""
    if not CHART_NAME.fullmatch(chart):
        raise UsageError(
            f"invalid chart name {chart!r}", hint="chart names are lowercase letters, digits, '-'"
        )
    if not CHART_VERSION.fullmatch(version):
        raise UsageError(
            f"invalid chart version {version!r}",
            hint="give an exact version such as 1.2.3 (it becomes part of the file name)",
        )


def parse_secret_value(spec: str) -> ValuesFrom:
    """`SECRET[:KEY[=TARGET_PATH]]` as a valuesFrom entry (KEY defaults to values.yaml)."""
    secret, _, rest = spec.partition(":")
    key, _, target = rest.partition("=")
    validate_name(secret, "Secret name in --secret-value")
    if rest and not is_secret_key(key):
        raise UsageError(
            f"invalid Secret key {key!r} in --secret-value {spec!r}",
            hint="use SECRET:KEY=TARGET.PATH, e.g. grafana-admin:password=adminPassword",
        )
    if "=" in rest and not TARGET_PATH.fullmatch(target):
        raise UsageError(
            f"invalid target path {target!r} in --secret-value {spec!r}",
            hint="use a dotted values path such as auth.password",
        )
    return ValuesFrom(secret, key or None, target or None)
