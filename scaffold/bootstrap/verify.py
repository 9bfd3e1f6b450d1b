"""Check that the manifests flux committed are present and sync the right path, branch and URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scaffold import yamlfile
from scaffold.bootstrap.command_line import remote_url, url_scheme, uses_token_auth
from scaffold.bootstrap.converge import normalize_url
from scaffold.bootstrap.flux_args import has_flag
from scaffold.bootstrap.options import BootstrapPlan
from scaffold.errors import ScaffoldError
from scaffold.flux.providers import Provider
from scaffold.flux.vocabulary import GOTK_FILES, KUSTOMIZE_GROUP, SOURCE_GROUP
from scaffold.repository.sync_path import normalize_sync_path

FLUX_SYSTEM_FILES = GOTK_FILES
KUSTOMIZE_API_PREFIX = f"{KUSTOMIZE_GROUP}/"
SOURCE_API_PREFIX = f"{SOURCE_GROUP}/"


def _documents(path: Path) -> list[dict[str, Any]]:
    hint = "run `gitops-scaffold bootstrap` again; flux generates this file"
    docs = yamlfile.load_all(path, error=ScaffoldError, hint=hint)
    return [d for d in docs if isinstance(d, dict)]


def _find(docs: list[dict[str, Any]], kind: str, group: str) -> dict[str, Any] | None:
    for doc in docs:
        if doc.get("kind") == kind and str(doc.get("apiVersion", "")).startswith(group):
            return doc
    return None


def verify_flux_system(root: Path, target: BootstrapPlan) -> list[str]:
    """Return what was verified; raise ScaffoldError naming the first thing that is wrong."""
    sync_path, branch = target.sync_path, target.branch
    # flux writes to <path>/<namespace>/ and names the sync objects after the namespace.
    where = f"{sync_path}/{target.cluster.flux_namespace}"
    directory = root / where
    missing = [name for name in FLUX_SYSTEM_FILES if not (directory / name).is_file()]
    if missing:
        raise ScaffoldError(
            f"{where} lacks {', '.join(missing)} after the bootstrap",
            hint="check that flux bootstrapped this repository and branch, then fetch and merge",
        )
    docs = _documents(directory / "gotk-sync.yaml")
    kustomization = _find(docs, "Kustomization", KUSTOMIZE_API_PREFIX)
    path = str(_spec(kustomization).get("path", ""))
    if kustomization is None or normalize_sync_path(path) != sync_path:
        raise ScaffoldError(
            f"{where}/gotk-sync.yaml: the Kustomization syncs"
            f" {path or 'nothing'!r}, not './{sync_path}'",
            hint=f"run `gitops-scaffold bootstrap PROVIDER --sync-path {sync_path}` again",
        )
    source = _spec(_find(docs, "GitRepository", SOURCE_API_PREFIX))
    ref = source.get("ref") or {}
    if isinstance(ref, dict) and ref.get("branch") not in (None, branch):
        raise ScaffoldError(
            f"{where}/gotk-sync.yaml: the GitRepository follows branch"
            f" {ref.get('branch')!r}, not {branch!r}",
            hint=f"run `gitops-scaffold bootstrap PROVIDER --branch {branch}` again",
        )
    sync_url = _check_sync_url(where, str(source.get("url", "")), target)
    return [f"{where}/{name} present" for name in FLUX_SYSTEM_FILES] + [
        f"gotk-sync.yaml Kustomization path is ./{sync_path}",
        f"the cluster pulls {sync_url}",
    ]


def _spec(doc: dict[str, Any] | None) -> dict[str, Any]:
    spec = (doc or {}).get("spec")
    return spec if isinstance(spec, dict) else {}


def _same_repository(url: str, target: BootstrapPlan) -> bool:
    """`url` names the repository of `target.url` (host aside with --ssh-hostname)."""
    synced, wanted = normalize_url(url), normalize_url(target.url)
    if has_flag(target.flux_args, "--ssh-hostname"):
        return synced.partition("/")[2] == wanted.partition("/")[2]
    return synced == wanted


def _check_sync_url(where: str, url: str, target: BootstrapPlan) -> str:
    """The GitRepository URL uses the transport we asked for, and names our repository."""
    scheme = url_scheme(url)
    token_auth = uses_token_auth(target)
    wanted = ("https", "http") if token_auth else ("ssh",)
    same_repository = target.provider is not Provider.git or (
        normalize_url(url) == normalize_url(target.url)
    )
    if scheme not in wanted or not same_repository:
        how = "HTTPS with the token" if token_auth else "SSH with a deploy key"
        raise ScaffoldError(
            f"{where}/gotk-sync.yaml: the GitRepository pulls {url or 'nothing'!r},"
            f" but the bootstrap asked for {how} from {remote_url(target)}",
            hint="check the URL flux was given; an https:// URL with GIT_PASSWORD keeps HTTPS",
        )
    return f"{url} ({'token auth' if token_auth else 'SSH deploy key'})"
