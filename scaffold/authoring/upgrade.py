"""`upgrade release`: change the chart version of a declared HelmRelease, in place.

The version is rewritten where it stands (see `version_edit`), and a file named
by the convention after the old version takes the name of the new one, with
`git mv` when Git tracks it, so history shows one file changing version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scaffold import fs
from scaffold.authoring import inventory, tracked
from scaffold.authoring.version_edit import replace_version
from scaffold.authoring.versions import check_version, is_exact
from scaffold.authoring.writer import Written
from scaffold.errors import EnvironmentProblem, UsageError
from scaffold.repository.convention import (
    RELEASES,
    ClusterDirs,
    release_file_name,
    unpinned_release_file_name,
)
from scaffold.repository.names import validate_name, validate_namespace
from scaffold.views.clusters import resolve_cluster


@dataclass(frozen=True)
class UpgradeRequest:
    """What `upgrade release` was asked to change."""

    name: str
    version: str
    namespace: str | None = None
    allow_range: bool = False
    sync_path: str | None = None


def upgrade_release(request: UpgradeRequest) -> Written:
    """Set the chart version of HelmRelease `name` and rename its file to match."""
    validate_name(request.name, "release name")
    if request.namespace is not None:
        validate_namespace(request.namespace)
    exact = check_version(request.version, allow_range=request.allow_range)
    cluster = resolve_cluster(request.sync_path)
    items = inventory.read_inventory(cluster)
    release = inventory.choose_one(
        items, "HelmRelease", request.name, request.namespace, cluster.sync_path
    )
    shown = fs.display_path(release.path)
    if release.chart is None:
        source = release.source.name if release.source else "?"
        raise UsageError(
            f"{shown}: HelmRelease {request.name!r} takes its chart from a chartRef "
            f"({source}), not spec.chart",
            hint="change the version (`spec.ref.tag` or `spec.ref.semver`) in that source instead",
        )
    old = release.version or ""
    message = f"Upgrade {release.chart} {old} -> {request.version} ({request.name})"
    details: dict[str, str | list[str]] = {
        "chart": release.chart,
        "from_version": old,
        "version": request.version,
    }
    new_path = _new_path(cluster, release, request.version, exact)
    if old == request.version and new_path == release.path:
        return Written(
            release.path, message, "HelmRelease", request.name, action="unchanged", details=details
        )
    if new_path != release.path and (new_path.exists() or new_path.is_symlink()):
        raise UsageError(
            f"{fs.display_path(new_path)} already exists",
            hint="another file already holds that chart version; remove one of them first",
        )
    fs.check_inside(release.path, cluster.root)
    data = release.path.read_bytes()
    edited = replace_version(data, request.name, release.namespace, request.version, shown)
    staged = _rename_then_write(release.path, new_path, edited, cluster.root)
    return Written(
        new_path,
        message,
        "HelmRelease",
        request.name,
        action="upgraded",
        renamed_from=release.path if new_path != release.path else None,
        details=details,
        staged=staged,
        warnings=[]
        if exact
        else [f"{request.version!r} is a range: Flux installs its newest match"],
    )


def _new_path(cluster: ClusterDirs, release: inventory.Entry, new: str, exact: bool) -> Path:
    """The file's name for `new`, when its current name follows the convention.

    Any version in the name counts, not only the declared one: a run cut short between
    the edit and the rename left the new version under the old name, and a rerun
    finishes the rename.
    """
    if release.documents_in_file != 1 or release.path.parent != cluster.helm(RELEASES):
        return release.path
    prefixes = [p for p in dict.fromkeys((release.chart, release.name)) if p]
    for prefix in prefixes:
        pinned = release.path.name.removeprefix(f"{prefix}-v").removesuffix(".yaml")
        named_by_convention = release.path.name == unpinned_release_file_name(prefix) or (
            release.path.name == release_file_name(prefix, pinned) and is_exact(pinned)
        )
        if named_by_convention:
            name = release_file_name(prefix, new) if exact else unpinned_release_file_name(prefix)
            return release.path.with_name(name)
    return release.path


def _rename_then_write(old: Path, new: Path, data: bytes, root: Path) -> bool:
    """Rename `old` to `new`, then write `data` there; return whether Git staged the rename.

    Renaming first makes the pair one step: a failing `git mv` (a held index.lock) leaves
    the file as it was, a failing write renames it back, and an interruption between the
    two leaves the old version under the new name, which a rerun edits.
    """
    if new == old:
        _write(old, data, root)
        return False
    staged = tracked.move(old, new, root)
    try:
        _write(new, data, root)
    except Exception:
        tracked.move(new, old, root)
        raise
    return staged


def _write(path: Path, data: bytes, root: Path) -> None:
    try:
        fs.write_in_repository(path, data, root)
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot write {fs.display_path(path)}: {exc.strerror or exc}",
            hint="make the file and its directory writable, then run again",
        ) from exc
