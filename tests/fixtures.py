"""Sample repositories built from the convention itself (repository/convention.py).

Tests describe trees as `{relative path: content}` dicts; the paths of the layout and
the ignore block come from the convention, so a change to it changes every fixture.
"""

from __future__ import annotations

from scaffold.repository.convention import (
    GITIGNORE,
    HELM_DIRS,
    IGNORE_BLOCK,
    RELEASES,
    REPOSITORIES,
    SECRETS,
    helm_dir,
    release_file_name,
    repository_file_name,
    sealed_file_name,
)

SYNC = "clusters/dev"

HELM_REPOSITORY = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 1h
  url: https://stefanprodan.github.io/podinfo
"""
HELM_RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: 6.5.0
      sourceRef:
        kind: HelmRepository
        name: podinfo
  values:
    replicaCount: 2
"""
SEALED_SECRET = """\
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: podinfo-values
  namespace: apps
spec:
  encryptedData:
    values.yaml: AgBy8hCi
  template:
    metadata:
      name: podinfo-values
      namespace: apps
"""


def helm_path(sync_path: str, sub: str, name: str) -> str:
    """A file's path in one of a sync path's helm directories."""
    return f"{helm_dir(sync_path, sub)}/{name}"


def empty_layout(sync_path: str = SYNC, *, gitignore: str = IGNORE_BLOCK) -> dict[str, str]:
    """The tree `new` renders for a cluster: the helm directories and the ignore block."""
    files = {helm_path(sync_path, sub, ".gitkeep"): "" for sub in HELM_DIRS}
    files[GITIGNORE] = gitignore
    return files


def podinfo_layout(sync_path: str = SYNC) -> dict[str, str]:
    """A clean cluster holding one repository, one release and one sealed secret."""
    return {
        **empty_layout(sync_path),
        helm_path(sync_path, REPOSITORIES, repository_file_name("podinfo")): HELM_REPOSITORY,
        helm_path(sync_path, RELEASES, release_file_name("podinfo", "6.5.0")): HELM_RELEASE,
        helm_path(sync_path, SECRETS, sealed_file_name("podinfo-values")): SEALED_SECRET,
    }
