"""Whether a cluster runs what the repository's remote branch holds, and is healthy.

The cluster side comes from `flux check`, `flux get all -A` and `flux export
kustomization` (the path the cluster syncs); the repository side is
`<remote>/<branch>` as last fetched (we do not fetch: status reads only).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold import git, yamlfile
from scaffold.errors import ScaffoldError
from scaffold.flux import runner as flux
from scaffold.flux.cluster import DEFAULT_NAMESPACE, FluxCluster
from scaffold.flux.output import FluxResource, check_failures, parse_get_all, same_commit
from scaffold.repository.sync_path import normalize_sync_path


class Verdict(str, enum.Enum):
    """The one-word answer of `status`, worst first; only `in sync` is good."""

    unknown = "unknown"
    not_bootstrapped = "not bootstrapped"
    other_path = "syncs another path"
    suspended = "suspended"
    out_of_sync = "out of sync"
    in_sync = "in sync"


@dataclass(frozen=True)
class ClusterStatus:
    """What `status` found for one sync path."""

    sync_path: str
    remote_ref: str
    remote_commit: str | None
    source: FluxResource | None
    kustomization: FluxResource | None
    cluster_path: str | None = None
    namespace: str = DEFAULT_NAMESPACE
    check_failures: list[str] = field(default_factory=list)
    not_ready: list[FluxResource] = field(default_factory=list)

    @property
    def suspended(self) -> list[FluxResource]:
        """The Flux namespace's own source and Kustomization that are suspended."""
        return [r for r in (self.source, self.kustomization) if r is not None and r.suspended]

    @property
    def in_sync(self) -> bool:
        """The flux-system source fetched, and its Kustomization applied, the remote tip."""
        if self.remote_commit is None or self.source is None or self.kustomization is None:
            return False
        return all(
            same_commit(r.revision, self.remote_commit) for r in (self.source, self.kustomization)
        )

    @property
    def verdict(self) -> Verdict:
        """The sync state, the first that applies: a suspended sync is never "in sync"."""
        if self.remote_commit is None:
            return Verdict.unknown
        if self.source is None or self.kustomization is None:
            return Verdict.not_bootstrapped
        if self.cluster_path is not None and self.cluster_path != self.sync_path:
            return Verdict.other_path
        if self.suspended:
            return Verdict.suspended
        return Verdict.in_sync if self.in_sync else Verdict.out_of_sync

    @property
    def healthy(self) -> bool:
        """In sync, every resource Ready and `flux check` passing."""
        in_sync = self.verdict is Verdict.in_sync
        return in_sync and not self.not_ready and not self.check_failures

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "sync_path": self.sync_path,
            "verdict": self.verdict.value,
            "remote_ref": self.remote_ref,
            "remote_commit": self.remote_commit,
            "source_revision": self.source.revision if self.source else None,
            "applied_revision": self.kustomization.revision if self.kustomization else None,
            "cluster_path": self.cluster_path,
            "in_sync": self.verdict is Verdict.in_sync,
            "suspended": [r.ref for r in self.suspended],
            "check_failures": self.check_failures,
            "not_ready": [{"resource": r.ref, "message": r.message} for r in self.not_ready],
            "healthy": self.healthy,
        }


def _find(resources: list[FluxResource], kind: str, namespace: str) -> FluxResource | None:
    # flux names its sync objects after the namespace it is installed in.
    for resource in resources:
        named = resource.kind == kind and resource.name == namespace
        if named and resource.namespace in ("", namespace):
            return resource
    return None


def remote_ref(remote: str, branch: str) -> str:
    """`REMOTE/BRANCH`, once both are names git cannot read as an option; UsageError else."""
    git.check_ref_part(remote, "--remote", "refs/remotes/")
    git.check_ref_part(branch, "the branch", "refs/heads/")
    return f"{remote}/{branch}"


def remote_commit(root: Path, ref: str) -> str | None:
    """The commit `ref` names in the local repository, or None when it is unknown."""
    revision = f"{ref}^{{commit}}"
    args = ["rev-parse", "--verify", "--quiet", "--end-of-options", revision]
    done = git.read_only(args, root, check=False)
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def cluster_sync_path(cluster: FluxCluster) -> str | None:
    """The path the cluster's own Kustomization syncs (`spec.path`), None when unknown."""
    done = flux.export_kustomization(cluster)
    if done.returncode != 0:
        return None
    try:
        docs = yamlfile.parse_all(done.stdout, "flux export kustomization", error=ScaffoldError)
    except ScaffoldError:
        return None
    for doc in docs:
        spec = doc.get("spec") if isinstance(doc, dict) else None
        if isinstance(spec, dict) and isinstance(spec.get("path"), str):
            return normalize_sync_path(spec["path"])
    return None


def collect_status(
    root: Path, sync_path: str, remote_ref: str, cluster: FluxCluster
) -> ClusterStatus:
    """Ask flux about the cluster and git about `remote_ref`."""
    checked = flux.check(cluster)
    failures: list[str] = []
    if checked.returncode != 0:
        output = checked.stderr + checked.stdout
        failures = check_failures(output) or [f"flux check exited with code {checked.returncode}"]
    resources = parse_get_all(flux.get_all(cluster))
    namespace = cluster.flux_namespace
    kustomization = _find(resources, "kustomization", namespace)
    return ClusterStatus(
        sync_path=sync_path,
        remote_ref=remote_ref,
        remote_commit=remote_commit(root, remote_ref),
        source=_find(resources, "gitrepository", namespace),
        kustomization=kustomization,
        cluster_path=cluster_sync_path(cluster) if kustomization else None,
        namespace=namespace,
        check_failures=failures,
        not_ready=[r for r in resources if not r.is_ready],
    )
