"""Sealing scopes: where a sealed value may be unsealed, and the OAEP label that binds it.

Kept apart from `scaffold.sealing.encrypt` so building documents and parsing the
command line do not import the cryptography library.
"""

from __future__ import annotations

import enum


class Scope(str, enum.Enum):
    """Where a sealed value may be unsealed."""

    STRICT = "strict"
    NAMESPACE_WIDE = "namespace-wide"
    CLUSTER_WIDE = "cluster-wide"


SCOPE_ANNOTATIONS = {
    Scope.NAMESPACE_WIDE: "sealedsecrets.bitnami.com/namespace-wide",
    Scope.CLUSTER_WIDE: "sealedsecrets.bitnami.com/cluster-wide",
}


def encryption_label(namespace: str, name: str, scope: Scope) -> bytes:
    """The OAEP label: `namespace/name` (strict), `namespace` (namespace-wide) or empty."""
    if scope is Scope.CLUSTER_WIDE:
        return b""
    if scope is Scope.NAMESPACE_WIDE:
        return namespace.encode()
    return f"{namespace}/{name}".encode()
