"""A clone of a repository exactly as `flux bootstrap github` leaves it, for adoption tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git, write_tree
from tests.fakes import fake_flux

FLUX_IDENTITY = ("-c", "user.name=Flux", "-c", "user.email=flux@users.noreply.example")
FLUX_INSTANCE = """\
apiVersion: fluxcd.controlplane.io/v1
kind: FluxInstance
metadata:
  name: flux
  namespace: flux-system
spec:
  distribution:
    version: "2.x"
    registry: ghcr.io/fluxcd
  sync:
    kind: GitRepository
    url: https://gitlab.example.com/platform/infra/fleet.git
    ref: refs/heads/trunk
    path: clusters/prod
    pullSecret: flux-system
"""


def bootstrapped_clone(
    tmp_path: Path,
    *,
    sync_path: str = "clusters/dev",
    remote: str = "git@github.com:acme/fleet.git",
    branch: str = "main",
    seed: dict[str, str] | None = None,
) -> Path:
    """Bootstrap a bare repository as flux does (its files, its commits), then clone it.

    `seed` is what the repository held before (GitHub's README, a .gitignore...).
    The clone's `origin` is then set to `remote`, as after `git clone <remote>`.
    """
    bare = tmp_path / "fleet.git"
    git(tmp_path, "init", "--quiet", "--bare", f"--initial-branch={branch}", str(bare))
    work = write_tree(tmp_path / "flux-work", seed or {"README.md": "# fleet\n"})
    git(work, "init", "--quiet", f"--initial-branch={branch}")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "Initial commit")
    base = f"{sync_path}/flux-system"
    components = fake_flux.components_yaml(
        "flux-system", list(fake_flux.DEFAULT_COMPONENTS), "ghcr.io/fluxcd"
    )
    write_tree(work, {f"{base}/gotk-components.yaml": components})
    git(work, "add", "-A")
    git(work, *FLUX_IDENTITY, "commit", "--quiet", "-m",
        f"Add Flux v{fake_flux.VERSION} component manifests")  # fmt: skip
    url = "ssh://git@github.com/acme/fleet"
    sync = fake_flux.sync_yaml("flux-system", url, branch, "flux-system", sync_path, "1m0s")
    write_tree(work, {
        f"{base}/gotk-sync.yaml": sync,
        f"{base}/kustomization.yaml": fake_flux.generated_kustomization(
            work / base, {f"{base}/gotk-sync.yaml": sync}
        ),
    })  # fmt: skip
    git(work, "add", "-A")
    git(work, *FLUX_IDENTITY, "commit", "--quiet", "-m", "Add Flux sync manifests")
    git(work, "push", "--quiet", str(bare), f"HEAD:refs/heads/{branch}")
    clone = tmp_path / "fleet"
    git(tmp_path, "clone", "--quiet", str(bare), str(clone))
    git(clone, "remote", "set-url", "origin", remote)
    return clone
