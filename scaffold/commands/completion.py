"""Shell completion of option values: rule ids, sync paths, providers (formats: options.py).

Each function runs while the shell completes, so it imports only what it needs and
never fails: a repository it cannot read completes to nothing.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

import typer


def _matching(candidates: list[str], incomplete: str) -> list[str]:
    return [c for c in candidates if c.startswith(incomplete)]


def rule_ids(incomplete: str) -> list[str]:
    """Rule ids; after a comma, the ids that may follow the ones already written."""
    from scaffold.lint.registry import RULES

    written, _, last = incomplete.rpartition(",")
    prefix = f"{written}," if written else ""
    taken = set(written.split(","))
    return [prefix + r for r in RULES if r.startswith(last) and r not in taken]


def sync_paths(ctx: typer.Context, incomplete: str) -> list[str]:
    """The sync paths the repository names: the one `-C DIR` or a first PATH argument
    points at, else the one around the current directory."""
    from scaffold.repository.known import known_sync_paths
    from scaffold.repository.root import find_root

    params = {**ctx.params, **_typed_params(ctx)}
    paths = params.get("paths") or []
    given = params.get("directory") or params.get("path") or next(iter(paths), None)
    start = Path(given) if given is not None and Path(given).is_dir() else Path.cwd()
    try:
        return _matching(known_sync_paths(find_root(start)), incomplete)
    except Exception:
        return []


def _typed_params(ctx: typer.Context) -> dict[str, Any]:
    """The parameters typed so far, positional ones included.

    Completing an option's value, click parses the line with that option still lacking
    it: the parse stops there, before positional arguments (such as PATH) are assigned.
    Parsed again without the dangling option, they are.
    """
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        words = shlex.split(line)
        rest = words[words.index(str(ctx.info_name), 1) + 1 :]
        if rest and rest[-1].startswith("-"):
            rest = rest[:-1]
        with ctx.command.make_context(
            ctx.info_name, rest, parent=ctx.parent, resilient_parsing=True
        ) as parsed:
            return dict(parsed.params)
    except Exception:
        return {}


def providers(incomplete: str) -> list[str]:
    """The git providers flux bootstraps."""
    from scaffold.flux.providers import Provider

    return _matching([p.value for p in Provider], incomplete)
