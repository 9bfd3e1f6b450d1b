"""Accumulating a kustomization: resources, generators, components, then transformers, in the
order kustomize's KustTarget runs them. Each directory is accumulated once per resolved path."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import yaml

from scaffold.model.render import generators
from scaffold.model.render.behavior import absorb
from scaffold.model.render.config import TransformerConfig
from scaffold.model.render.kustomization import (
    Kustomization,
    find_file,
    is_remote,
    load_kustomization,
)
from scaffold.model.render.parse import Unsupported, load_documents
from scaffold.model.render.problems import BuildError, NotRendered
from scaffold.model.render.reader import Reader, ReadError
from scaffold.model.render.resource import ResId, Resource, deep_copy
from scaffold.model.render.source_reader import content_key
from scaffold.model.render.transform import run_transformers

MAX_OBJECTS = 200_000


@dataclass
class Accumulator:
    """Resources so far and the transformer configuration they carry."""

    resources: list[Resource] = field(default_factory=list)
    config: TransformerConfig = field(default_factory=TransformerConfig.default)

    # The ids of `resources`, kept only while resources are appended (nothing renames them
    # then); None whenever they may have changed.
    ids: set[tuple[str, str, str, str, str]] | None = field(default=None, repr=False)

    def copy(self) -> Accumulator:
        return Accumulator([r.copy() for r in self.resources], self.config)

    def append(self, incoming: list[Resource], where: str) -> None:
        """AppendAll: an id already present is an error."""
        if self.ids is None:
            self.ids = {_key(r.cur_id()) for r in self.resources}
        for res in incoming:
            cur = res.cur_id()
            key = _key(cur)
            if key in self.ids:
                raise BuildError(
                    where, f"may not add resource with an already registered id: {cur}"
                )
            self.ids.add(key)
            self.resources.append(res)

    def forget_ids(self) -> None:
        """Resources are about to be renamed or replaced: the ids must be read again."""
        self.ids = None


def _manifests(path: str, documents: list[tuple[Any, bool]]) -> list[tuple[Any, bool]] | Exception:
    """The objects of a manifest file's documents, or what kustomize rejects in them."""
    result: list[tuple[Any, bool]] = []
    for doc, flag in documents:
        if doc is None or doc == {}:
            continue
        if not isinstance(doc, dict):
            return BuildError(path, "a document that is not a mapping")
        kind = doc.get("kind")
        if not kind:
            return BuildError(path, "missing kind in an object", missing=True)
        if str(kind).endswith("List") and "items" in doc:
            return NotRendered(f"{path}: a {kind} of objects")
        meta = doc.get("metadata")
        if not isinstance(meta, dict) or not meta.get("name"):
            return BuildError(path, f"missing metadata.name in a {kind}", missing=True)
        result.append((doc, flag))
    return result


def _key(res_id: ResId) -> tuple[str, str, str, str, str]:
    """What ResId.equals compares."""
    return (res_id.name, res_id.kind, res_id.group, res_id.version, res_id.effective_namespace)


def normalize(directory: str, entry: str) -> str:
    """The repository-relative path an entry of a kustomization in `directory` names."""
    path = posixpath.normpath(posixpath.join(directory, entry))
    return "" if path == "." else path


class Accumulation:
    """Builds directories over one Reader, caching parsed files and accumulated directories.

    `parsed` holds the documents of files by content key (`render.nodes.Documents`), shared
    with other states of the repository: a file with the same bytes is not parsed again."""

    def __init__(
        self,
        reader: Reader,
        documents: dict[str, Any] | None = None,
        parsed: dict[str, Any] | None = None,
    ) -> None:
        self.reader = reader
        self._documents: dict[str, list[tuple[Any, bool]] | Exception] = (
            documents if documents is not None else {}
        )
        self._parsed = parsed
        self._directories: dict[str, Accumulator] = {}
        self._stack: list[str] = []
        self.objects = 0

    def read(self, path: str, where: str) -> bytes:
        try:
            return self.reader.read(path)
        except ReadError as exc:
            raise BuildError(where, f"{path}: cannot read it ({exc})", missing=True) from exc

    def file_resources(self, path: str, where: str) -> list[Resource]:
        """The objects of one manifest file (parsed once, a fresh copy each time)."""
        cached = self._documents.get(path)
        if cached is None:
            cached = self._documents[path] = self._parse(path)
        if isinstance(cached, Exception):
            raise cached
        result = []
        for doc, empty_null in cached:
            res = Resource(deep_copy(doc), path)
            res.empty_null = empty_null
            result.append(res)
        self.objects += len(result)
        if self.objects > MAX_OBJECTS:
            raise BuildError(where, f"the build makes more than {MAX_OBJECTS} objects")
        return result

    def _parse(self, path: str) -> list[tuple[Any, bool]] | Exception:
        key = content_key(self.reader, path) if self._parsed is not None else None
        found = self._parsed.get(key) if self._parsed is not None and key else None
        if found is None:
            found = self._load(path)
            if isinstance(found, Exception):
                return found
            if self._parsed is not None and key:
                self._parsed[key] = found
        return _manifests(path, found)

    def _load(self, path: str) -> list[tuple[Any, bool]] | Exception:
        """The documents of one file, each with whether it holds an empty `key:` value."""
        try:
            flags: list[bool] = []
            documents = load_documents(self.reader.read(path), flags)
        except ReadError as exc:
            return BuildError(path, str(exc))
        except Unsupported as exc:
            return NotRendered(f"{path}: {exc.problem}")
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            if "found duplicate anchor" in str(getattr(exc, "context", "")):
                # yaml.v3 lets an anchor be redefined; libyaml's composer does not.
                return NotRendered(f"{path}:{line}: a YAML anchor defined twice")
            return BuildError(path, f"invalid YAML: {getattr(exc, 'problem', exc)}", line, column)
        return list(zip(documents, flags, strict=True))

    def directory(
        self, path: str, where: str, line: int = 0, column: int = 0, top: bool = False
    ) -> Accumulator:
        """The accumulated (not yet hashed nor name-fixed) result of the directory `path`.

        A Component may be built on its own (`top`), not listed as a resource.
        """
        if top and path not in self._directories and path not in self._stack:
            kustomization = load_kustomization(self.reader, path)
            if kustomization.kind == "Component":
                self._stack.append(path)
                try:
                    return self.target(kustomization, Accumulator())
                finally:
                    self._stack.pop()
        if path in self._stack:
            cycle = " -> ".join([*self._stack[self._stack.index(path) :], path])
            raise BuildError(  # dependency-cycle names it
                where, f"a cycle of kustomizations: {cycle or '.'}", line, column, missing=True
            )
        if path not in self._directories:
            self._stack.append(path)
            try:
                kustomization = load_kustomization(self.reader, path)
                if kustomization.kind == "Component":
                    raise BuildError(
                        where,
                        f"expected kind != 'Component' for path '{path or '.'}'",
                        line,
                        column,
                    )
                self._directories[path] = self.target(kustomization, Accumulator())
            finally:
                self._stack.pop()
        if top:  # built once, for this build alone: no other entry shares it
            return self._directories.pop(path)
        return self._directories[path].copy()

    def target(self, k: Kustomization, acc: Accumulator) -> Accumulator:
        """accumulateTarget: resources, configurations, crds, generators, components, transforms."""
        entries = k.strings("resources") + k.strings("bases")
        for index, entry in enumerate(entries):
            self._resource(k, entry, index, acc)
        acc.forget_ids()
        for index, entry in enumerate(k.strings("configurations")):
            self._configuration(k, entry, index, acc)
        for entry in k.strings("crds"):
            text = self.read(normalize(k.directory, entry), k.path)
            if b"x-kubernetes-object-ref" in text:
                raise NotRendered(f"{k.path}: crds with object references")
        self._generate(k, acc)
        for index, entry in enumerate(k.strings("components")):
            self._component(k, entry, index, acc)
        run_transformers(k, acc.resources, acc.config, self.read)
        return acc

    def _resource(self, k: Kustomization, entry: str, index: int, acc: Accumulator) -> None:
        if is_remote(entry):
            raise NotRendered(f"{k.path}: remote resource {entry}")
        path = normalize(k.directory, entry)
        line, column = k.where("resources", index)
        if self.reader.is_file(path):
            acc.append(self.file_resources(path, k.path), k.path)
        elif self.reader.is_dir(path):
            if find_file(self.reader, path) is None:
                raise BuildError(
                    k.path,
                    f"resources entry {entry!r} is a directory without a kustomization.yaml",
                    line,
                    column,
                )
            sub = self.directory(path, k.path, line, column)
            acc.append(sub.resources, k.path)
            acc.config = acc.config.merged(sub.config)
        else:
            raise BuildError(
                k.path, f"resources entry {entry!r} does not exist", line, column, missing=True
            )

    def _component(self, k: Kustomization, entry: str, index: int, acc: Accumulator) -> None:
        if is_remote(entry):
            raise NotRendered(f"{k.path}: remote component {entry}")
        path = normalize(k.directory, entry)
        line, column = k.where("components", index)
        if not self.reader.is_dir(path) or find_file(self.reader, path) is None:
            raise BuildError(
                k.path,
                f"components entry {entry!r} is not a directory with a kustomization.yaml",
                line,
                column,
            )
        if path in self._stack:
            cycle = " -> ".join([*self._stack[self._stack.index(path) :], path])
            raise BuildError(k.path, f"a cycle of kustomizations: {cycle}", line, column)
        component = load_kustomization(self.reader, path)
        if component.kind != "Component":
            raise BuildError(k.path, f"expected kind 'Component' for path '{path}'", line, column)
        self._stack.append(path)
        try:
            self.target(component, acc)
        finally:
            self._stack.pop()

    def _configuration(self, k: Kustomization, entry: str, index: int, acc: Accumulator) -> None:
        path = normalize(k.directory, entry)
        line, column = k.where("configurations", index)
        if not self.reader.is_file(path):
            raise BuildError(
                k.path,
                f"configurations entry {entry!r} does not exist",
                line,
                column,
                missing=True,
            )
        try:
            data = yaml.safe_load(self.read(path, k.path))
        except yaml.YAMLError as exc:
            raise BuildError(path, f"invalid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise BuildError(path, "a transformer configuration must be a mapping")
        unknown = TransformerConfig.unknown_fields(data)
        if unknown:
            raise NotRendered(f"{path}: transformer configuration field {unknown[0]!r}")
        acc.config = acc.config.merged_data(data)

    def _generate(self, k: Kustomization, acc: Accumulator) -> None:
        common = k.data.get("generatorOptions")
        for field_name, kind in (
            ("configMapGenerator", "ConfigMap"),
            ("secretGenerator", "Secret"),
        ):
            for index, args in enumerate(k.mappings(field_name)):
                line, column = k.where(field_name, index)
                options = generators.merge_options(args.get("options"), common)

                def read(
                    entry: str,
                    args: dict[str, Any] = args,
                    field_name: str = field_name,
                    line: int = line,
                    column: int = column,
                ) -> bytes:
                    path = normalize(k.directory, entry)
                    if not self.reader.is_file(path):
                        raise BuildError(
                            k.path,
                            f"{field_name} {args.get('name')}: {entry} does not exist",
                            line,
                            column,
                            missing=True,
                        )
                    return self.read(path, k.path)

                try:
                    res = generators.generate(kind, args, options, read, k.path)
                except BuildError as exc:
                    problem = exc.problem
                    raise BuildError(
                        problem.path,
                        problem.message,
                        problem.line or line,
                        problem.column or column,
                        missing=problem.missing,
                    ) from exc
                absorb(acc.resources, res, k.path, line, column)
