"""The last run's findings, reused while nothing they were worked out from has changed.

The repository model (kustomize builds, the Flux graph, the object indexes) and the
cross-file rules read the facts of every file, so any change runs them again. When
nothing changed, a run reads the files' content keys, finds them and everything else
the findings depend on as they were, and reports the stored findings without loading
a single fact. What they depend on is the run's key:

- the code: every module of the package and its bundled schemas, and the YAML library;
- the configuration file's bytes, the rules selected or ignored, `--sync-path`;
- what discovery found: the files, the tracked ones, the symlinks not
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
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from scaffold import __version__, fs
from scaffold.lint.yaml_identity import yaml_identity
from scaffold.model.facts import codec
from scaffold.model.facts.cache import PACKAGE_ROOT, cache_path, signing_key
from scaffold.model.files.gitignore import IgnoreRules
from scaffold.model.worktree import probe

if TYPE_CHECKING:
    from scaffold.lint.findings import Finding
    from scaffold.model.load import Gathered

FORMAT = 2
SUFFIX = ".run.json"
# The distribution's name as installers spell its `.dist-info` directory.
DIST_NAME = "gitops_scaffold"
# A snapshot larger than this is not ours to read (findings are a few hundred bytes each).
MAX_BYTES = 256 * 1024 * 1024


class Snapshot(NamedTuple):
    """What a run reported: its findings (sorted, stamped), how much it read, and what the
    rules said of what they checked."""

    findings: list[Finding]
    files: int
    documents: int
    notes: tuple[str, ...] = ()
    unapplied: int = 0
    summaries: tuple[str, ...] = ()


def snapshot_path(root: Path) -> Path:
    """Where the snapshot of the repository at `root` is kept: beside its facts cache."""
    facts = cache_path(root)
    return facts.with_name(facts.stem + SUFFIX)


def run_key(
    inputs: Gathered,
    config: bytes | None,
    select: Sequence[str],
    ignored: Sequence[str],
    requested_sync_paths: Sequence[str],
) -> str:
    """The digest of everything the findings depend on, besides the recorded probes.

    `config` is the configuration file's bytes (None: there is none): the same bytes
    with the same code validate the same way, so a reused run need not parse them.
    """
    discovery = inputs.discovery
    head = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "config": None if config is None else hashlib.sha256(config).hexdigest(),
        "select": list(select),
        "ignore": list(ignored),
        "requested": list(requested_sync_paths),
        "clusters": None if inputs.clusters is None else list(inputs.clusters),
        "tracked": discovery.tracked is not None,
        "skipped": [list(entry) for entry in discovery.skipped],
        "ignore_files": _ignore_source(discovery.ignore),
        "source_ignore": _ignore_source(inputs.source_ignore),
    }
    digest = hashlib.sha256(json.dumps(head, sort_keys=True, default=_refuse).encode())
    # The long parts: one join each, not one update per file.
    digest.update(_joined(discovery.files))
    digest.update(_joined(sorted(discovery.tracked or ())))
    digest.update(_joined(f"{path}\0{key or ''}" for path, key in inputs.keys.items()))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of every module and data file of the package, and of the YAML library."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{yaml_identity()}\0".encode())
    recorded = _installed_hashes()
    if recorded is not None:
        digest.update(b"record\0" + recorded.encode())
        return digest.hexdigest()
    for path in _package_files():
        digest.update(path.relative_to(PACKAGE_ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _installed_hashes() -> str | None:
    """The installer's record of each installed module's content hash (`RECORD`), when
    the package runs from an install whose files still have the recorded sizes.

    Reading one file instead of hashing every module keeps a reused run quick; a
    source checkout (an editable install) has no such record and is hashed instead.
    """
    site = PACKAGE_ROOT.parent
    record = site / f"{DIST_NAME}-{__version__}.dist-info" / "RECORD"
    try:
        lines = record.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    prefix = PACKAGE_ROOT.name + "/"
    entries = []
    for line in lines:
        path, _, rest = line.partition(",")
        if not (path.startswith(prefix) and path.endswith((".py", ".json"))):
            continue
        file_hash, _, size = rest.partition(",")
        try:
            if not file_hash or os.stat(os.path.join(site, path)).st_size != int(size):
                return None
        except (OSError, ValueError):
            return None
        entries.append(f"{path},{file_hash}")
    if not any(entry.startswith(f"{prefix}lint/snapshot.py,") for entry in entries):
        return None  # a record of some other install
    return "\n".join(sorted(entries))


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
    report: Snapshot,
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
            "files": report.files,
            "documents": report.documents,
            "notes": list(report.notes),
            "unapplied": report.unapplied,
            "summaries": list(report.summaries),
            "findings": [codec.encode(f) for f in report.findings],
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
    probes, files, documents, findings = (
        stored.get(k) for k in ("probes", "files", "documents", "findings")
    )
    if not (isinstance(probes, dict) and isinstance(findings, list)):
        return None
    if type(files) is not int or type(documents) is not int:
        return None
    notes, unapplied = stored.get("notes", []), stored.get("unapplied", 0)
    summaries = stored.get("summaries", [])
    for lines in (notes, summaries):
        if not isinstance(lines, list) or not all(isinstance(n, str) for n in lines):
            return None
    if type(unapplied) is not int:
        return None
    for question, answer in probes.items():
        if type(answer) is not bool or probe(root, question) != answer:
            return None
    if not findings:
        return Snapshot([], files, documents, tuple(notes), unapplied, tuple(summaries))
    from scaffold.lint.findings import Finding  # loaded when there is one to build

    codec.register(Finding)
    decoded = [codec.decode(f, Finding) for f in findings]
    return Snapshot(decoded, files, documents, tuple(notes), unapplied, tuple(summaries))


def _ignore_source(rules: IgnoreRules) -> list[Any]:
    return [[base, list(lines)] for base, lines in rules.source()]


def _joined(items: Iterable[str]) -> bytes:
    # No path holds a NUL, and a content key is hex: NUL-separated, nothing is ambiguous.
    return ("\0".join(items) + "\0\0").encode("utf-8", "surrogateescape")


def _refuse(value: object) -> object:
    # The key is made of plain validated values; anything else must not reach it.
    raise TypeError(f"unexpected value of type {type(value).__name__}")
