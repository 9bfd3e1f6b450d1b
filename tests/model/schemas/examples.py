"""A minimal correct manifest for every kind the bundle serves, keyed by (apiVersion, kind)."""

from __future__ import annotations

# As `flux create source helm podinfo --url=... --interval=5m --export` writes it.
HELM_REPOSITORY = """\
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 5m0s
  url: https://stefanprodan.github.io/charts/podinfo
"""
# As `flux create helmrelease podinfo --source=HelmRepository/podinfo --chart=podinfo --export`.
HELM_RELEASE = """\
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: flux-system
spec:
  chart:
    spec:
      chart: podinfo
      reconcileStrategy: ChartVersion
      sourceRef:
        kind: HelmRepository
        name: podinfo
      version: '*'
  interval: 5m0s
"""
# As `kubeseal --format yaml` writes it (creationTimestamp: null included).
SEALED_SECRET = """\
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  creationTimestamp: null
  name: podinfo-auth
  namespace: apps
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq
  template:
    metadata:
      creationTimestamp: null
      name: podinfo-auth
      namespace: apps
    type: Opaque
"""
IMAGE_REPOSITORY = """\
kind: ImageRepository
metadata: {name: podinfo, namespace: flux-system}
spec:
  image: ghcr.io/stefanprodan/podinfo
  interval: 5m
"""
IMAGE_POLICY = """\
kind: ImagePolicy
metadata: {name: podinfo, namespace: flux-system}
spec:
  imageRepositoryRef: {name: podinfo}
  policy:
    semver: {range: 6.x}
"""
IMAGE_UPDATE_AUTOMATION = """\
kind: ImageUpdateAutomation
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 30m
  sourceRef: {kind: GitRepository, name: flux-system}
  git:
    checkout: {ref: {branch: main}}
    commit:
      author: {email: fluxcdbot@users.noreply.github.com, name: fluxcdbot}
    push: {branch: main}
  update: {path: ./clusters/my-cluster, strategy: Setters}
"""
ALERT = """\
kind: Alert
metadata: {name: on-call, namespace: flux-system}
spec:
  providerRef: {name: slack}
  eventSeverity: error
  eventSources:
    - {kind: Kustomization, name: '*'}
"""
PROVIDER = """\
kind: Provider
metadata: {name: slack, namespace: flux-system}
spec:
  type: slack
  channel: general
  secretRef: {name: slack-url}
"""
RECEIVER = """\
kind: Receiver
metadata: {name: github, namespace: flux-system}
spec:
  type: github
  events: [ping, push]
  secretRef: {name: webhook-token}
  resources:
    - {kind: GitRepository, name: flux-system}
"""
KINDS = {
    ("source.toolkit.fluxcd.io/v1", "HelmRepository"): HELM_REPOSITORY,
    ("helm.toolkit.fluxcd.io/v2", "HelmRelease"): HELM_RELEASE,
    ("bitnami.com/v1alpha1", "SealedSecret"): SEALED_SECRET,
    ("source.toolkit.fluxcd.io/v1", "GitRepository"): """\
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 1m0s
  ref: {branch: main}
  secretRef: {name: flux-system}
  url: ssh://git@github.com/example/fleet
""",
    ("source.toolkit.fluxcd.io/v1", "OCIRepository"): """\
kind: OCIRepository
metadata: {name: podinfo, namespace: flux-system}
spec:
  interval: 10m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref: {semver: '>=6.0.0'}
""",
    ("source.toolkit.fluxcd.io/v1", "Bucket"): """\
kind: Bucket
metadata: {name: manifests, namespace: flux-system}
spec:
  interval: 5m
  provider: aws
  bucketName: manifests
  endpoint: s3.amazonaws.com
  region: us-east-1
""",
    ("source.toolkit.fluxcd.io/v1", "HelmChart"): """\
kind: HelmChart
metadata: {name: podinfo, namespace: flux-system}
spec:
  chart: podinfo
  version: 6.x
  interval: 10m
  sourceRef: {kind: HelmRepository, name: podinfo}
""",
    ("source.toolkit.fluxcd.io/v1", "ExternalArtifact"): """\
kind: ExternalArtifact
metadata: {name: podinfo, namespace: flux-system}
spec:
  sourceRef:
    apiVersion: source.extensions.fluxcd.io/v1beta1
    kind: ArtifactGenerator
    name: podinfo
""",
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"): """\
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  interval: 10m0s
  path: ./apps
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
  postBuild:
    substitute: {cluster: staging}
""",
    ("source.extensions.fluxcd.io/v1beta1", "ArtifactGenerator"): """\
kind: ArtifactGenerator
metadata: {name: podinfo, namespace: flux-system}
spec:
  sources:
    - {alias: repo, kind: GitRepository, name: flux-system}
  artifacts:
    - name: podinfo
      copy:
        - {from: '@repo/deploy/**', to: '@artifact/'}
""",
    ("image.toolkit.fluxcd.io/v1", "ImageRepository"): IMAGE_REPOSITORY,
    ("image.toolkit.fluxcd.io/v1", "ImagePolicy"): IMAGE_POLICY,
    ("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation"): IMAGE_UPDATE_AUTOMATION,
    ("image.toolkit.fluxcd.io/v1beta2", "ImageRepository"): IMAGE_REPOSITORY,
    ("image.toolkit.fluxcd.io/v1beta2", "ImagePolicy"): IMAGE_POLICY,
    ("image.toolkit.fluxcd.io/v1beta2", "ImageUpdateAutomation"): IMAGE_UPDATE_AUTOMATION,
    ("notification.toolkit.fluxcd.io/v1beta3", "Alert"): ALERT,
    ("notification.toolkit.fluxcd.io/v1beta3", "Provider"): PROVIDER,
    ("notification.toolkit.fluxcd.io/v1beta2", "Alert"): ALERT,
    ("notification.toolkit.fluxcd.io/v1beta2", "Provider"): PROVIDER,
    ("notification.toolkit.fluxcd.io/v1", "Receiver"): RECEIVER,
    ("notification.toolkit.fluxcd.io/v1beta2", "Receiver"): RECEIVER,
}


def manifest(api_version: str, kind: str) -> str:
    """The example for a kind, with its apiVersion line put first."""
    text = KINDS[(api_version, kind)].removeprefix("---\n")
    if text.startswith("apiVersion:"):
        return text
    return f"apiVersion: {api_version}\n{text}"
