"""A HelmRelease's effective values, merged as helm-controller merges them.

fluxcd/pkg chartutil ChartValuesFromReferences: each `spec.valuesFrom` entry in order
(a ConfigMap's or Secret's `valuesKey`, default `values.yaml`) is deep-merged over the
result; an entry with `targetPath` first merges `spec.values` in, then sets its single
value at that path with Helm's `--set` parser (`--set-string` when the value is quoted,
verbatim with `literal: true`); `spec.values` is merged last. Maps merge key by key,
anything else replaces. The `--set` parser writes into maps shared with `spec.values`,
so a `targetPath` value can outlast `spec.values`, exactly as in helm-controller.

An entry whose object is not in the repository cannot be known here: it is skipped and
named in `unavailable`, and `complete` is False.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.model.render.flux import goyaml, strvals
from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.refdata import ref_data
from scaffold.model.render.flux.value_sources import FindObject

DEFAULT_VALUES_KEY = "values.yaml"
_LITERAL_ESCAPES = str.maketrans(
    {"\\": "\\\\", ",": "\\,", "[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}"}
)



@dataclass(frozen=True)
class EffectiveValues:
    """The merged values, and the references that could not be read from the repository."""

    values: dict[str, Any]
    unavailable: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every reference was read, so these are the values Helm gets."""
        return not self.unavailable


def merge_maps(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """chartutil.MergeMaps: `b` over `a`; maps in both merge, anything else replaces."""
    out = dict(a)
    for key, value in b.items():
        existing = out.get(key)
        if isinstance(value, dict) and isinstance(existing, dict):
            out[key] = merge_maps(existing, value)
        else:
            out[key] = value
    return out


def effective_values(release: Mapping[str, Any], find: FindObject, where: str) -> EffectiveValues:
    """The values helm-controller gives the chart of HelmRelease `release`."""
    spec = release.get("spec") or {}
    namespace = (release.get("metadata") or {}).get("namespace") or "default"
    values = copy.deepcopy(spec.get("values") or {})
    if not isinstance(values, dict):
        raise FluxRenderError(f"{where}: spec.values must be a mapping")
    refs = spec.get("valuesFrom") or []
    if not isinstance(refs, list):
        raise FluxRenderError(f"{where}: spec.valuesFrom must be a list")
    result: dict[str, Any] = {}
    unavailable: list[str] = []
    for index, ref in enumerate(refs):
        field = f"{where}: spec.valuesFrom[{index}]"
        kind, name, key, target, optional, literal = _reference(ref, field)
        label = f"{kind} chart values reference '{namespace}/{name}' with key '{key}'"
        found = find(kind, name)
        data = ref_data(found) if found is not None else None
        if data is None or data.values is None:
            unavailable.append(f"{kind}/{name}")
            continue
        if key not in data.values:
            if optional:
                continue
            raise FluxRenderError(f"{field}: could not resolve {label}: key not found")
        text = data.values[key]
        if target:
            result = merge_maps(result, values)
            _replace_path(result, target, text, literal, f"{field}: could not resolve {label}")
            continue
        read = goyaml.load_values(text, f"{field}: {kind}/{name} {key}")
        if read is None:
            read = {}
        if not isinstance(read, dict):
            raise FluxRenderError(
                f"{field}: could not resolve {label}: the values are not a mapping"
            )
        result = merge_maps(result, read)
    return EffectiveValues(merge_maps(result, values), tuple(unavailable))


def _reference(ref: Any, field: str) -> tuple[str, str, str, str, bool, bool]:
    if not isinstance(ref, Mapping):
        raise FluxRenderError(f"{field} must be a mapping")
    kind, name = ref.get("kind"), ref.get("name")
    if kind not in ("ConfigMap", "Secret"):
        raise FluxRenderError(f"{field}: unsupported values reference kind {kind!r}")
    if not isinstance(name, str) or not name:
        raise FluxRenderError(f"{field} needs a name")
    key = ref.get("valuesKey") or DEFAULT_VALUES_KEY
    target = ref.get("targetPath") or ""
    if not isinstance(key, str) or not isinstance(target, str):
        raise FluxRenderError(f"{field}: valuesKey and targetPath must be strings")
    return str(kind), name, key, target, ref.get("optional") is True, ref.get("literal") is True


def _replace_path(values: dict[str, Any], path: str, text: str, literal: bool, label: str) -> None:
    """chartutil ReplacePathValue / ReplacePathLiteralValue."""
    if literal:
        line, as_string = f"{path}={text.translate(_LITERAL_ESCAPES)}", True
    elif (text.startswith("'") and text.endswith("'")) or (
        text.startswith('"') and text.endswith('"')
    ):
        line, as_string = f"{path}={text.strip(chr(39) + chr(34))}", True
    else:
        line, as_string = f"{path}={text}", False
    try:
        strvals.parse_into(line, values, as_string=as_string)
    except strvals.StrvalsError as exc:
        raise FluxRenderError(f"{label}: failed to merge value: {exc}") from exc
