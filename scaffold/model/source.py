"""Where the model reads a repository from: the work tree, or one Git revision.

Everything the model knows of a repository comes through a `Source`: which files
there are, their bytes, the ignore rules, and the few questions asked of the tree
beyond the files (is this a directory?). The work tree is what `lint` sees; a
revision is read with `git ls-tree` and its blobs by id, with no checkout and
nothing written to the repository, so two revisions can be compared side by side.
"""

from __future__ import annotations

import fnmatch
import posixpath
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from functools import cached_property, partial
from pathlib import Path

from scaffold import git
from scaffold.errors import UsageError
from scaffold.model.files.discovery import (
    SOURCEIGNORE,
    Discovery,
    content_keys,
    discover,
    flux_source_ignore,
    source_ignore_rules,
    unmodified_blobs,
)
from scaffold.model.files.gitignore import GITIGNORE, MAX_IGNORE_FILE_BYTES, IgnoreRules
from scaffold.model.files.readers import BlobReader, FileReader, WorkTreeReader
from scaffold.model.worktree import EXISTS, IS_DIR, probe
from scaffold.repository.clusters import (
    ANSWERS_GLOB,
    Cluster,
    clusters_of_answers,
    recorded_clusters,
    with_flux_syncs,
)
from scaffold.repository.flux_sync import flux_syncs_in

REGULAR = ("100644", "100755")
# An answers file is a few hundred bytes; a flux-system manifest a few megabytes.
MAX_SYNC_FILE_BYTES = 16 * 1024 * 1024
SYMLINK = "120000"


class Source(ABC):
    """One state of a repository the model can be loaded from."""

    root: Path

    @property
    @abstractmethod
    def revision(self) -> str | None:
        """The commit read, or None for the work tree."""

    @abstractmethod
    def discover(self) -> Discovery:
        """The files, the tracked ones, Git's ignore rules and what was not read."""

    @abstractmethod
    def source_ignore(self) -> IgnoreRules:
        """What source-controller leaves out of the artifact it builds of this state."""

    @abstractmethod
    def content_keys(self, discovery: Discovery, paths: Sequence[str]) -> dict[str, str | None]:
        """Each file's content key (its blob id), None for a file that cannot be read."""

    @abstractmethod
    def known_blobs(self, discovery: Discovery) -> dict[str, str]:
        """The blob ids known without reading a file (to find files with the same bytes)."""

    @abstractmethod
    def reader(self, discovery: Discovery) -> FileReader:
        """What reads the files' bytes (in this process or a parse worker)."""

    @abstractmethod
    def probe(self, question: str) -> bool:
        """Answer `IS_DIR` or `EXISTS` of a relative path, as `worktree.probe` spells it."""

    @abstractmethod
    def read_small(self, path: str, max_bytes: int) -> bytes | None:
        """The bytes of a small file at the top of the tree (answers files), or None."""

    @abstractmethod
    def recorded_clusters(self) -> list[Cluster]:
        """The clusters its answers files record, then those only Flux's files name."""

    def is_dir(self, relative: str) -> bool:
        """Whether `relative` is a directory in this state."""
        return self.probe(IS_DIR + relative)

    @property
    def label(self) -> str:
        """How messages name this state."""
        return "the work tree" if self.revision is None else f"revision {self.revision[:12]}"


class WorkTree(Source):
    """The files on disk, as `git add -A` would commit them (or a plain directory)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    @property
    def revision(self) -> str | None:
        """None: the work tree."""
        return None

    def discover(self) -> Discovery:
        """Git's list of files with untracked ones, or a gitignore-aware walk."""
        return discover(self.root)

    def source_ignore(self) -> IgnoreRules:
        """Flux's defaults, then the root's `.sourceignore`."""
        return flux_source_ignore(self.root)

    def content_keys(self, discovery: Discovery, paths: Sequence[str]) -> dict[str, str | None]:
        """The index's blob ids of unmodified files, else the ids of the bytes on disk."""
        return content_keys(discovery, paths)

    def known_blobs(self, discovery: Discovery) -> dict[str, str]:
        """The index's blob ids of the tracked files the work tree holds unmodified."""
        return unmodified_blobs(discovery)

    def reader(self, discovery: Discovery) -> FileReader:
        """Read files from disk, refusing what is not a regular file."""
        return WorkTreeReader(str(self.root))

    def probe(self, question: str) -> bool:
        """Ask the file system."""
        return probe(self.root, question)

    def recorded_clusters(self) -> list[Cluster]:
        """Answers files at the top, `gotk-sync.yaml` and FluxInstance files on disk."""
        return recorded_clusters(self.root)

    def read_small(self, path: str, max_bytes: int) -> bytes | None:
        """A regular file's bytes, or None."""
        try:
            return WorkTreeReader(str(self.root)).read(path, max_bytes)
        except OSError:
            return None


class GitRevision(Source):
    """One commit of the repository at `root`, read from Git's object store."""

    def __init__(self, root: Path, revision: str) -> None:
        self.root = root.resolve()
        self.asked = revision
        self._commit = resolve_commit(self.root, revision)

    @property
    def revision(self) -> str | None:
        """The full commit id."""
        return self._commit

    @cached_property
    def _tree(self) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
        """Blob id of every regular file, target of every symlink, every directory."""
        out = git.read_only(
            ["-c", "core.quotepath=off", "ls-tree", "-r", "-z", "--full-tree", self._commit],
            self.root,
        ).stdout
        blobs: dict[str, str] = {}
        links: dict[str, str] = {}
        for entry in out.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, blob = meta.split(" ")
            if kind != "blob" or path == ".git" or path.startswith(".git/"):
                continue  # a submodule's commit, or a name Git itself refuses
            if mode in REGULAR:
                blobs[path] = blob
            elif mode == SYMLINK:
                links[path] = blob
        dirs = {""}
        for path in (*blobs, *links):
            directory = posixpath.dirname(path)
            while directory not in dirs:
                dirs.add(directory)
                directory = posixpath.dirname(directory)
        return blobs, links, frozenset(dirs)

    def discover(self) -> Discovery:
        """The committed files; a symlink counts as the file it names inside the tree."""
        return self._discovery

    @cached_property
    def _discovery(self) -> Discovery:
        blobs, links, dirs = self._tree
        files = dict(blobs)
        skipped = []
        targets = self._link_targets(links)
        for path in sorted(links):
            target = _resolve_link(path, targets.get(path, ""), blobs, links)
            if target is not None and target in blobs:
                files[path] = blobs[target]
            elif target is not None and target in dirs:
                continue  # a link to a directory inside the tree: not walked twice
            else:
                skipped.append(
                    (
                        path,
                        f"symlink `{path}` does not resolve inside the repository at "
                        f"{self.label}; not followed",
                        "point it at a file in the repository",
                    )
                )
        ignore_files = sorted(p for p in blobs if p.rpartition("/")[2] == GITIGNORE)
        texts = self._texts(ignore_files, blobs)
        rules = IgnoreRules()
        for path in ignore_files:
            rules.add(posixpath.dirname(path), texts.get(path, "").splitlines())
        return Discovery(
            self.root, sorted(files), rules, frozenset(files), dict(files), skipped
        )

    def _link_targets(self, links: Mapping[str, str]) -> dict[str, str]:
        return self._texts(list(links), links)

    def _texts(self, paths: Sequence[str], blobs: Mapping[str, str]) -> dict[str, str]:
        reader = BlobReader(str(self.root), dict(blobs))
        texts = {}
        for path in paths:
            try:
                data = reader.read(path, MAX_IGNORE_FILE_BYTES)
            except OSError:
                continue
            texts[path] = data.decode("utf-8", errors="surrogateescape")
        reader.close()
        return texts

    def source_ignore(self) -> IgnoreRules:
        """Flux's defaults, then the committed `.sourceignore`."""
        blobs = self._tree[0]
        if SOURCEIGNORE not in blobs:
            return source_ignore_rules([])
        text = self._texts([SOURCEIGNORE], blobs).get(SOURCEIGNORE, "")
        return source_ignore_rules(text.splitlines())

    def content_keys(self, discovery: Discovery, paths: Sequence[str]) -> dict[str, str | None]:
        """The blob ids: nothing is read."""
        return {path: discovery.blobs.get(path) for path in paths}

    def known_blobs(self, discovery: Discovery) -> dict[str, str]:
        """Every file's blob id."""
        return dict(discovery.blobs)

    def reader(self, discovery: Discovery) -> FileReader:
        """Read blobs by id with one `git cat-file --batch` per process."""
        return BlobReader(str(self.root), dict(discovery.blobs))

    def probe(self, question: str) -> bool:
        """Answer from the commit's tree."""
        kind, relative = question[:2], question[2:]
        blobs, links, dirs = self._tree
        if kind == IS_DIR:
            return relative in dirs
        if kind == EXISTS:
            return relative in blobs or relative in links or relative in dirs
        raise ValueError(f"unknown probe {kind!r}")

    def recorded_clusters(self) -> list[Cluster]:
        """The same as in the work tree, from the committed files."""
        files = self.discover().files
        answers = {}
        for path in files:
            if "/" not in path and fnmatch.fnmatchcase(path, ANSWERS_GLOB):
                data = self.read_small(path, MAX_SYNC_FILE_BYTES)
                if data is not None:
                    answers[path] = data.decode("utf-8", errors="replace")
        syncs = flux_syncs_in(files, partial(self.read_small, max_bytes=MAX_SYNC_FILE_BYTES))
        return with_flux_syncs(clusters_of_answers(answers, self.root), syncs)

    def read_small(self, path: str, max_bytes: int) -> bytes | None:
        """A committed file's bytes, or None."""
        blobs = self._tree[0]
        if path not in blobs:
            return None
        reader = BlobReader(str(self.root), {path: blobs[path]})
        try:
            return reader.read(path, max_bytes)
        except OSError:
            return None
        finally:
            reader.close()


def _resolve_link(
    path: str, target: str, blobs: Mapping[str, str], links: Mapping[str, str]
) -> str | None:
    """Where a committed symlink leads inside the tree, or None (outside, absolute, or to
    another link: Git stores both, and the model reads the one that is a file)."""
    if not target or target.startswith("/"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    if resolved == ".." or resolved.startswith("../") or resolved in links:
        return None
    return "" if resolved == "." else resolved


def resolve_commit(root: Path, revision: str) -> str:
    """The commit `revision` names in the repository at `root`; UsageError when none."""
    if not revision or revision.startswith("-") or "\0" in revision:
        raise UsageError(f"invalid revision {revision!r}", hint="name a branch, tag or commit")
    done = git.read_only(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
        root,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise UsageError(
            f"unknown revision {revision!r} in {root}",
            hint="name a branch, tag or commit that exists here (`git log --oneline` lists "
            "them; in a shallow clone, `git fetch --unshallow` first)",
        )
    return done.stdout.strip()
