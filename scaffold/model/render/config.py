"""The transformer configuration: which fields each transformer touches (builtin field specs,
plus `configurations` files), merged up the tree as kustomize merges it."""

from __future__ import annotations

from typing import Any

from scaffold.model.render.data import field_specs

SPEC_FIELDS = (
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "templateLabels",
    "labels",
    "commonAnnotations",
    "images",
    "replicas",
    "varReference",
)
_KNOWN = frozenset((*SPEC_FIELDS, "nameReference"))


def _spec_key(spec: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(spec.get(k) or "") for k in ("group", "version", "kind", "path"))


class TransformerConfig:
    """Field specs per transformer, and the name references."""

    def __init__(self) -> None:
        self.specs: dict[str, list[dict[str, Any]]] = {name: [] for name in SPEC_FIELDS}
        self.name_reference: list[dict[str, Any]] = []

    @classmethod
    def default(cls) -> TransformerConfig:
        config = cls()
        builtin = {name: field_specs(name) for name in (*SPEC_FIELDS, "nameReference")}
        config.merge_data(builtin)
        return config

    def copy(self) -> TransformerConfig:
        other = TransformerConfig()
        other.merge(self)
        return other

    def merge(self, other: TransformerConfig) -> None:
        self.merge_data({**other.specs, "nameReference": other.name_reference})

    @staticmethod
    def unknown_fields(data: dict[str, Any]) -> list[str]:
        """Fields of a configurations file this renderer does not know."""
        return [key for key in data if key not in _KNOWN]

    def merge_data(self, data: dict[str, Any]) -> None:
        """Add the field specs of one configuration mapping (duplicates are dropped)."""
        for name in SPEC_FIELDS:
            _merge_specs(self.specs[name], data.get(name) or [])
        for back_ref in data.get("nameReference") or []:
            target = _spec_key({**back_ref, "path": ""})
            for existing in self.name_reference:
                if _spec_key({**existing, "path": ""}) == target:
                    _merge_specs(existing["fieldSpecs"], back_ref.get("fieldSpecs") or [])
                    break
            else:
                entry = {k: v for k, v in back_ref.items() if k != "fieldSpecs"}
                entry["fieldSpecs"] = []
                _merge_specs(entry["fieldSpecs"], back_ref.get("fieldSpecs") or [])
                self.name_reference.append(entry)


def _merge_specs(into: list[dict[str, Any]], specs: list[dict[str, Any]]) -> None:
    keys = {_spec_key(s) for s in into}
    for spec in specs:
        if _spec_key(spec) not in keys:
            into.append(dict(spec))
            keys.add(_spec_key(spec))
