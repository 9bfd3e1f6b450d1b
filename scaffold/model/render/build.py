"""`build_directory`: what `kustomize build DIR` (v5.5, load restrictions off) prints, as dicts.

After the accumulation the top level adds generator hashes, fixes the name references to what
was renamed, drops local-config objects and sorts (kustomize's legacy order unless
`sortOptions` says otherwise). What kustomize rejects is a problem; what cannot be reproduced
faithfully makes the build "not rendered", never a wrong object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scaffold.model.render.accumulate import Accumulation, normalize
from scaffold.model.render.generators import content_hash
from scaffold.model.render.kustomization import load_kustomization
from scaffold.model.render.nameref import fix_references
from scaffold.model.render.problems import BuildError, NotRendered, Problem
from scaffold.model.render.reader import MemoReader, Reader
from scaffold.model.render.resource import Resource
from scaffold.model.render.sort import sort_resources

LOCAL_CONFIG = "config.kubernetes.io/local-config"


@dataclass
class Build:
    """The objects one directory builds to, or why there are none."""

    directory: str
    objects: list[dict[str, Any]] = field(default_factory=list)
    # The file each object comes from (a generator's kustomization file for what it makes)
    sources: list[str] = field(default_factory=list)
    not_rendered: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.not_rendered and not self.problems


class Builder:
    """Builds directories of one source; files are parsed once across all builds."""

    def __init__(
        self,
        reader: Reader,
        documents: dict[str, Any] | None = None,
        parsed: dict[str, Any] | None = None,
    ) -> None:
        """`documents` shares parsed manifests with other builders over the same files;
        `parsed`, by content key, with builders over any files (`Accumulation`)."""
        self.accumulation = Accumulation(MemoReader(reader), documents, parsed)

    def build(self, directory: str) -> Build:
        """kustomize build of `directory` (repository-relative)."""
        directory = normalize("", directory)
        result = Build(directory)
        try:
            top = load_kustomization(self.accumulation.reader, directory)
            acc = self.accumulation.directory(directory, top.path, top=True)
            finished = _finish(acc.resources, acc.config.name_reference, top.data)
            result.objects = [r.obj for r in finished]
            result.sources = [r.source for r in finished]
        except BuildError as exc:
            result.problems.append(exc.problem)
        except NotRendered as exc:
            result.not_rendered.append(exc.reason)
        except RecursionError:
            result.problems.append(Problem(directory or ".", 0, 0, "input nested too deeply"))
        return result


def build_directory(reader: Reader, directory: str) -> Build:
    """kustomize build of one directory over `reader`."""
    return Builder(reader).build(directory)


def _finish(resources: list[Resource], back_refs: Sequence[dict[str, Any]],
            top: dict[str, Any]) -> list[Resource]:  # fmt: skip
    for res in resources:
        if res.needs_hash:
            res.store_previous_id()
            res.meta["name"] = f"{res.name}-{content_hash(res.obj)}"
    fix_references(resources, back_refs)
    kept = [r for r in resources if str(r.annotations().get(LOCAL_CONFIG, "false")) == "false"
            or LOCAL_CONFIG not in r.annotations()]  # fmt: skip
    ordered = sort_resources(kept, top.get("sortOptions"))
    for res in ordered:
        meta = res.meta
        if "annotations" in meta and not meta["annotations"]:
            del meta["annotations"]
    return ordered
