"""Whether a cluster runs what the repository's remote branch holds, and is healthy.

The cluster side comes from `flux check` and `flux get all -A`; the repository
side is `<remote>/<branch>` as last fetched (we do not fetch: status reads only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold import git
from scaffold.flux import runner as flux
from scaffold.flux.output import FluxResource, check_failures, parse_get_all, same_commit

FLUX_NAMESPACE = "flux-system"
FLUX_NAME = "flux-system"


@dataclass(frozen=True)
class ClusterStatus:
    """What `status` found for one sync path."""

    sync_path: str
    remote_ref: str
    remote_commit: str | None
    source: FluxResource | None
    kustomization: FluxResource | None
    check_failures: list[str] = field(default_factory=list)
    not_ready: list[FluxResource] = field(default_factory=list)

    @property
    def in_sync(self) -> bool:
        """The flux-system source fetched, and its Kustomization applied, the remote tip."""
        if self.remote_commit is None or self.source is None or self.kustomization is None:
            return False
        return all(
            same_commit(r.revision, self.remote_commit) for r in (self.source, self.kustomization)
        )

    @property
    def healthy(self) -> bool:
        """In sync, every resource Ready and `flux check` passing."""
        return self.in_sync and not self.not_ready and not self.check_failures

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "sync_path": self.sync_path,
            "remote_ref": self.remote_ref,
            "remote_commit": self.remote_commit,
            "source_revision": self.source.revision if self.source else None,
            "applied_revision": self.kustomization.revision if self.kustomization else None,
            "in_sync": self.in_sync,
            "check_failures": self.check_failures,
            "not_ready": [{"resource": r.ref, "message": r.message} for r in self.not_ready],
            "healthy": self.healthy,
        }


def _find(resources: list[FluxResource], kind: str) -> FluxResource | None:
    for resource in resources:
        named = resource.kind == kind and resource.name == FLUX_NAME
        if named and resource.namespace in ("", FLUX_NAMESPACE):
            return resource
    return None


def remote_commit(root: Path, ref: str) -> str | None:
    """The commit `ref` names in the local repository, or None when it is unknown."""
    done = git.git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root, check=False)
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def collect_status(
    root: Path, sync_path: str, remote_ref: str, *, context: str | None = None
) -> ClusterStatus:
    """Ask flux about the cluster and git about `remote_ref`."""
    checked = flux.check(context=context)
    failures: list[str] = []
    if checked.returncode != 0:
        output = checked.stderr + checked.stdout
        failures = check_failures(output) or [f"flux check exited with code {checked.returncode}"]
    resources = parse_get_all(flux.get_all(context=context))
    return ClusterStatus(
        sync_path=sync_path,
        remote_ref=remote_ref,
        remote_commit=remote_commit(root, remote_ref),
        source=_find(resources, "gitrepository"),
        kustomization=_find(resources, "kustomization"),
        check_failures=failures,
        not_ready=[r for r in resources if not r.is_ready],
    )
