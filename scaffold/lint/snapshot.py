"""The last run's findings, reused while nothing they were worked out from has changed.

The repository model (kustomize builds, the Flux graph, the object indexes) and the
cross-file rules read the facts of every file, so any change runs them again. When
nothing changed, a run reads the files' content keys, finds them and everything else
the findings depend on as they were, and reports the stored findings without loading
a single fact. What they depend on is the run's key:

- the code: every module of the package and its bundled schemas, and the YAML library;
- the validated configuration, the rules selected or ignored, `--sync-path`;
- what discovery found: the files to lint, the tracked ones, the symlinks not
  followed, the lines of every `.gitignore` and of `.sourceignore`;
- the content key of every YAML file (its Git blob id);
- the sync paths the repository's own files declare (answers files, `gotk-sync.yaml`);

and, recorded while the rules ran, every question they asked of the work tree beyond
the files (is this a directory, is anything there), asked again before reuse.

The snapshot sits next to the facts cache, is signed with the same key, and is read
back only into our own classes (`codec`): like the facts cache, a snapshot that is
not ours, or not for this key, is a miss and costs only the time of a full run.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from scaffold import __version__, fs
from scaffold.lint.config import LintConfig
from scaffold.lint.context.worktree import probe
from scaffold.lint.facts import codec
from scaffold.lint.facts.cache import PACKAGE_ROOT, cache_path, signing_key
from scaffold.lint.files.discovery import Discovery
from scaffold.lint.files.gitignore import IgnoreRules
from scaffold.lint.model import Finding

FORMAT = 1
SUFFIX = ".run.json"
# A snapshot larger than this is not ours to read (findings are a few hundred bytes each).
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Snapshot:
    """What a run reported: its findings (sorted, stamped) and how much it read."""

    findings: list[Finding]
    documents: int


@dataclass(frozen=True)
class RunInputs:
    """Everything a run's findings are worked out from, gathered before any fact is read."""

    discovery: Discovery
    files: Sequence[str]
    source_ignore: IgnoreRules
    # YAML file -> content key (None: unreadable)
    keys: Mapping[str, str | None]
    # The sync paths known without facts (None: the facts will say)
    declared_sync_paths: Sequence[str] | None


def snapshot_path(root: Path) -> Path:
    """Where the snapshot of the repository at `root` is kept: beside its facts cache."""
    facts = cache_path(root)
    return facts.with_name(facts.stem + SUFFIX)


def run_key(
    inputs: RunInputs,
    config: LintConfig,
    select: Sequence[str],
    ignored: Sequence[str],
    requested_sync_paths: Sequence[str],
) -> str:
    """The digest of everything the findings depend on, besides the recorded probes."""
    discovery = inputs.discovery
    head = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "config": asdict(config),
        "select": sorted(select),
        "ignore": sorted(ignored),
        "requested": list(requested_sync_paths),
        "declared": None if inputs.declared_sync_paths is None else list(
            inputs.declared_sync_paths),
        "tracked": discovery.tracked is not None,
        "skipped": [list(entry) for entry in discovery.skipped],
        "ignore_files": _ignore_source(discovery.ignore),
        "source_ignore": _ignore_source(inputs.source_ignore),
    }  # fmt: skip
    digest = hashlib.sha256(json.dumps(head, sort_keys=True, default=_refuse).encode())
    # The long parts: one join each, not one update per file.
    digest.update(_joined(inputs.files))
    digest.update(_joined(sorted(discovery.tracked or ())))
    digest.update(_joined(f"{path}\0{key or ''}" for path, key in inputs.keys.items()))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of every module and data file of the package, and of the YAML library."""
    import yaml

    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{yaml.__version__}\0".encode())
    digest.update(str(getattr(yaml, "__with_libyaml__", False)).encode())
    for path in _package_files():
        digest.update(path.relative_to(PACKAGE_ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _package_files() -> list[Path]:
    found: list[Path] = []
    for directory, subdirectories, names in os.walk(PACKAGE_ROOT):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        found.extend(Path(directory) / n for n in names if n.endswith((".py", ".json")))
    return sorted(found)


def load(path: Path, key: str, root: Path, signer: bytes | None = None) -> Snapshot | None:
    """The snapshot at `path` if it is ours, for `key`, and the work tree answers its
    recorded questions as it did; else None."""
    signer = signer if signer is not None else signing_key()
    if not signer:
        return None
    with contextlib.suppress(OSError, ValueError, UnicodeDecodeError, RecursionError):
        return _read(path, key, root, signer)
    return None


def save(
    path: Path,
    key: str,
    probes: Mapping[str, bool],
    findings: Iterable[Finding],
    documents: int,
    signer: bytes | None = None,
) -> None:
    """Keep this run's findings for the next; a failure to write only costs its time."""
    signer = signer if signer is not None else signing_key()
    if not signer:
        return
    payload = json.dumps(
        {
            "format": FORMAT,
            "key": key,
            "probes": dict(probes),
            "documents": documents,
            "findings": [codec.encode(f) for f in findings],
        },
        separators=(",", ":"),
    ).encode()
    mac = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fs.write_atomic(path, mac + b"\n" + payload, mode=0o600)


def _read(path: Path, key: str, root: Path, signer: bytes) -> Snapshot | None:
    if not path.is_file() or path.stat().st_size > MAX_BYTES:  # never a FIFO or a device
        return None
    mac, _, payload = path.read_bytes().partition(b"\n")
    expected = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(mac, expected):
        return None
    stored = json.loads(payload)
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("key") != key:
        return None
    probes, documents, findings = (stored.get(k) for k in ("probes", "documents", "findings"))
    if not (isinstance(probes, dict) and type(documents) is int and isinstance(findings, list)):
        return None
    for question, answer in probes.items():
        if type(answer) is not bool or probe(root, question) != answer:
            return None
    return Snapshot([codec.decode(f, Finding) for f in findings], documents)


def _ignore_source(rules: IgnoreRules) -> list[Any]:
    return [[base, list(lines)] for base, lines in rules.source()]


def _joined(items: Iterable[str]) -> bytes:
    # No path holds a NUL, and a content key is hex: NUL-separated, nothing is ambiguous.
    return ("\0".join(items) + "\0\0").encode("utf-8", "surrogateescape")


def _refuse(value: object) -> object:
    # The key is made of plain validated values; anything else must not reach it.
    raise TypeError(f"unexpected value of type {type(value).__name__}")
