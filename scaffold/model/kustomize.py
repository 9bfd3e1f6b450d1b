"""How kustomize-controller sees files under a sync path.

Without a `kustomization.yaml`, kustomize-controller generates one listing every
YAML file under the path, so each must be a manifest. A directory with its own
`kustomization.yaml` is built from what that file lists: files it names as
patches are not resources, and files it does not name are never applied.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scaffold.model.files.names import KUSTOMIZATION_FILES
from scaffold.repository.convention import HELM_CHART_FILE

if TYPE_CHECKING:
    from scaffold.model.facts.documents import FileFacts


def is_kustomization_file(path: str) -> bool:
    """Whether `path` is a kustomize kustomization file."""
    return path.rpartition("/")[2].lower() in KUSTOMIZATION_FILES


def without_chart_templates(files: list[str]) -> list[str]:
    """`files` without the Go templates of Helm charts kept in the repository.

    A directory holding `Chart.yaml` is a chart: what is under its `templates/` is
    rendered by Helm, never applied by Flux as it is, and is not YAML until rendered.
    """
    charts = [p[: -len(HELM_CHART_FILE)] for p in files if p.rpartition("/")[2] == HELM_CHART_FILE]
    if not charts:
        return files
    prefixes = tuple(f"{chart}templates/" for chart in charts)
    return [p for p in files if not p.startswith(prefixes)]


def under(path: str, directory: str) -> bool:
    """Whether `path` lies inside `directory` (both relative POSIX paths)."""
    return path.startswith(directory.rstrip("/") + "/")


@dataclass(frozen=True)
class Layout:
    """Which files kustomization files list as resources or patches."""

    kustomization_dirs: frozenset[str]
    resources: frozenset[str]
    patches: frozenset[str]
    # Every file of a directory gets the same answer: asked once per directory.
    _governed: dict[tuple[str, str], bool] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def applied(self, path: str, sync_path: str) -> bool:
        """Whether kustomize-controller applies `path` as resources when syncing `sync_path`."""
        if is_kustomization_file(path) or path in self.patches:
            return False
        if path in self.resources:
            return True
        return not self._unlisted_dir(path.rpartition("/")[0], sync_path)

    def _unlisted_dir(self, directory: str, sync_path: str) -> bool:
        """Whether a kustomization.yaml between `directory` and `sync_path` governs it."""
        key = (directory, sync_path)
        if key not in self._governed:
            found = False
            while directory and (directory == sync_path or under(directory, sync_path)):
                if directory in self.kustomization_dirs:
                    found = True  # a kustomization.yaml that does not list it
                    break
                directory = posixpath.dirname(directory)
            self._governed[key] = found
        return self._governed[key]


def build_layout(facts: Mapping[str, FileFacts], files: Iterable[str]) -> Layout:
    """The resources and patches every kustomization file in the repository names."""
    known = set(files)
    dirs, resources, patches = set(), set(), set()
    for path, file_facts in facts.items():
        if not is_kustomization_file(path):
            continue
        base = posixpath.dirname(path)
        dirs.add(base)
        for doc in file_facts.documents:
            for entry in doc.resources:
                target = posixpath.normpath(posixpath.join(base, entry))
                if target in known:
                    resources.add(target)
            for entry in doc.patches:
                patches.add(posixpath.normpath(posixpath.join(base, entry)))
    return Layout(frozenset(dirs), frozenset(resources), frozenset(patches))
