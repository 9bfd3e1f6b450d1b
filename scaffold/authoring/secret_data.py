"""The data of a Secret to seal, read into memory only, never echoed.

Sources mirror `kubectl create secret generic`: `--from-literal KEY=VALUE`,
`--from-file [KEY=]PATH` (`KEY=-` reads standard input, so a value never
touches the disk or the shell history) and `--from-env-file PATH`.
Error messages name keys and paths, never a value.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from scaffold import fs
from scaffold.errors import UsageError
from scaffold.repository.names import is_secret_key

# Kubernetes refuses a Secret whose data exceeds 1 MiB.
MAX_SECRET_BYTES = 1024 * 1024
KEY_HINT = "a Secret key may hold only letters, digits, '-', '_' and '.'"
StdinReader = Callable[[str], bytes]
FROM_FILE_HINT = (
    "--from-file takes KEY=PATH (a regular file of at most 1 MiB) or KEY=- for standard "
    "input; to give the value itself use --from-literal KEY=VALUE, or better KEY=-"
)


class SecretData:
    """Keys to values, refusing duplicates and invalid keys."""

    def __init__(self) -> None:
        self.values: dict[str, bytes] = {}

    def add(self, key: str, value: bytes, source: str) -> None:
        """Add one entry; `source` names where it came from (never the value)."""
        if not is_secret_key(key):
            raise UsageError(f"invalid Secret key {key!r} from {source}", hint=KEY_HINT)
        if key in self.values:
            raise UsageError(f"key {key!r} is given twice ({source})", hint="give each key once")
        self.values[key] = value

    def check_size(self) -> None:
        """Refuse data that Kubernetes would refuse once unsealed."""
        total = sum(len(k) + len(v) for k, v in self.values.items())
        if total > MAX_SECRET_BYTES:
            raise UsageError(
                f"the Secret's data is {total} bytes; Kubernetes accepts at most 1 MiB",
                hint="split it into several Secrets",
            )

    def empty_keys(self) -> list[str]:
        """Keys whose value is empty (often an empty pipe on standard input)."""
        return sorted(key for key, value in self.values.items() if not value)


def add_literals(data: SecretData, literals: Iterable[str]) -> None:
    """Add `KEY=VALUE` items; a malformed item is reported by position, not content."""
    for position, item in enumerate(literals, start=1):
        key, sep, value = item.partition("=")
        if not sep or not key or not is_secret_key(key):
            raise UsageError(
                f"--from-literal #{position} is not KEY=VALUE with a valid key",
                hint=KEY_HINT,
            )
        data.add(key, value.encode(), f"--from-literal #{position}")


def read_stdin_value(key: str, stdin: Callable[[], bytes], isatty: bool) -> bytes:
    """A value from standard input: prompted without echo on a terminal, else read whole."""
    if isatty:
        return getpass.getpass(f"value for {key}: ").encode()
    return stdin()


def add_files(data: SecretData, specs: Iterable[str], read_stdin: StdinReader) -> None:
    """Add `[KEY=]PATH` items; `KEY=-` reads standard input (at most once)."""
    used_stdin = False
    for position, spec in enumerate(specs, start=1):
        key, sep, location = spec.partition("=")
        if not sep:
            key, location = Path(spec).name, spec
        if location == "-":
            if used_stdin:
                raise UsageError("only one --from-file may read standard input (`KEY=-`)")
            if not sep:
                raise UsageError("--from-file - needs a key: use --from-file KEY=-")
            used_stdin = True
            data.add(key, read_stdin(key), "standard input")
            continue
        path = Path(location)
        # The argument may be a value typed where a path belongs: name the key, not it.
        where = f"--from-file {key}=..." if sep else f"--from-file #{position}"
        try:
            value = fs.read_bounded(path, MAX_SECRET_BYTES)
        except fs.Refused as exc:
            raise UsageError(f"{where}: the file is {exc}", hint=FROM_FILE_HINT) from None
        except OSError as exc:
            raise UsageError(
                f"{where}: cannot read the file ({exc.strerror})", hint=FROM_FILE_HINT
            ) from None
        data.add(key, value, where)


def parse_env_lines(text: str, source: str, environ: dict[str, str]) -> list[tuple[str, str]]:
    """`KEY=VALUE` lines as kubectl reads them; a bare `KEY` takes its value from `environ`."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.lstrip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        where = f"{source}:{number}"
        if not sep:
            key = key.rstrip()
            if key not in environ:
                raise UsageError(
                    f"{where}: no `=` and no environment variable of that name (line not shown)",
                    hint="write KEY=VALUE lines",
                )
            value = environ[key]
        if not is_secret_key(key):
            raise UsageError(f"{where}: invalid key (not shown)", hint=KEY_HINT)
        entries.append((key, value))
    return entries


def add_env_files(data: SecretData, paths: Iterable[Path]) -> None:
    """Add every entry of each env file."""
    for path in paths:
        try:
            text = fs.read_bounded(path, MAX_SECRET_BYTES).decode("utf-8")
        except fs.Refused as exc:
            raise UsageError(f"--from-env-file {path}: the file is {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--from-env-file {path}: cannot read ({type(exc).__name__})") from exc
        for key, value in parse_env_lines(text, str(path), dict(os.environ)):
            data.add(key, value.encode(), f"--from-env-file {path}")
