"""The convention this tool serves, written once: the helm directories, file names, ignore block.

Under a cluster's sync path:

    helm/repositories/<repo>.yaml             HelmRepository
    helm/releases/<chart>-v<version>.yaml     HelmRelease (<chart>.yaml when it follows a range)
    helm/secrets/<name>-sealed.yaml           SealedSecret

and a root `.gitignore` that ignores plaintext `*-values-*.yaml` files and keeps
sealed `*-sealed.yaml` ones. The template, authoring commands and every lint rule
take their names from here (a test checks the template against it).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

HELM_DIR = "helm"
REPOSITORIES = "repositories"
RELEASES = "releases"
SECRETS = "secrets"
HELM_DIRS = (REPOSITORIES, RELEASES, SECRETS)
# The directory each kind of object belongs in.
HOME_OF_KIND = {"HelmRepository": REPOSITORIES, "HelmRelease": RELEASES, "SealedSecret": SECRETS}

SEALED_SUFFIX = "-sealed.yaml"
VALUES_PATTERN = "*-values-*.yaml"
SEALED_PATTERN = f"*{SEALED_SUFFIX}"
KEEP_FILES = (".gitkeep", ".keep")
# A directory holding this file is a Helm chart: its templates are not manifests.
HELM_CHART_FILE = "Chart.yaml"

GITIGNORE = ".gitignore"
# The block `gitops-scaffold new` writes into the root .gitignore.
IGNORE_BLOCK = (
    "# Ignore all YAML files containing the `-values-` string.\n"
    f"{VALUES_PATTERN}\n"
    "\n"
    "# Do not ignore sealed YAML files.\n"
    f"!{SEALED_PATTERN}\n"
)
# Made-up file names that the ignore rules must ignore (values) and keep (sealed).
VALUES_PROBE = "app-values-prod.yaml"
SEALED_PROBES = ("app-values-sealed.yaml", "app-sealed.yaml")


def helm_dir(sync_path: str, sub: str | None = None) -> str:
    """`<sync path>/helm`, or one of its directories, as a POSIX path."""
    base = f"{sync_path}/{HELM_DIR}" if sync_path else HELM_DIR
    return f"{base}/{sub}" if sub else base


def repository_file_name(name: str) -> str:
    """The file a HelmRepository `name` is declared in."""
    return f"{name}.yaml"


def release_file_name(chart: str, version: str) -> str:
    """The file a HelmRelease of `chart` at `version` is declared in."""
    return f"{chart}-v{version.removeprefix('v')}.yaml"


def unpinned_release_file_name(chart: str) -> str:
    """The file a HelmRelease of `chart` following a version range is declared in."""
    return f"{chart}.yaml"


def sealed_file_name(name: str) -> str:
    """The file the SealedSecret `name` is declared in."""
    return f"{name}{SEALED_SUFFIX}"


def is_sealed_file(name: str) -> bool:
    """Whether a file name is that of a sealed file (kept by the ignore block)."""
    return name.endswith(SEALED_SUFFIX)


def is_values_file(name: str) -> bool:
    """Whether a file name is that of a plaintext values file (ignored by the block)."""
    return fnmatch.fnmatchcase(name, VALUES_PATTERN) and not is_sealed_file(name)


@dataclass(frozen=True)
class ClusterDirs:
    """The repository root and a cluster's sync path: where authored files go."""

    root: Path
    sync_path: str

    @property
    def sync_dir(self) -> Path:
        """The directory Flux syncs for this cluster."""
        return self.root / self.sync_path

    def helm(self, sub: str) -> Path:
        """One of the cluster's helm directories."""
        return self.root / helm_dir(self.sync_path, sub)

    def repository_file(self, name: str) -> Path:
        """Where the HelmRepository `name` is declared."""
        return self.helm(REPOSITORIES) / repository_file_name(name)

    def release_file(self, chart: str, version: str) -> Path:
        """Where the HelmRelease of `chart` at `version` is declared."""
        return self.helm(RELEASES) / release_file_name(chart, version)

    def unpinned_release_file(self, chart: str) -> Path:
        """Where the HelmRelease of `chart` following a version range is declared."""
        return self.helm(RELEASES) / unpinned_release_file_name(chart)

    def sealed_secret_file(self, name: str) -> Path:
        """Where the SealedSecret `name` is declared."""
        return self.helm(SECRETS) / sealed_file_name(name)
