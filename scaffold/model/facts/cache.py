"""Per-file facts kept between runs, keyed by each file's content.

One file per repository in the user cache directory
(`<user cache dir>/gitops-scaffold/lint/`), holding for each path the Git blob
id of the content it was computed from and its `FileFacts`, one line per file
(a save after one file changed writes the other lines back as read). It is valid only for
the same extraction code (every module the parser imports), tool version, parse
options, rule options and bundled schemas; otherwise it starts empty. Facts hold
names, kinds, key paths and positions, and schema messages that quote a value only
when it is short, plain and not under a credential-like key; never a secret value.

The cache is data, never code: JSON rebuilt only into our own plain classes
(`codec`), and signed with HMAC-SHA256 under a key kept outside the cache
directory (`<user data dir>/gitops-scaffold/cache.key`, mode 0600, or the
`GITOPS_SCAFFOLD_CACHE_KEY` variable, e.g. a CI secret). Whoever can write the
cache directory, a shared runner or a restored CI cache, can neither run code
nor hide a finding: a file whose signature, format or shape is off is a miss,
rebuilt from the files.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold import __version__, fs
from scaffold.model.facts import codec

if TYPE_CHECKING:
    from scaffold.model.facts.documents import FileFacts
    from scaffold.model.facts.parse import ParseOptions

APP_NAME = "gitops-scaffold"
FORMAT = 3
KEY_VARIABLE = "GITOPS_SCAFFOLD_CACHE_KEY"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
# The parser's own module: the facts depend on it and on everything it imports.
ENTRY_MODULE = "scaffold.model.facts.parse"
# Data the facts depend on as much as on code: the bundled CRD schemas.
FACT_DATA = ("model/schemas/data",)
# `from scaffold.x import a, b`, the same wrapped in parentheses over several lines, or
# `import scaffold.x`: a wrapped import read as one line would hide its names.
_IMPORT = re.compile(
    r"^\s*(?:from\s+(scaffold(?:\.\w+)*)\s+import\s+(\([^)]*\)|[\w, ]+)"
    r"|import\s+(scaffold(?:\.\w+)*))",
    re.M,
)
_COMMENT = re.compile(r"#[^\n]*")

Entry = tuple[str, "FileFacts"]  # content digest, facts


def cache_dir() -> Path:
    """Where lint caches live: the user cache directory (honours XDG_CACHE_HOME)."""
    return user_dir(CACHE) / "lint"


CACHE = ("XDG_CACHE_HOME", "~/.cache", "user_cache_dir")
DATA = ("XDG_DATA_HOME", "~/.local/share", "user_data_dir")


def user_dir(kind: tuple[str, str, str]) -> Path:
    """This tool's user cache or data directory, as platformdirs names it.

    On Linux that is the XDG variable or its default, worked out here: importing
    platformdirs costs more than a lint that reuses its last findings.
    """
    variable, default, function = kind
    if sys.platform.startswith("linux"):
        base = os.environ.get(variable, "")
        return Path(base if base.strip() else os.path.expanduser(default)) / APP_NAME
    import platformdirs

    return Path(getattr(platformdirs, function)(APP_NAME))


def cache_path(root: Path) -> Path:
    """The cache file of the repository at `root`."""
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir() / f"{name[:24]}.json"


def signing_key() -> bytes | None:
    """The key caches are signed with; None when there is none and none can be made."""
    given = os.environ.get(KEY_VARIABLE)
    if given:
        return hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()
    path = user_dir(DATA) / "cache.key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fs.write_atomic(path, os.urandom(32), mode=0o600)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def fact_modules() -> list[Path]:
    """The source files of every scaffold module the parser imports, transitively."""
    seen: dict[str, Path] = {}
    todo = [ENTRY_MODULE]
    while todo:
        name = todo.pop()
        source = _source_of(name)
        if name in seen or source is None:
            continue
        seen[name] = source
        text = source.read_text(encoding="utf-8")
        for base, names, plain in _IMPORT.findall(text):
            if plain:
                todo.append(plain)
                continue
            todo.append(base)
            listed = _COMMENT.sub("", names).strip("()")
            todo.extend(f"{base}.{n.split()[0]}" for n in listed.split(",") if n.strip())
    return sorted(seen.values())


def _source_of(module: str) -> Path | None:
    parts = module.split(".")[1:]
    if not parts:
        return PACKAGE_ROOT / "__init__.py"
    relative = Path(*parts)
    for candidate in (
        PACKAGE_ROOT / relative.with_suffix(".py"),
        PACKAGE_ROOT / relative / "__init__.py",
    ):
        if candidate.is_file():
            return candidate
    return None


def fingerprint(options: ParseOptions, rule_options: Mapping[str, Any]) -> str:
    """What the cached facts depend on besides file contents."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    digest.update(json.dumps(asdict(options), sort_keys=True).encode())
    digest.update(json.dumps(rule_options, sort_keys=True, default=_refuse).encode())
    data_files = sorted(p for d in FACT_DATA for p in (PACKAGE_ROOT / d).iterdir() if p.is_file())
    for source in [*fact_modules(), *data_files]:
        digest.update(source.relative_to(PACKAGE_ROOT).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _refuse(value: object) -> object:
    # Options are validated to plain types; anything else must not reach a fingerprint.
    raise TypeError(f"unexpected option value of type {type(value).__name__}")


class FactsCache:
    """The cached facts of one repository, as loaded, plus what this run adds."""

    def __init__(
        self, path: Path, key: str, entries: dict[str, Entry] | None = None,
        signer: bytes | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.key = key
        self.entries: dict[str, Entry] = entries or {}
        # Entries as read, already encoded: a save after one file changed re-encodes only it.
        self.encoded: dict[str, bytes] = {}
        self.signer = signer
        self.dirty = False

    @classmethod
    def load(cls, path: Path, key: str, signer: bytes | None = None) -> FactsCache:
        """The cache at `path` if it is signed by `signer` and made for `key`; else an empty one."""
        signer = signer if signer is not None else signing_key()
        entries, encoded = None, {}
        with contextlib.suppress(OSError, ValueError, UnicodeDecodeError, RecursionError):
            if signer:
                entries, encoded = _read(path, key, signer) or (None, {})
        cache = cls(path, key, entries, signer)
        cache.encoded = encoded
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
        self.encoded.pop(path, None)
        self.dirty = True

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone."""
        gone = [p for p in self.entries if p not in paths]
        for path in gone:
            del self.entries[path]
            self.encoded.pop(path, None)
        self.dirty = self.dirty or bool(gone)

    def _lines(self) -> Iterator[bytes]:
        for path, (digest, facts) in self.entries.items():
            stored = self.encoded.get(path)
            yield stored if stored is not None else _entry_line(path, digest, facts)

    def save(self) -> None:
        """Write the cache if it changed; a failure to write only costs the next run time."""
        if not self.dirty or self.signer is None:
            return
        header = json.dumps({"format": FORMAT, "key": self.key}, separators=(",", ":"))
        payload = b"\n".join([header.encode(), *self._lines()])
        mac = hmac.new(self.signer, payload, hashlib.sha256).hexdigest().encode()
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fs.write_atomic(self.path, mac + b"\n" + payload, mode=0o600)
        self.dirty = False


def _entry_line(path: str, digest: str, facts: FileFacts) -> bytes:
    # One JSON array per line (JSON text holds no raw newline): a save after one file
    # changed writes the other lines back as they were read.
    return json.dumps([path, digest, codec.encode(facts)], separators=(",", ":")).encode()


def _read(path: Path, key: str, signer: bytes) -> tuple[dict[str, Entry], dict[str, bytes]] | None:
    if not path.is_file():  # never open a FIFO or a device planted in its place
        return None
    data = path.read_bytes()
    mac, _, payload = data.partition(b"\n")
    expected = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(mac, expected):
        return None
    header, *lines = payload.split(b"\n")
    stored = json.loads(header)
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("key") != key:
        return None
    entries: dict[str, Entry] = {}
    raw: dict[str, bytes] = {}
    parsed = json.loads(b"[" + b",".join(lines) + b"]")  # one call, not one per line
    if len(parsed) != len(lines):
        return None
    for line, entry in zip(lines, parsed, strict=True):
        if not (isinstance(entry, list) and len(entry) == 3):
            return None
        file_path, digest, encoded = entry
        if not (isinstance(file_path, str) and isinstance(digest, str)) or file_path in entries:
            return None
        facts = codec.decode(encoded)
        if facts.path != file_path:
            return None
        entries[file_path] = (digest, facts)
        raw[file_path] = line
    return entries, raw
