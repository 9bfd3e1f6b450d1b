"""Validating what `add` puts into Flux objects: intervals, URLs, charts, versions, valuesFrom."""

from __future__ import annotations

import re

from scaffold.authoring.manifests import ValuesFrom
from scaffold.authoring.versions import check_version
from scaffold.errors import UsageError
from scaffold.repository.names import is_secret_key, validate_name
from scaffold.repository.urls import refuse_credentials

# A Go duration as Flux parses `interval` (1m, 10m0s, 1h30m).
GO_DURATION = re.compile(r"([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+")
CHART_NAME = re.compile(r"[a-z0-9]([-a-z0-9._]*[a-z0-9])?")
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
            hint="use an https:// (or http://) chart repository or an oci:// registry URL",
        )
    is_oci = value.startswith("oci://")
    if oci and not is_oci:
        raise UsageError(f"--oci needs an oci:// URL, got {value!r}")
    return is_oci


def url_warnings(url: str) -> list[str]:
    """What to tell the user about a URL Flux accepts but that may surprise them."""
    if url.startswith("http://"):
        return [
            "the repository URL uses http://: charts and their index travel unencrypted "
            "and unauthenticated; Flux accepts it, but prefer https:// where the server offers it"
        ]
    return []


def validate_chart(chart: str, version: str, *, allow_range: bool = False) -> bool:
    """Refuse a chart name that is not a plain token (it names the file) and a version that is
    not exact SemVer (a range only with `allow_range`); return whether the version is exact."""
    if not CHART_NAME.fullmatch(chart):
        raise UsageError(
            f"invalid chart name {chart!r}", hint="chart names are lowercase letters, digits, '-'"
        )
    return check_version(version, allow_range=allow_range)


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
