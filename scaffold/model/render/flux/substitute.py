"""postBuild variable substitution, as kustomize-controller runs it on each built object.

Variables come from `spec.postBuild.substituteFrom` (ConfigMaps and Secrets, in order, a
later one overriding an earlier one) and then `spec.postBuild.substitute`, which
overrides them all; newlines are removed from every value. Each object's YAML is run
through envsubst and read back as YAML, so the result has the types Flux gives it (a
plain `${replicas}` becomes a number, `"${id}"` stays a string). An object labelled or
annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` is left alone, and nothing
is substituted when no variable is defined unless `substituteStrategy: Always`.

A source that is not in the repository (optional, or made on the cluster) may define any
variable: an expression that depends on one is left as written and its variable named
in `kept`, instead of a guessed value or a strict-mode error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scaffold.model.render.flux import envsubst, goyaml
from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.refdata import ref_data
from scaffold.model.render.flux.value_sources import FindObject

SUBSTITUTE_KEY = "kustomize.toolkit.fluxcd.io/substitute"
DISABLED = "disabled"
VAR_NAME = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*\Z")
VAR_NAME_RULE = "^[_[:alpha:]][_[:alpha:][:digit:]]*$"
ALWAYS = "Always"

# Finds a ConfigMap or Secret by kind and name in the Kustomization's namespace, or None.


@dataclass(frozen=True)
class Variables:
    """What postBuild defines: known values, and the sources not found in the repository."""

    values: Mapping[str, str]
    unavailable: tuple[str, ...] = ()

    def lookup(self, name: str) -> str | envsubst.Unknown | None:
        """The value of `name`; None when Flux would find it unset; Unknown when it may be set."""
        if name in self.values:
            return self.values[name]
        return envsubst.Unknown() if self.unavailable else None

    @property
    def defines_any(self) -> bool:
        """Whether Flux may find at least one variable (so substitution runs)."""
        return bool(self.values or self.unavailable)


@dataclass(frozen=True)
class Substituted:
    """One object after substitution, and the variables left as written in it."""

    obj: Any
    kept: tuple[str, ...] = ()


def collect_variables(post_build: Mapping[str, Any], find: FindObject, where: str) -> Variables:
    """The variables of `spec.postBuild`, reading `substituteFrom` objects through `find`."""
    values: dict[str, str] = {}
    unavailable: list[str] = []
    sources = post_build.get("substituteFrom") or []
    if not isinstance(sources, list):
        raise FluxRenderError(f"{where}: spec.postBuild.substituteFrom must be a list")
    for index, ref in enumerate(sources):
        kind, name = _reference(ref, index, where)
        found = find(kind, name)
        data = ref_data(found) if found is not None else None
        if data is None or data.values is None:
            # The cluster may hold it, with any keys: values set so far may be overridden.
            unavailable.append(f"{kind}/{name}")
            values.clear()
            continue
        values.update((key, value.replace("\n", "")) for key, value in data.values.items())
    inline = post_build.get("substitute") or {}
    if not isinstance(inline, Mapping):
        raise FluxRenderError(f"{where}: spec.postBuild.substitute must be a mapping")
    for key, value in inline.items():
        if not isinstance(value, str):
            raise FluxRenderError(
                f"{where}: spec.postBuild.substitute.{key} is {_kind_of(value)}, not a string",
                "quote the value: the Kubernetes API rejects a non-string substitute value",
            )
        values[str(key)] = value.replace("\n", "")
    return Variables(values, tuple(unavailable))


def _reference(ref: Any, index: int, where: str) -> tuple[str, str]:
    field = f"spec.postBuild.substituteFrom[{index}]"
    if not isinstance(ref, Mapping) or not isinstance(ref.get("name"), str):
        raise FluxRenderError(f"{where}: {field} needs a kind and a name")
    kind = ref.get("kind")
    if kind not in ("ConfigMap", "Secret"):
        raise FluxRenderError(f"{where}: {field}.kind is {kind!r}; it must be ConfigMap or Secret")
    return str(kind), str(ref["name"])


def is_disabled(obj: Mapping[str, Any]) -> bool:
    """Whether `obj` opts out of substitution by label or annotation."""
    metadata = obj.get("metadata")
    if not isinstance(metadata, Mapping):
        return False
    return any(
        isinstance(marks, Mapping) and marks.get(SUBSTITUTE_KEY) == DISABLED
        for marks in (metadata.get("labels"), metadata.get("annotations"))
    )


def substitute_object(
    obj: Mapping[str, Any],
    variables: Variables,
    where: str,
    *,
    strict: bool = True,
    always: bool = False,
    text: str | None = None,
) -> Substituted:
    """`obj` after substitution; `text` is its YAML as kustomize wrote it, quotes and all.

    Without `text` the object is written as kyaml writes a fresh node, so a string that
    was quoted in its file only to keep `${var}` a string is not known to be quoted.
    """
    if is_disabled(obj) or not (variables.defines_any or always):
        return Substituted(obj)
    invalid = sorted(name for name in variables.values if not VAR_NAME.match(name))
    label = f"{where}: {obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}"
    if invalid:
        raise FluxRenderError(
            f"{label}: '{invalid[0]}' var name is invalid, must match '{VAR_NAME_RULE}'",
            "rename the variable in postBuild.substitute or in the referenced data",
        )
    source = goyaml.dump(dict(obj)) if text is None else text
    try:
        out, kept = envsubst.evaluate(envsubst.parse(source), variables.lookup, strict=strict)
    except envsubst.EnvsubstError as exc:
        raise FluxRenderError(
            f"{label}: variable substitution failed: {exc}",
            "define the variable, give it a default (${name:=value}) or escape it as $${name}",
        ) from exc
    _check_utf8(out, label)
    return Substituted(goyaml.load(out, label), tuple(sorted(kept)))


def _check_utf8(text: str, label: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FluxRenderError(f"{label}: substitution cut a character in two") from exc


@dataclass(frozen=True)
class PostBuildResult:
    """Every object after postBuild, and each variable left as written, once."""

    objects: list[Any]
    kept: tuple[str, ...]
    unavailable: tuple[str, ...]


def apply_post_build(
    objects: Sequence[Mapping[str, Any]],
    spec: Mapping[str, Any],
    find: FindObject,
    where: str,
    *,
    strict: bool = True,
    texts: Sequence[str | None] | None = None,
) -> PostBuildResult:
    """The objects of a built Kustomization after its `spec.postBuild` (if it has one).

    `strict` is kustomize-controller's StrictPostBuildSubstitutions feature gate, on by
    default since v1.9.
    """
    post_build = spec.get("postBuild")
    if post_build is None:
        return PostBuildResult(list(objects), (), ())
    if not isinstance(post_build, Mapping):
        raise FluxRenderError(f"{where}: spec.postBuild must be a mapping")
    variables = collect_variables(post_build, find, where)
    always = post_build.get("substituteStrategy") == ALWAYS
    out: list[Any] = []
    kept: set[str] = set()
    for index, obj in enumerate(objects):
        text = texts[index] if texts is not None else None
        done = substitute_object(obj, variables, where, strict=strict, always=always, text=text)
        out.append(done.obj)
        kept.update(done.kept)
    return PostBuildResult(out, tuple(sorted(kept)), variables.unavailable)


def _kind_of(value: Any) -> str:
    """What a value is, never the value (it may be a secret)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return (
        "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "null"
    )
