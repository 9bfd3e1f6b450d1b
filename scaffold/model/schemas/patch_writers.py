"""The patches a Flux Kustomization's build applies, in the order kustomize applies them.

kustomize accumulates a kustomization's resources (each base built first, with its own
patches), then its components, then runs its own transformers: strategic-merge patches,
`patches`, and later JSON 6902 patches; kustomize-controller appends the Flux
Kustomization's `spec.patches` to the top kustomization's `patches` and its
`spec.components` to its components. Each patch is read with its positions (an inline one
placed where its string is written), so a value a patch set can be traced to its line.
What cannot be read (a remote base, a file outside the linted ones) adds no patch: the
value is then placed at its resource document, never at a guessed file.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scaffold.model.render.kustomization import FILE_NAMES, is_remote
from scaffold.model.render.patches import json_patch, strategic_patches
from scaffold.model.render.problems import NotRendered
from scaffold.model.schemas.located import YAML11, Located, inline_documents, located_documents

Read = Callable[[str], "str | None"]


@dataclass
class Writer:
    """One patch: its documents (strategic-merge objects, or one list of JSON operations),
    the file holding it, and its target selector (None: matched by each document's id)."""

    file: str
    strategic: bool
    documents: list[Located]
    target: Mapping[str, Any] | None = None
    # The file holds nothing but this patch (not a string inside a kustomization file)
    whole_file: bool = False


def patch_writers(
    read: Read,
    files: Sequence[str],
    directory: str | None,
    spec: Mapping[str, Any],
    declaration: tuple[str, str, str],
) -> list[Writer]:
    """Every patch the build of a Flux Kustomization of `spec` at `directory` applies;
    `files` are the readable ones, `declaration` the file, namespace and name declaring
    it. With no directory (paths not the repository's) only `spec.patches` are read."""
    if directory is None:
        return list(_flux_patches(read, spec, *declaration))
    found: list[Writer] = []
    seen = {directory}
    top = _kustomization(read, directory)
    if top is not None:
        found.extend(_bases(read, directory, top[2], seen))
    else:  # Flux lists every manifest, and each directory holding a kustomization file
        for below in _kustomization_dirs(files, directory):
            found.extend(_walk(read, below, seen))
    for component in spec.get("components") or ():
        if isinstance(component, str):
            found.extend(_walk(read, _join(directory, component), seen))
    if top is not None:
        found.extend(_own_patches(read, directory, *top))
    found.extend(_flux_patches(read, spec, *declaration))
    return found


def _kustomization_dirs(files: Sequence[str], directory: str) -> list[str]:
    """The outermost directories below `directory` that hold a kustomization file."""
    prefix = directory + "/" if directory else ""
    holding = sorted(
        {p.rpartition("/")[0] for p in files
         if p.startswith(prefix) and p.rpartition("/")[2] in FILE_NAMES}
    )  # fmt: skip
    outermost: list[str] = []
    for candidate in holding:
        if candidate != directory and not any(candidate.startswith(o + "/") for o in outermost):
            outermost.append(candidate)
    return outermost


def _join(directory: str, entry: str) -> str:
    path = posixpath.normpath(posixpath.join(directory, entry))
    return "" if path == "." else path


def _kustomization(read: Read, directory: str) -> tuple[str, str, Located] | None:
    """(path, text, document) of the kustomization file of `directory`, if it is readable."""
    for file_name in FILE_NAMES:
        path = posixpath.join(directory, file_name) if directory else file_name
        text = read(path)
        if text is None:
            continue
        documents = located_documents(text, YAML11)
        if documents and isinstance(documents[0].value, dict):
            return path, text, documents[0]
        return None
    return None


def _walk(read: Read, directory: str, seen: set[str]) -> Iterator[Writer]:
    """The patches of one kustomization directory's build: its bases', then its own."""
    if directory in seen:
        return
    seen.add(directory)
    found = _kustomization(read, directory)
    if found is None:
        return
    yield from _bases(read, directory, found[2], seen)
    yield from _own_patches(read, directory, *found)


def _bases(read: Read, directory: str, document: Located, seen: set[str]) -> Iterator[Writer]:
    """The patches of the bases and components a kustomization builds on (not its own)."""
    for field in ("resources", "bases", "components"):
        entries = document.value.get(field)
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, str) and not is_remote(entry):
                yield from _walk(read, _join(directory, entry), seen)


def _own_patches(
    read: Read, directory: str, path: str, text: str, document: Located
) -> Iterator[Writer]:
    """A kustomization's own patches: strategic merge, `patches`, then JSON 6902."""
    data = document.value
    entries = data.get("patchesStrategicMerge")
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        if not isinstance(entry, str):
            continue
        if "\n" in entry or entry.lstrip().startswith(("{", "apiVersion", "kind")):
            at = document.value_at(("patchesStrategicMerge", index))
            yield from _parsed(path, inline_documents(entry, text, at), None, True, at)
        else:
            yield from _from_file(read, _join(directory, entry), None)
    for field in ("patches", "patchesJson6902"):
        entries = data.get(field)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if not isinstance(entry, dict):
                continue
            target = entry.get("target") if isinstance(entry.get("target"), dict) else None
            if isinstance(entry.get("patch"), str) and entry["patch"].strip():
                at = document.value_at((field, index, "patch"))
                yield from _inline(entry["patch"], path, text, at, target)
            elif isinstance(entry.get("path"), str):
                yield from _from_file(read, _join(directory, entry["path"]), target)


def _flux_patches(
    read: Read, spec: Mapping[str, Any], declared_in: str, namespace: str, name: str
) -> Iterator[Writer]:
    """The Flux Kustomization's own `spec.patches`, placed in the file declaring it."""
    entries = spec.get("patches")
    if not isinstance(entries, list) or not entries:
        return
    text = read(declared_in) if declared_in else None
    declared = _declaration(text, namespace, name) if text is not None else None
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("patch"), str):
            continue
        target = entry.get("target") if isinstance(entry.get("target"), Mapping) else None
        if declared is None or text is None:
            continue  # the patch is not where it can be pointed at
        at = declared.value_at(("spec", "patches", index, "patch"))
        yield from _inline(entry["patch"], declared_in, text, at, target)


def _declaration(text: str, namespace: str, name: str) -> Located | None:
    """The Flux Kustomization `namespace/name` among the documents of `text` (one of that
    name with no namespace written, when none says `namespace`: a root's is flux-system)."""
    named: list[tuple[str | None, Located]] = []
    for document in located_documents(text):
        value = document.value
        meta = value.get("metadata") if isinstance(value, dict) else None
        if (
            isinstance(meta, dict)
            and value.get("kind") == "Kustomization"
            and str(value.get("apiVersion") or "").startswith("kustomize.toolkit.fluxcd.io/")
            and meta.get("name") == name
        ):
            named.append((meta.get("namespace"), document))
    exact = [doc for space, doc in named if space == namespace]
    unset = [doc for space, doc in named if not space]
    found = exact or unset
    return found[0] if len(found) == 1 else None


def _from_file(read: Read, path: str, target: Mapping[str, Any] | None) -> Iterator[Writer]:
    text = read(path)
    if text is None:
        return
    yield from _inline(text, path, text, None, target)


def _inline(
    patch: str, path: str, text: str, at: tuple[int, int] | None, target: Mapping[str, Any] | None
) -> Iterator[Writer]:
    """A patch's text as the renderer reads it: strategic merge, else JSON 6902."""
    if strategic_patches(patch.strip(), path) is not None:
        yield from _parsed(path, inline_documents(patch, text, at), target, True, at)
        return
    try:
        operations = json_patch(patch.strip())
    except NotRendered:
        return
    if operations is not None:
        yield from _parsed(path, inline_documents(patch, text, at, YAML11), target, False, at)


def _parsed(
    path: str,
    documents: list[Located],
    target: Mapping[str, Any] | None,
    strategic: bool,
    at: tuple[int, int] | None,
) -> Iterator[Writer]:
    """One Writer of the documents; `at` is where an inline patch's string sits."""
    if documents:
        yield Writer(path, strategic, documents, target, whole_file=at is None)
