"""The renderer's Reader and the Flux layer's FileSystem over a model Source's files.

Over the work tree or a git revision alike: the files are the ones the source lists (what
`git add -A` would commit, or the commit's blobs), the directories are the ones holding
them, and the bytes come through the source's own reader. A Flux build sees only what
source-controller puts in the artifact, so a predicate can leave files out; `Overlay` adds
the kustomization file kustomize-controller writes before it builds.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scaffold.model.files.discovery import content_digest
from scaffold.model.files.readers import FileReader
from scaffold.model.render.reader import MAX_FILE_BYTES, Reader, ReadError

if TYPE_CHECKING:
    from scaffold.model.files.discovery import Discovery
    from scaffold.model.files.gitignore import IgnoreRules
    from scaffold.model.source import Source


class SourceReader:
    """A Reader over a fixed list of repository-relative files."""

    def __init__(
        self,
        files: Iterable[str],
        reader: FileReader,
        visible: Callable[[str], bool] = lambda _: True,
        known: Mapping[str, str] | None = None,
    ) -> None:
        """`known`: the content keys (blob ids) known without reading a file."""
        self._reader = reader
        self._keys: dict[str, str | None] = dict(known or {})
        self._files = frozenset(p for p in files if visible(p))
        children: dict[str, set[str]] = {"": set()}
        for path in self._files:
            parent, _, name = path.rpartition("/")
            while True:  # register the file, then each ancestor not yet known
                seen = parent in children
                children.setdefault(parent, set()).add(name)
                if seen:
                    break
                parent, _, name = parent.rpartition("/")
        self._children = children

    def read(self, path: str) -> bytes:
        """The file's bytes, bounded; ReadError when it is not one of the files."""
        if path not in self._files:
            raise ReadError(f"{path}: no such file")
        try:
            data = self._reader.read(path, MAX_FILE_BYTES)
        except OSError as exc:
            raise ReadError(f"{path}: {exc.strerror or exc}") from exc
        if len(data) > MAX_FILE_BYTES:
            raise ReadError(f"{path}: too large (more than {MAX_FILE_BYTES} bytes)")
        return data

    def is_file(self, path: str) -> bool:
        """Whether `path` is one of the files."""
        return path in self._files

    def key(self, path: str) -> str | None:
        """The content key of file `path` (its blob id), None when it is not readable."""
        if path not in self._keys:
            try:
                self._keys[path] = content_digest(self.read(path))
            except ReadError:
                self._keys[path] = None
        return self._keys[path]

    def is_dir(self, path: str) -> bool:
        """Whether `path` holds one of the files."""
        return path in self._children

    def list_dir(self, path: str) -> list[str]:
        """The names in directory `path`, sorted."""
        if path not in self._children:
            raise ReadError(f"{path or '.'}: not a directory")
        return sorted(self._children[path])


@contextlib.contextmanager
def artifact_reader(
    source: Source, discovery: Discovery, ignore: IgnoreRules | None
) -> Iterator[SourceReader]:
    """The files of `source` as source-controller's artifact holds them (`ignore`d ones left
    out), with the content keys known without reading; what reads them closed after."""
    files = source.reader(discovery)
    try:
        yield SourceReader(
            discovery.files,
            files,
            (lambda p: not ignore.is_ignored(p)) if ignore is not None else (lambda _: True),
            source.known_blobs(discovery),
        )
    finally:
        files.close()


class Overlay:
    """A Reader showing `files` (path -> bytes) over another one's."""

    def __init__(self, base: Reader, files: Mapping[str, bytes]) -> None:
        self.reader = base
        self.files = dict(files)

    def read(self, path: str) -> bytes:
        """The overlaid bytes, else the base's."""
        if path in self.files:
            return self.files[path]
        return self.reader.read(path)

    def is_file(self, path: str) -> bool:
        """Whether `path` is overlaid or a base file."""
        return path in self.files or self.reader.is_file(path)

    def key(self, path: str) -> str | None:
        """The content key of the overlaid bytes, else the base's."""
        if path in self.files:
            return content_digest(self.files[path])
        return content_key(self.reader, path)

    def is_dir(self, path: str) -> bool:
        """The base's directories."""
        return self.reader.is_dir(path)

    def list_dir(self, path: str) -> list[str]:
        """The base's names plus the overlaid files of `path`."""
        names = set(self.reader.list_dir(path))
        names.update(posixpath.basename(p) for p in self.files if posixpath.dirname(p) == path)
        return sorted(names)


class ReaderFileSystem:
    """The Flux layer's FileSystem over a Reader."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def entries(self, directory: str) -> Sequence[tuple[str, bool]]:
        """The names in `directory` with whether each is a directory, in byte order."""
        names = self.reader.list_dir(directory)
        items = [(n, self.reader.is_dir(posixpath.join(directory, n))) for n in names]
        return sorted(items, key=lambda item: item[0].encode())

    def is_file(self, path: str) -> bool:
        """Whether `path` is a file."""
        return self.reader.is_file(path)

    def exists(self, path: str) -> bool:
        """Whether `path` is a file or a directory."""
        return self.reader.is_file(path) or self.reader.is_dir(path)

    def read_text(self, path: str) -> str:
        """The file's text (UTF-8)."""
        try:
            return self.reader.read(path).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReadError(f"{path}: not UTF-8 text") from exc


class MappedReader:
    """A Reader over another one's files under other names (an artifact made of copies)."""

    def __init__(self, base: Reader, mapping: Mapping[str, str]) -> None:
        self.reader = base
        self.mapping = dict(mapping)  # name here -> path in `base`
        self.files = SourceReader(self.mapping, _NoFiles())  # the copies, listed

    def read(self, path: str) -> bytes:
        """The bytes of the file `path` is a copy of."""
        if path not in self.mapping:
            raise ReadError(f"{path}: no such file")
        return self.reader.read(self.mapping[path])

    def is_file(self, path: str) -> bool:
        """Whether `path` is a copied file."""
        return path in self.mapping

    def key(self, path: str) -> str | None:
        """The content key of the file `path` is a copy of."""
        return content_key(self.reader, self.mapping[path]) if path in self.mapping else None

    def is_dir(self, path: str) -> bool:
        """Whether `path` holds a copied file."""
        return self.files.is_dir(path)

    def list_dir(self, path: str) -> list[str]:
        """The names in `path`."""
        return self.files.list_dir(path)


def walk_files(reader: Reader, directory: str) -> list[str]:
    """Every file below `directory` of `reader`, iteratively."""
    found: list[str] = []
    stack = [directory]
    while stack:
        current = stack.pop()
        for name in reader.list_dir(current):
            path = posixpath.join(current, name) if current else name
            if reader.is_dir(path):
                stack.append(path)
            elif reader.is_file(path):
                found.append(path)
    return found


class _NoFiles:
    def read(self, path: str, max_bytes: int) -> bytes:
        raise OSError(f"{path}: not readable here")

    def close(self) -> None:
        """Nothing is held."""


def content_key(reader: Reader, path: str) -> str | None:
    """The content key of `path` in `reader`: its own when it has one, else its bytes' digest."""
    own = getattr(reader, "key", None)
    if callable(own):
        found = own(path)
        return found if isinstance(found, str) or found is None else str(found)
    try:
        return content_digest(reader.read(path))
    except ReadError:
        return None


# What a build asked of its files, and the answers: ("f", path) -> content key or None,
# ("d", path) -> whether a directory, ("l", path) -> its names, ("r", path) -> content key.
Inputs = dict[tuple[str, str], Any]


class RecordingReader:
    """A Reader noting every question asked of it and the answer, so a later state can tell
    whether the same build would read the same thing (and so give the same result)."""

    def __init__(self, reader: Reader, inputs: Inputs) -> None:
        self.reader = reader
        self.inputs = inputs

    def read(self, path: str) -> bytes:
        """The bytes, noting the file's content key."""
        self.inputs[("r", path)] = content_key(self.reader, path)
        return self.reader.read(path)

    def key(self, path: str) -> str | None:
        """The content key, noted as a read (what is known by its key is not read)."""
        found = self.inputs[("r", path)] = content_key(self.reader, path)
        return found

    def is_file(self, path: str) -> bool:
        """Whether a file, noting its content key (a file is checked before it is read)."""
        found = self.reader.is_file(path)
        self.inputs[("f", path)] = content_key(self.reader, path) if found else None
        return found

    def is_dir(self, path: str) -> bool:
        """Whether a directory, noted."""
        found = self.reader.is_dir(path)
        self.inputs[("d", path)] = found
        return found

    def list_dir(self, path: str) -> list[str]:
        """The names, noted."""
        try:
            names = self.reader.list_dir(path)
        except ReadError:
            self.inputs[("l", path)] = None
            raise
        self.inputs[("l", path)] = tuple(names)
        return names


def same_answers(inputs: Inputs, reader: Reader) -> bool:
    """Whether `reader` answers every noted question as it was answered then."""
    own = getattr(reader, "key", None)
    key: Callable[[str], Any] = own if callable(own) else (lambda p: content_key(reader, p))
    for (question, path), answer in inputs.items():  # thousands a Kustomization: kept tight
        now: Any
        if question == "f":
            now = key(path) if reader.is_file(path) else None
        elif question == "r":
            now = key(path)
        elif question == "d":
            now = reader.is_dir(path)
        elif question == "l":
            try:
                now = tuple(reader.list_dir(path))
            except ReadError:
                now = None
        else:
            return False
        if now != answer:
            return False
    return True
