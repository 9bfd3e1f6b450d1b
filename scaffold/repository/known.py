"""The sync paths a repository already names, for shell completion and suggestions."""

from __future__ import annotations

import contextlib
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.repository.clusters import load_clusters
from scaffold.repository.sync_path import normalize_sync_path

# flux bootstrap writes <sync path>/flux-system/gotk-sync.yaml; look this deep, no deeper,
# so completing on a large monorepo stays instant.
GOTK_SYNC_DEPTH = 4
GOTK_SYNC = "flux-system/gotk-sync.yaml"


def known_sync_paths(root: Path) -> list[str]:
    """Sync paths from the answers files, `.gitops-scaffold.yaml` and gotk-sync.yaml files."""
    found: set[str] = set()
    with contextlib.suppress(ScaffoldError):  # a broken answers file: use the other sources
        found.update(c.sync_path for c in load_clusters(root))
    found.update(_configured(root))
    for depth in range(1, GOTK_SYNC_DEPTH + 1):
        for sync_file in root.glob("/".join(["*"] * depth) + "/" + GOTK_SYNC):
            found.add(sync_file.parent.parent.relative_to(root).as_posix())
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
