"""Per-file facts kept between runs, keyed by each file's content.

One file per repository in the user cache directory
(`<user cache dir>/gitops-scaffold/lint/`), holding for each path the Git blob
id of the content it was computed from and the `FileFacts`. It is valid only
for the same extraction code (the lint package's sources), tool version, parse
options and rule options; otherwise it starts empty. Facts hold names, kinds,
key paths and positions, never a value read from a file.

A cache that cannot be read or does not hold what it should is ignored and
rewritten. Writes go to a temporary file renamed over the old one, so a
concurrent run reads either the old cache or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scaffold import __version__
from scaffold.lint.facts.documents import FileFacts
from scaffold.lint.facts.parse import ParseOptions

APP_NAME = "gitops-scaffold"
FORMAT = 1
LINT_PACKAGE = Path(__file__).resolve().parent

Entry = tuple[str, FileFacts]  # content digest, facts


def cache_dir() -> Path:
    """Where lint caches live: the user cache directory (honours XDG_CACHE_HOME)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME)) / "lint"


def cache_path(root: Path) -> Path:
    """The cache file of the repository at `root`."""
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir() / f"{name[:24]}.pickle"


def fingerprint(options: ParseOptions, rule_options: Mapping[str, Any]) -> str:
    """What the cached facts depend on besides file contents."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{options!r}\0".encode())
    digest.update(json.dumps(rule_options, sort_keys=True, default=repr).encode())
    for source in sorted(LINT_PACKAGE.glob("*.py")):
        digest.update(source.name.encode() + b"\0")
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


class FactsCache:
    """The cached facts of one repository, as loaded, plus what this run adds."""

    def __init__(self, path: Path, key: str, entries: dict[str, Entry] | None = None) -> None:
        self.path = path
        self.key = key
        self.entries: dict[str, Entry] = entries or {}
        self.dirty = False

    @classmethod
    def load(cls, path: Path, key: str) -> FactsCache:
        """The cache at `path` if it is readable and made for `key`; else an empty one."""
        try:
            with open(path, "rb") as handle:
                stored = pickle.load(handle)
        except Exception:  # missing, unreadable, truncated, or not a pickle at all
            return cls(path, key)
        entries = _valid_entries(stored, key)
        cache = cls(path, key, entries)
        cache.dirty = entries is None and path.exists()
        return cache

    def get(self, path: str, digest: str) -> FileFacts | None:
        """The facts of `path` when they were computed from content `digest`."""
        entry = self.entries.get(path)
        if entry is not None and entry[0] == digest:
            return entry[1]
        return None

    def put(self, path: str, digest: str, facts: FileFacts) -> None:
        """Remember the facts of `path` at content `digest`."""
        self.entries[path] = (digest, facts)
        self.dirty = True

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone."""
        gone = [p for p in self.entries if p not in paths]
        for path in gone:
            del self.entries[path]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        """Write the cache if it changed; a failure to write only costs the next run time."""
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(
                    {"format": FORMAT, "key": self.key, "entries": self.entries},
                    out,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(temporary, self.path)
        except OSError:
            pass
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self.dirty = False


def _valid_entries(stored: Any, key: str) -> dict[str, Entry] | None:
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    entries = stored.get("entries")
    if not isinstance(entries, dict):
        return None
    for path, entry in entries.items():
        if not (
            isinstance(path, str)
            and isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and isinstance(entry[1], FileFacts)
        ):
            return None
    return entries
