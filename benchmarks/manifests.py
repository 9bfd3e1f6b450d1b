"""Text of the synthetic manifests: one HelmRepository, HelmRelease and SealedSecret per component.

Everything is drawn from a `random.Random` the caller seeds, and rendered by hand
rather than with `yaml.dump`, which would take longer than the linter we measure.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass

CHARTS = (
    "podinfo", "redis", "postgresql", "ingress-nginx", "cert-manager", "grafana", "loki",
    "tempo", "prometheus", "external-dns", "velero", "vault", "keycloak", "rabbitmq",
    "kafka", "minio", "harbor", "argo-workflows", "opensearch", "memcached",
)
REPOSITORIES = (
    ("bitnami", "https://charts.bitnami.com/bitnami"),
    ("grafana", "https://grafana.github.io/helm-charts"),
    ("jetstack", "https://charts.jetstack.io"),
    ("prometheus-community", "https://prometheus-community.github.io/helm-charts"),
    ("podinfo", "oci://ghcr.io/stefanprodan/charts"),
    ("hashicorp", "https://helm.releases.hashicorp.com"),
    ("vmware-tanzu", "https://vmware-tanzu.github.io/helm-charts"),
    ("ingress-nginx", "https://kubernetes.github.io/ingress-nginx"),
)
TOP_KEYS = (
    "replicaCount", "image", "imagePullSecrets", "nameOverride", "fullnameOverride",
    "serviceAccount", "podAnnotations", "podLabels", "podSecurityContext", "securityContext",
    "service", "ingress", "resources", "autoscaling", "nodeSelector", "tolerations",
    "affinity", "persistence", "metrics", "serviceMonitor", "prometheusRule", "env",
    "extraArgs", "extraVolumes", "extraVolumeMounts", "livenessProbe", "readinessProbe",
    "startupProbe", "config", "logging", "tls", "networkPolicy", "podDisruptionBudget",
    "updateStrategy", "priorityClassName", "topologySpreadConstraints", "initContainers",
    "sidecars", "rbac", "global", "auth", "backup", "cluster", "storage", "dashboards",
)
SUB_KEYS = (
    "enabled", "annotations", "labels", "repository", "tag", "pullPolicy", "limits",
    "requests", "cpu", "memory", "type", "port", "targetPort", "nodePort", "className",
    "hosts", "path", "pathType", "size", "storageClass", "accessModes", "interval",
    "scrapeTimeout", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage",
    "runAsUser", "runAsGroup", "fsGroup", "readOnlyRootFilesystem", "level", "format",
    "secretName", "create", "name", "retention", "schedule", "timeout", "periodSeconds",
    "failureThreshold", "initialDelaySeconds", "registry", "digest", "selector",
)
WORDS = ("alpha", "bravo", "delta", "echo", "kilo", "lima", "oscar", "sierra", "tango", "zulu")
SECRET_KEYS = ("password", "api-key", "client-secret", "token")
FIXED_NAMESPACE = "flux-system"


@dataclass(frozen=True)
class Component:
    """One component of one cluster: the names its three manifests use and share."""

    chart: str
    release: str
    namespace: str
    version: str
    repository: str
    url: str

    @property
    def secret(self) -> str:
        """Name of the SealedSecret (and of the Secret it unseals) the release reads values from."""
        return f"{self.release}-values"


def make_component(rng: random.Random, index: int) -> Component:
    """The names of component `index`; the suffix keeps them unique within a cluster."""
    chart = CHARTS[index % len(CHARTS)]
    repo, url = REPOSITORIES[rng.randrange(len(REPOSITORIES))]
    release = f"{chart}-{index:04d}"
    version = f"{rng.randint(0, 40)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"
    return Component(chart, release, release, version, f"{repo}-{index:04d}", url)


def helm_repository(c: Component, api_version: str = "source.toolkit.fluxcd.io/v1") -> str:
    """A HelmRepository in flux-system; OCI registries get `type: oci`."""
    oci = "  type: oci\n" if c.url.startswith("oci://") else ""
    return (
        f"apiVersion: {api_version}\nkind: HelmRepository\nmetadata:\n"
        f"  name: {c.repository}\n  namespace: {FIXED_NAMESPACE}\n"
        f"spec:\n  interval: 1h\n{oci}  url: {c.url}\n"
    )


def _scalar(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return str(rng.randint(0, 65535))
    if roll < 0.35:
        return rng.choice(("true", "false"))
    if roll < 0.5:
        return f'"{rng.choice(("100m", "250m", "1", "2"))}"'
    if roll < 0.6:
        return f"{rng.choice((64, 128, 256, 512, 1024))}Mi"
    if roll < 0.7:
        return f'"{rng.choice(WORDS)}.{rng.choice(WORDS)}.example.com"'
    if roll < 0.8:
        return f"{rng.randint(5, 120)}s"
    return "-".join(rng.sample(WORDS, rng.randint(1, 3)))


def _block(rng: random.Random, indent: str, depth: int, lines: list[str]) -> None:
    """Append a mapping of 2-8 keys; nested mappings and lists stop at `depth` 3."""
    for key in rng.sample(SUB_KEYS, rng.randint(2, 8)):
        roll = rng.random()
        if depth < 3 and roll < 0.3:
            lines.append(f"{indent}{key}:")
            _block(rng, indent + "  ", depth + 1, lines)
        elif roll < 0.4:
            lines.append(f"{indent}{key}:")
            lines.extend(f"{indent}  - {_scalar(rng)}" for _ in range(rng.randint(1, 4)))
        else:
            lines.append(f"{indent}{key}: {_scalar(rng)}")


def _values(rng: random.Random) -> list[str]:
    lines: list[str] = []
    for key in rng.sample(TOP_KEYS, rng.randint(10, 40)):
        roll = rng.random()
        if roll < 0.2:
            lines.append(f"    {key}: {_scalar(rng)}")
        elif roll < 0.3:
            lines.append(f"    {key}:")
            for _ in range(rng.randint(1, 3)):
                lines.append(f"      - name: {rng.choice(WORDS).upper()}_{rng.randint(1, 99)}")
                lines.append(f"        value: {_scalar(rng)}")
        elif roll < 0.35:
            lines.append(f"    {key}: |")
            lines.extend(f"      {rng.choice(WORDS)} = {_scalar(rng)}" for _ in range(8))
        else:
            lines.append(f"    {key}:")
            _block(rng, "      ", 2, lines)
    return lines


def helm_release(
    rng: random.Random, c: Component, api_version: str = "helm.toolkit.fluxcd.io/v2"
) -> str:
    """A HelmRelease of `c`'s chart from `c`'s repository, with values inline and from a Secret."""
    head = (
        f"apiVersion: {api_version}\nkind: HelmRelease\nmetadata:\n"
        f"  name: {c.release}\n  namespace: {c.namespace}\n"
        f"spec:\n  interval: 10m\n  releaseName: {c.release}\n"
        f"  chart:\n    spec:\n      chart: {c.chart}\n      version: \"{c.version}\"\n"
        f"      sourceRef:\n        kind: HelmRepository\n        name: {c.repository}\n"
        f"        namespace: {FIXED_NAMESPACE}\n      interval: 1h\n"
        "  install:\n    createNamespace: true\n    remediation:\n      retries: 3\n"
        "  upgrade:\n    remediation:\n      retries: 3\n"
        f"  valuesFrom:\n    - kind: Secret\n      name: {c.secret}\n      valuesKey: values.yaml\n"
        "  values:\n"
    )
    return head + "\n".join(_values(rng)) + "\n"


def sealed_secret(rng: random.Random, c: Component) -> str:
    """A strict-scope SealedSecret of 0.3-1.2 KB of ciphertext, split over 1-3 keys."""
    keys = ["values.yaml", *rng.sample(SECRET_KEYS, rng.randint(0, 2))]
    total = rng.randint(300, 1200)
    data = []
    for i, key in enumerate(keys):
        share = total // len(keys) + (total % len(keys) if i == 0 else 0)
        raw = rng.randbytes(share * 3 // 4)
        data.append(f"    {key}: {base64.b64encode(raw).decode('ascii')}")
    return (
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n"
        f"  name: {c.secret}\n  namespace: {c.namespace}\n"
        "spec:\n  encryptedData:\n" + "\n".join(data) + "\n"
        f"  template:\n    metadata:\n      name: {c.secret}\n      namespace: {c.namespace}\n"
        "    type: Opaque\n"
    )
