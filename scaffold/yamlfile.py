"""The one loader of the YAML files the tool reads for itself: config, answers, values.

One policy for all of them: a bounded regular file, UTF-8, at most `MAX_DEPTH`
levels of nesting and `MAX_ALIASES` aliases (checked on the event stream before
anything is built, so neither a deep document nor an alias bomb can exhaust the
stack or memory), and every failure a `ScaffoldError` naming the file, line and
column. Repository manifests are not read here: lint has its own parser.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scaffold import fs
from scaffold.errors import ConfigError, ScaffoldError

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 100
MAX_ALIASES = 10_000
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Loaded:
    """A loaded document and its node tree, for pointing at a key's line."""

    data: Any
    node: yaml.Node | None
    source: str

    def where(self, *keys: str) -> str:
        """`source:line:col` of the value at `keys` (the deepest one found)."""
        node, found = self.node, self.node
        for key in keys:
            if not isinstance(node, yaml.MappingNode):
                break
            node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
            if node is None:
                break
            found = node
        if found is None:
            return self.source
        mark = found.start_mark
        return f"{self.source}:{mark.line + 1}:{mark.column + 1}"


def read_text(
    path: Path,
    *,
    error: type[ScaffoldError] = ConfigError,
    hint: str | None = None,
    max_bytes: int = MAX_BYTES,
    source: str | None = None,
) -> str:
    """The UTF-8 text of the regular file `path`, bounded in size."""
    name = source or str(path)
    if fs.reads_git_dir(path):
        raise error(f"{name}: a symlink into a .git directory; not read", hint)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise error(f"{name}: cannot read it ({exc.strerror or exc})", hint) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{name}: not a regular file", hint)
        if info.st_size > max_bytes:
            raise error(f"{name}: too large ({info.st_size} bytes; at most {max_bytes})", hint)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise error(f"{name}: cannot read it ({exc.strerror or exc})", hint) from exc
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{name}:{line}: not valid UTF-8", hint) from None


def load(
    path: Path,
    *,
    error: type[ScaffoldError] = ConfigError,
    hint: str | None = None,
    source: str | None = None,
) -> Any:
    """The single document in `path` as Python data; `source` names the file in errors."""
    return load_with_nodes(path, error=error, hint=hint, source=source).data


def load_with_nodes(
    path: Path,
    *,
    error: type[ScaffoldError] = ConfigError,
    hint: str | None = None,
    source: str | None = None,
) -> Loaded:
    """The single document in `path`, with its node tree for positions."""
    text = read_text(path, error=error, hint=hint, source=source)
    return parse(text, source or str(path), error=error, hint=hint)


def parse(
    text: str, source: str, *, error: type[ScaffoldError] = ConfigError, hint: str | None = None
) -> Loaded:
    """The single document in `text`; `source` names it in errors."""
    check_shape(text, source, error=error, hint=hint)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _error(exc, source, error, hint) from None
    finally:
        loader.dispose()
    return Loaded(data, node, source)


def load_all(
    path: Path,
    *,
    error: type[ScaffoldError] = ConfigError,
    hint: str | None = None,
    source: str | None = None,
) -> list[Any]:
    """Every document in `path` as Python data."""
    text = read_text(path, error=error, hint=hint, source=source)
    return parse_all(text, source or str(path), error=error, hint=hint)


def parse_all(
    text: str, source: str, *, error: type[ScaffoldError] = ConfigError, hint: str | None = None
) -> list[Any]:
    """Every document in `text`; `source` names it in errors."""
    check_shape(text, source, error=error, hint=hint)
    try:
        return list(yaml.load_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise _error(exc, source, error, hint) from None


def check_shape(
    text: str, source: str, *, error: type[ScaffoldError] = ConfigError, hint: str | None = None
) -> None:
    """Refuse nesting deeper than MAX_DEPTH or more than MAX_ALIASES aliases, before building."""
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    where = _at(source, event.start_mark)
                    raise error(f"{where}: nested more than {MAX_DEPTH} levels deep", hint)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise error(
                        f"{_at(source, event.start_mark)}: more than {MAX_ALIASES} aliases", hint
                    )
    except yaml.YAMLError as exc:
        raise _error(exc, source, error, hint) from None


def _at(source: str, mark: Any) -> str:
    return f"{source}:{mark.line + 1}:{mark.column + 1}" if mark is not None else source


def _error(
    exc: yaml.YAMLError, source: str, error: type[ScaffoldError], hint: str | None
) -> ScaffoldError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "not valid YAML"
    return error(f"{_at(source, mark)}: not valid YAML: {problem}", hint)
