"""Check that the flux-system manifests flux committed are present and sync the right path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scaffold import yamlfile
from scaffold.errors import ScaffoldError
from scaffold.repository.sync_path import normalize_sync_path

FLUX_SYSTEM_FILES = ("gotk-components.yaml", "gotk-sync.yaml", "kustomization.yaml")
KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io/"
SOURCE_GROUP = "source.toolkit.fluxcd.io/"


def _documents(path: Path) -> list[dict[str, Any]]:
    hint = "run `gitops-scaffold bootstrap` again; flux generates this file"
    docs = yamlfile.load_all(path, error=ScaffoldError, hint=hint)
    return [d for d in docs if isinstance(d, dict)]


def _find(docs: list[dict[str, Any]], kind: str, group: str) -> dict[str, Any] | None:
    for doc in docs:
        if doc.get("kind") == kind and str(doc.get("apiVersion", "")).startswith(group):
            return doc
    return None


def verify_flux_system(root: Path, sync_path: str, branch: str) -> list[str]:
    """Return what was verified; raise ScaffoldError naming the first thing that is wrong."""
    directory = root / sync_path / "flux-system"
    missing = [name for name in FLUX_SYSTEM_FILES if not (directory / name).is_file()]
    if missing:
        raise ScaffoldError(
            f"{sync_path}/flux-system lacks {', '.join(missing)} after the bootstrap",
            hint="check that flux bootstrapped this repository and branch, then fetch and merge",
        )
    sync_file = directory / "gotk-sync.yaml"
    docs = _documents(sync_file)
    kustomization = _find(docs, "Kustomization", KUSTOMIZE_GROUP)
    spec = (kustomization or {}).get("spec") or {}
    path = str(spec.get("path", "")) if isinstance(spec, dict) else ""
    if kustomization is None or normalize_sync_path(path) != sync_path:
        raise ScaffoldError(
            f"{sync_path}/flux-system/gotk-sync.yaml: the Kustomization syncs"
            f" {path or 'nothing'!r}, not './{sync_path}'",
            hint=f"run `gitops-scaffold bootstrap PROVIDER --sync-path {sync_path}` again",
        )
    source = _find(docs, "GitRepository", SOURCE_GROUP)
    ref = ((source or {}).get("spec") or {}).get("ref") or {}
    if isinstance(ref, dict) and ref.get("branch") not in (None, branch):
        raise ScaffoldError(
            f"{sync_path}/flux-system/gotk-sync.yaml: the GitRepository follows branch"
            f" {ref.get('branch')!r}, not {branch!r}",
            hint=f"run `gitops-scaffold bootstrap PROVIDER --branch {branch}` again",
        )
    return [f"{sync_path}/flux-system/{name} present" for name in FLUX_SYSTEM_FILES] + [
        f"gotk-sync.yaml Kustomization path is ./{sync_path}"
    ]
