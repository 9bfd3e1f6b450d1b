"""Reading one kustomization file: its fields, checked as kustomize checks them, with positions."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import yaml

from scaffold.model.render.problems import BuildError, NotRendered
from scaffold.model.render.reader import Reader, ReadError

FILE_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_YAML11: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUPPORTED = frozenset(
    (
        "apiVersion", "kind", "metadata", "resources", "bases", "components", "namespace",
        "namePrefix", "nameSuffix", "commonLabels", "labels", "commonAnnotations", "patches",
        "patchesStrategicMerge", "patchesJson6902", "images", "replicas", "configMapGenerator",
        "secretGenerator", "generatorOptions", "replacements", "crds", "sortOptions",
        "configurations",
    )
)  # fmt: skip
NOT_IMPLEMENTED = {
    "helmCharts": "helmCharts (charts are not inflated)",
    "helmGlobals": "helmCharts (charts are not inflated)",
    "helmChartInflationGenerator": "helmCharts (charts are not inflated)",
    "generators": "KRM generator plugins",
    "transformers": "KRM transformer plugins",
    "validators": "KRM validator plugins",
    "vars": "vars",
    "openapi": "a custom openAPI schema",
    "openAPI": "a custom openAPI schema",
    "buildMetadata": "buildMetadata",
    "imageTags": "imageTags",
}
VERSIONS = {
    "Kustomization": "kustomize.config.k8s.io/v1beta1",
    "Component": "kustomize.config.k8s.io/v1alpha1",
}


def is_remote(entry: str) -> bool:
    """Whether a resources entry names a remote base (a URL, a git or GitHub address)."""
    return (
        "://" in entry
        or entry.startswith(("github.com/", "git@", "gitlab.com/", "bitbucket.org/"))
        or "?ref=" in entry
    )


@dataclass
class Kustomization:
    """One parsed kustomization file."""

    path: str
    directory: str
    data: dict[str, Any]
    positions: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return str(self.data.get("kind") or "Kustomization")

    def where(self, field_name: str, index: int = -1) -> tuple[int, int]:
        """(line, column) of a field, or of its `index`-th entry; (0, 0) when unknown."""
        return self.positions.get((field_name, index)) or self.positions.get(
            (field_name, -1), (0, 0)
        )

    def error(self, message: str, field_name: str = "", index: int = -1) -> BuildError:
        """A BuildError at the position of a field or entry."""
        line, column = self.where(field_name, index) if field_name else (0, 0)
        return BuildError(self.path, message, line, column)

    def strings(self, field_name: str) -> list[str]:
        value = self.data.get(field_name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"{field_name} must be a list of strings", field_name)
        return value

    def mappings(self, field_name: str) -> list[dict[str, Any]]:
        value = self.data.get(field_name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(f"{field_name} must be a list of mappings", field_name)
        return value

    def string_map(self, field_name: str, value: Any = None) -> dict[str, str]:
        value = self.data.get(field_name) if value is None else value
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise self.error(f"{field_name} must map strings to strings", field_name)
        return value


def find_file(reader: Reader, directory: str) -> str | None:
    """The kustomization file of `directory` (BuildError if there are several)."""
    found = [n for n in FILE_NAMES if reader.is_file(posixpath.join(directory, n))]
    if len(found) > 1:
        raise BuildError(
            directory or ".", f"found multiple kustomization files: {', '.join(found)}"
        )
    return posixpath.join(directory, found[0]) if found else None


def load_kustomization(reader: Reader, directory: str) -> Kustomization:
    """The kustomization of `directory`, checked; BuildError if kustomize would reject it."""
    path = find_file(reader, directory)
    if path is None:
        raise BuildError(
            directory or ".", "no kustomization.yaml, kustomization.yml or Kustomization"
        )
    try:
        node = yaml.compose(reader.read(path).decode("utf-8-sig"), Loader=_YAML11)
        loader = _YAML11("")
        try:
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except ReadError as exc:
        raise BuildError(path, str(exc)) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise BuildError(
            path, f"invalid YAML: {getattr(exc, 'problem', exc)}", line, column
        ) from exc
    if data is None or data == {} or _only_type_and_nulls(data):
        raise BuildError(path, "kustomization.yaml is empty")
    if not isinstance(data, dict):
        raise BuildError(path, "a kustomization must be a mapping")
    result = Kustomization(path, directory, data, _positions(node))
    for key in data:
        if key in NOT_IMPLEMENTED:
            raise NotRendered(f"{path}: {NOT_IMPLEMENTED[key]}")
        if key not in SUPPORTED:
            raise NotRendered(f"{path}: unknown kustomization field {key!r}")
    kind = result.kind
    if kind not in VERSIONS:
        raise result.error("kind should be Kustomization or Component", "kind")
    version = data.get("apiVersion")
    if version and version != VERSIONS[kind]:
        raise result.error(f"apiVersion for {kind} should be {VERSIONS[kind]}", "apiVersion")
    return result


def _only_type_and_nulls(data: object) -> bool:
    """Whether a kustomization says nothing but its apiVersion and kind (every other
    field null, `resources:` with no entry): what kustomize rejects as empty."""
    if not isinstance(data, dict) or "metadata" in data:
        return False
    return all(value is None for key, value in data.items() if key not in ("apiVersion", "kind"))


def _positions(node: yaml.Node | None) -> dict[tuple[str, int], tuple[int, int]]:
    positions: dict[tuple[str, int], tuple[int, int]] = {}
    if not isinstance(node, yaml.MappingNode):
        return positions
    for key, value in node.value:
        name = str(key.value)
        positions[(name, -1)] = (key.start_mark.line + 1, key.start_mark.column + 1)
        if isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                positions[(name, index)] = (item.start_mark.line + 1, item.start_mark.column + 1)
    return positions
