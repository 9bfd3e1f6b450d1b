"""The sync paths a repository already names, for shell completion and suggestions."""

from __future__ import annotations

import contextlib
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.repository.clusters import load_clusters
from scaffold.repository.flux_sync import find_flux_syncs
from scaffold.repository.sync_path import normalize_sync_path


def known_sync_paths(root: Path) -> list[str]:
    """Sync paths from the answers files, `.gitops-scaffold.yaml` and Flux's files: what the
    repository records before any fact is read (no YAML file but those is parsed, so a
    completion stays instant)."""
    found: set[str] = set()
    with contextlib.suppress(ScaffoldError):  # a broken answers file: use the other sources
        found.update(c.sync_path for c in load_clusters(root))
    found.update(_configured(root))
    found.update(sync.sync_path for sync in find_flux_syncs(root))
    return sorted(p for p in (normalize_sync_path(f) for f in found) if p and p != ".")


def _configured(root: Path) -> list[str]:
    from scaffold import yamlfile
    from scaffold.lint.config_file import CONFIG_FILE

    path = root / CONFIG_FILE
    if not path.is_file():
        return []
    try:
        data = yamlfile.load(path, source=CONFIG_FILE)
    except ScaffoldError:
        return []
    listed = data.get("sync_paths") if isinstance(data, dict) else None
    return [p for p in listed if isinstance(p, str)] if isinstance(listed, list) else []
