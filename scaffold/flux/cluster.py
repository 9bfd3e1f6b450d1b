"""Which cluster, and which Flux namespace in it, every flux call of one command talks to.

`flux bootstrap`, `flux check`, `flux get` and `flux export` must all see the same
cluster and namespace, or a bootstrap would be checked against another cluster than
the one it changed. So they are chosen once, here, and given to every call.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import UsageError

DEFAULT_NAMESPACE = "flux-system"
# flux reads its default namespace from this variable (cmd/flux/main.go).
NAMESPACE_VARIABLE = "FLUX_SYSTEM_NAMESPACE"
# A Kubernetes namespace name: an RFC 1123 DNS label, as flux checks it.
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\Z")


@dataclass(frozen=True)
class FluxCluster:
    """The kube context, kubeconfig and Flux namespace given by the user ("" = flux's default)."""

    context: str = ""
    kubeconfig: str = ""
    namespace: str = ""

    @property
    def flux_namespace(self) -> str:
        """The namespace flux installs to and names its sync objects after."""
        return self.namespace or os.environ.get(NAMESPACE_VARIABLE) or DEFAULT_NAMESPACE

    def flags(self) -> list[str]:
        """The global flux flags that select this cluster and namespace."""
        chosen = [("--context", self.context), ("--kubeconfig", self.kubeconfig),
                  ("--namespace", self.namespace)]
        return [f"{flag}={value}" for flag, value in chosen if value]


def flux_cluster(
    context: str | None, kubeconfig: str | Path | None, namespace: str | None
) -> FluxCluster:
    """A FluxCluster from command-line options; raise UsageError for an invalid namespace."""
    name = (namespace or "").strip()
    if name and not DNS_LABEL.match(name):
        raise UsageError(
            f"--namespace {name!r} is not a valid namespace name",
            hint="use lowercase letters, digits and '-', at most 63 characters",
        )
    config = str(Path(kubeconfig).expanduser()) if kubeconfig else ""
    return FluxCluster((context or "").strip(), config, name)
