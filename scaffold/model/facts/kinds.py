"""What each kind of document contributes to its facts: only the fields rules read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from scaffold.flux.vocabulary import KUSTOMIZE_GROUP
from scaffold.model.facts import flux_kinds, producers, secret_values
from scaffold.model.facts.digests import key_digest
from scaffold.model.facts.flux_kinds import ref
from scaffold.model.facts.last_applied import plaintext_position
from scaffold.model.facts.nested_versions import nested_api_versions
from scaffold.model.facts.nodes import (
    Node,
    dig,
    get,
    is_nonempty,
    items,
    key_node,
    pairs,
    position,
    text,
)
from scaffold.model.facts.sops_plaintext import plaintext
from scaffold.sealing.scopes import SCOPE_ANNOTATIONS, Scope

FLUX_GROUP_SUFFIX = ".toolkit.fluxcd.io"


def describe(
    root: Node, secret_keys: tuple[str, ...], kustomization_file: bool = False
) -> dict[str, Any]:
    """The facts of `root` that the rules need, as `Document` fields.

    A `kustomization.yaml` may omit `kind`; its name says what it is.
    """
    if not isinstance(root, yaml.MappingNode):
        return {}
    version_node = get(root, "apiVersion")
    metadata = get(root, "metadata")
    fields: dict[str, Any] = {
        "api_version": text(version_node),
        "api_version_pos": position(version_node) if version_node is not None else None,
        "kind": text(get(root, "kind")),
        "name": text(get(metadata, "name")),
        "namespace": text(get(metadata, "namespace")),
    }
    kind = fields["kind"]
    fields.update(flux_kinds.common(root))
    group = (fields["api_version"] or "").rpartition("/")[0]
    created = producers.produced(root, group, kind or "", fields["name"])
    if created:
        fields["produced"] = created
    if group.endswith(FLUX_GROUP_SUFFIX):
        nested = nested_api_versions(root)
        if nested:
            fields["nested_api_versions"] = nested
    if kustomization_file:
        fields.update(flux_kinds.kustomization_file(root))
        fields.update(_generated(root))
    elif kind is None:
        fields.update(flux_kinds.instance_sync(dig(root, "instance", "sync")))
        # A values file: what inline-secret-value reports once a HelmRelease takes it.
        found = secret_values.credential_values(root, secret_keys, encrypted_ok=True)
        if found:
            fields["values_credentials"] = tuple(found)
    if get(root, "sops") is not None:
        fields.update(plaintext(root, secret_keys))
    extract = _BY_KIND.get(kind or "")
    if extract is not None:
        fields.update(extract(root, fields, secret_keys))
    return fields


def _helm_release(
    root: Node, fields: dict[str, Any], secret_keys: tuple[str, ...]
) -> dict[str, Any]:
    chart_spec = dig(root, "spec", "chart", "spec")
    version = get(chart_spec, "version")
    values_from = [ref(item) for item in items(dig(root, "spec", "valuesFrom"))]
    return {
        **flux_kinds.helm_release_links(root),
        "chart_source_ref": ref(get(chart_spec, "sourceRef"), key_node(chart_spec, "sourceRef")),
        "chart_ref": ref(dig(root, "spec", "chartRef"), key_node(get(root, "spec"), "chartRef")),
        "has_chart": chart_spec is not None,
        "chart_name": text(get(chart_spec, "chart")),
        "chart_version": text(version),
        "chart_pos": position(version if version is not None else chart_spec)
        if chart_spec is not None
        else None,
        "values_from": tuple(ref for ref in values_from if ref is not None),
        "inline_secrets": tuple(
            secret_values.credential_values(dig(root, "spec", "values"), secret_keys)
        ),
    }


def _generated(root: Node) -> dict[str, Any]:
    values_files = []
    for generator in items(get(root, "configMapGenerator")):
        name = text(get(generator, "name"))
        for entry in (text(item) for item in items(get(generator, "files"))):
            path = (entry or "").rpartition("=")[2]
            if name and path.lower().endswith((".yaml", ".yml")):
                values_files.append((name, path))
    return {
        "generated": tuple(
            (kind, name)
            for kind, key in (("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator"))
            for name in (text(get(item, "name")) for item in items(get(root, key)))
            if name
        ),
        "generated_yaml_files": tuple(values_files),
    }


def _flux_kustomization(root: Node, fields: dict[str, Any], _: tuple[str, ...]) -> dict[str, Any]:
    if not (fields["api_version"] or "").startswith(KUSTOMIZE_GROUP):
        return {}
    spec_path = dig(root, "spec", "path")
    return {
        "spec_path": text(spec_path),
        "spec_path_pos": position(spec_path) if spec_path is not None else None,
        **flux_kinds.flux_kustomization(root),
    }


def _secret(root: Node, fields: dict[str, Any], _: tuple[str, ...]) -> dict[str, Any]:
    return {
        "secret_data_pos": secret_values.literal_data_position(root),
        "last_applied_pos": plaintext_position(root),
        "sops": get(root, "sops") is not None,
        "data_keys": data_keys(root),
    }


def _config_map(root: Node, fields: dict[str, Any], _: tuple[str, ...]) -> dict[str, Any]:
    return {"data_keys": data_keys(root)}


DATA_SECTIONS = ("data", "stringData", "binaryData")


def data_keys(root: Node | None) -> tuple[str, ...] | None:
    """The digests (`key_digest`) of the keys of a ConfigMap's or Secret's data sections,
    never a value; None when a section is there but no mapping (a `${VAR}`, say)."""
    names: set[str] = set()
    for section in DATA_SECTIONS:
        node = get(root, section)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            continue
        keys = [k for k, _ in pairs(node)]
        if not isinstance(node, yaml.MappingNode) or not all(_plain_key(k) for k in keys):
            return None
        names.update(key_digest(str(k.value)) for k in keys)
    return tuple(sorted(names))


def _plain_key(key: Node) -> bool:
    # A merge key (`<<: *base`) brings keys this mapping does not spell out.
    return isinstance(key, yaml.ScalarNode) and key.value != "<<"


def _sealed_secret(root: Node, fields: dict[str, Any], _: tuple[str, ...]) -> dict[str, Any]:
    encrypted = dig(root, "spec", "encryptedData")
    sealed = tuple(sorted(str(k.value) for k, _ in pairs(encrypted)))
    # The Secret it makes holds the sealed keys and those its template adds.
    template = data_keys(dig(root, "spec", "template"))
    made = None if template is None else {*(key_digest(k) for k in sealed), *template}
    return {
        "encrypted_data": is_nonempty(encrypted),
        # The names of the sealed keys (never a value) and the sealing scope
        "secret_keys": sealed,
        "data_keys": None if made is None else tuple(sorted(made)),
        "sealed_scope": _sealed_scope(dig(root, "metadata", "annotations")),
    }


def _sealed_scope(annotations: Node | None) -> str:
    for scope, annotation in SCOPE_ANNOTATIONS.items():
        if str(text(get(annotations, annotation)) or "").lower() == "true":
            return scope.value
    return Scope.STRICT.value


def _flux_instance(root: Node, fields: dict[str, Any], _: tuple[str, ...]) -> dict[str, Any]:
    return flux_kinds.instance_sync(dig(root, "spec", "sync"))


def _source(root: Node, fields: dict[str, Any], _: tuple[str, ...]) -> dict[str, Any]:
    return flux_kinds.git_repository(root)


def _artifact_generator(root: Node, fields: dict[str, Any], _: tuple[str, ...]) -> dict[str, Any]:
    return flux_kinds.artifact_generator(root)


# Each kind's extractor: (root, the common fields, extra secret keys) -> its own fields
Extractor = Callable[[Node, dict[str, Any], tuple[str, ...]], dict[str, Any]]
_BY_KIND: dict[str, Extractor] = {
    "HelmRelease": _helm_release,
    "Kustomization": _flux_kustomization,
    "Secret": _secret,
    "ConfigMap": _config_map,
    "SealedSecret": _sealed_secret,
    "FluxInstance": _flux_instance,
    "GitRepository": _source,
    "HelmRepository": _source,
    "OCIRepository": _source,
    "ArtifactGenerator": _artifact_generator,
}
