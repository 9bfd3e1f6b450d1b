"""Shell completion of option values: formats, rule ids, sync paths, providers.

Each function runs while the shell completes, so it imports only what it needs and
never fails: a repository it cannot read completes to nothing.
"""

from __future__ import annotations

from pathlib import Path


def _matching(candidates: list[str], incomplete: str) -> list[str]:
    return [c for c in candidates if c.startswith(incomplete)]


def lint_formats(incomplete: str) -> list[str]:
    """The formats `lint --format` accepts."""
    from scaffold.formats import LINT_FORMATS

    return _matching([f.value for f in LINT_FORMATS], incomplete)


def status_formats(incomplete: str) -> list[str]:
    """The formats `status --format` accepts."""
    from scaffold.formats import STATUS_FORMATS

    return _matching([f.value for f in STATUS_FORMATS], incomplete)


def rule_ids(incomplete: str) -> list[str]:
    """Rule ids; after a comma, the ids that may follow the ones already written."""
    from scaffold.lint.registry import RULES

    written, _, last = incomplete.rpartition(",")
    prefix = f"{written}," if written else ""
    taken = set(written.split(","))
    return [prefix + r for r in RULES if r.startswith(last) and r not in taken]


def sync_paths(incomplete: str) -> list[str]:
    """The sync paths the repository around the current directory names."""
    from scaffold.repository.known import known_sync_paths
    from scaffold.repository.root import find_root

    try:
        root = find_root(Path.cwd())
        return _matching(known_sync_paths(root), incomplete)
    except Exception:
        return []


def providers(incomplete: str) -> list[str]:
    """The git providers flux bootstraps."""
    from scaffold.flux.providers import Provider

    return _matching([p.value for p in Provider], incomplete)
