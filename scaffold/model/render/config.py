"""The transformer configuration: which fields each transformer touches (builtin field specs,
plus `configurations` files), merged up the tree as kustomize merges it.

A configuration never changes once made: merging returns a new one, or the same one when
nothing is added, so every directory that uses only the builtin specs shares one object.
"""

from __future__ import annotations

import functools
from typing import Any

from scaffold.model.render.data import field_specs

SPEC_FIELDS = (
    "namePrefix", "nameSuffix", "namespace", "commonLabels", "templateLabels", "labels",
    "commonAnnotations", "images", "replicas", "varReference",
)  # fmt: skip
_KNOWN = frozenset((*SPEC_FIELDS, "nameReference"))
Spec = dict[str, Any]


def _spec_key(spec: Spec) -> tuple[str, ...]:
    get = spec.get
    return (get("group") or "", get("version") or "", get("kind") or "", get("path") or "")


def _added(existing: tuple[Spec, ...], specs: list[Spec]) -> tuple[Spec, ...]:
    keys = {_spec_key(s) for s in existing}
    extra = []
    for spec in specs:
        key = _spec_key(spec)
        if key not in keys:
            extra.append(dict(spec))
            keys.add(key)
    return (*existing, *extra) if extra else existing


class TransformerConfig:
    """Field specs per transformer, and the name references (read-only)."""

    def __init__(self, specs: dict[str, tuple[Spec, ...]], name_reference: tuple[Spec, ...]):
        self.specs = specs
        self.name_reference = name_reference

    @staticmethod
    @functools.cache
    def default() -> TransformerConfig:
        """The builtin configuration of kustomize v5.5."""
        empty = TransformerConfig({name: () for name in SPEC_FIELDS}, ())
        return empty.merged_data({n: field_specs(n) for n in (*SPEC_FIELDS, "nameReference")})

    def merged(self, other: TransformerConfig) -> TransformerConfig:
        """This configuration with another's specs added."""
        if other is self:
            return self
        data: dict[str, Any] = {name: list(specs) for name, specs in other.specs.items()}
        data["nameReference"] = list(other.name_reference)
        return self.merged_data(data)

    @staticmethod
    def unknown_fields(data: dict[str, Any]) -> list[str]:
        """Fields of a configurations file this renderer does not know."""
        return [key for key in data if key not in _KNOWN]

    def merged_data(self, data: dict[str, Any]) -> TransformerConfig:
        """This configuration with the field specs of one configuration mapping added."""
        specs = {name: _added(self.specs[name], data.get(name) or []) for name in SPEC_FIELDS}
        references = list(self.name_reference)
        for back_ref in data.get("nameReference") or []:
            target = _spec_key({**back_ref, "path": ""})
            for index, existing in enumerate(references):
                if _spec_key({**existing, "path": ""}) == target:
                    merged = _added(existing["fieldSpecs"], back_ref.get("fieldSpecs") or [])
                    if merged is not existing["fieldSpecs"]:
                        references[index] = {**existing, "fieldSpecs": merged}
                    break
            else:
                entry = {k: v for k, v in back_ref.items() if k != "fieldSpecs"}
                entry["fieldSpecs"] = _added((), back_ref.get("fieldSpecs") or [])
                references.append(entry)
        unchanged = all(specs[n] is self.specs[n] for n in SPEC_FIELDS) and all(
            a is b for a, b in zip(references, self.name_reference, strict=False)
        )
        if unchanged and len(references) == len(self.name_reference):
            return self
        return TransformerConfig(specs, tuple(references))
