"""What Kubernetes accepts as an object name, a namespace and a Secret data key."""

from __future__ import annotations

import re

from scaffold.errors import UsageError

# RFC 1123 subdomain: what most objects (Secrets, HelmReleases, ...) may be named.
DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
# RFC 1123 label: what a namespace may be named.
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
# The keys of a Secret's `data`.
SECRET_KEY = re.compile(r"[-._a-zA-Z0-9]+")


def validate_name(value: str, what: str = "name") -> str:
    """Return `value` when it is a valid object name, else raise UsageError."""
    if len(value) > 253 or not DNS_SUBDOMAIN.fullmatch(value):
        raise UsageError(
            f"invalid {what} {value!r}: not a Kubernetes object name",
            hint="use lowercase letters, digits, '-' and '.', starting and ending "
            "with a letter or digit (at most 253 characters)",
        )
    return value


def validate_namespace(value: str) -> str:
    """Return `value` when it is a valid namespace name, else raise UsageError."""
    if not DNS_LABEL.fullmatch(value):
        raise UsageError(
            f"invalid namespace {value!r}: not a Kubernetes namespace name",
            hint="use lowercase letters, digits and '-', at most 63 characters",
        )
    return value


def is_secret_key(value: str) -> bool:
    """Whether `value` may be a key of a Secret's data."""
    return len(value) <= 253 and value not in (".", "..") and bool(SECRET_KEY.fullmatch(value))
