"""Where authored components go: `<sync path>/helm/{repositories,releases,secrets}/`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scaffold.repository.clusters import choose_cluster
from scaffold.repository.root import find_root


@dataclass(frozen=True)
class ClusterDirs:
    """The repository root and the chosen cluster's sync path."""

    root: Path
    sync_path: str

    @property
    def sync_dir(self) -> Path:
        """The directory Flux syncs for this cluster."""
        return self.root / self.sync_path

    def repository_file(self, name: str) -> Path:
        """Where the HelmRepository `name` is declared."""
        return self.sync_dir / "helm" / "repositories" / f"{name}.yaml"

    def release_file(self, chart: str, version: str) -> Path:
        """Where the HelmRelease of `chart` at `version` is declared."""
        return self.sync_dir / "helm" / "releases" / f"{chart}-v{version.removeprefix('v')}.yaml"

    def sealed_secret_file(self, name: str) -> Path:
        """Where the SealedSecret `name` is declared."""
        return self.sync_dir / "helm" / "secrets" / f"{name}-sealed.yaml"


def resolve_cluster(requested_sync_path: str | None, cwd: Path | None = None) -> ClusterDirs:
    """The cluster a command acts on, from anywhere inside the repository."""
    root = find_root(cwd or Path.cwd())
    cluster = choose_cluster(root, requested_sync_path)
    return ClusterDirs(root, cluster.sync_path)
