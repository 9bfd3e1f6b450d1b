"""What each kind of document contributes to its facts: only the fields rules read."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import yaml

from scaffold.lint.facts.documents import Document, Ref
from scaffold.lint.facts.nodes import (
    Node,
    dig,
    get,
    is_nonempty,
    is_true,
    items,
    key_node,
    position,
    text,
)
from scaffold.repository import credentials

SUBSTITUTION = re.compile(r"^\$\{[^}]+\}$")
NON_LITERAL_TAGS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool")
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "kustomization")


def describe(
    doc: Document, root: Node, secret_keys: tuple[str, ...], kustomization_file: bool = False
) -> Document:
    """Fill `doc` with the facts of `root` that the rules need.

    A `kustomization.yaml` may omit `kind`; its name says what it is.
    """
    if not isinstance(root, yaml.MappingNode):
        return doc
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
    if kind == "HelmRelease":
        fields.update(_helm_release(root, secret_keys))
    elif kind == "Secret":
        data_key = key_node(root, "data") if is_nonempty(get(root, "data")) else None
        data_key = data_key or (
            key_node(root, "stringData") if is_nonempty(get(root, "stringData")) else None
        )
        fields["secret_data_pos"] = position(data_key) if data_key is not None else None
        fields["sops"] = get(root, "sops") is not None
    elif kind == "SealedSecret":
        template = dig(root, "spec", "template", "metadata")
        fields["encrypted_data"] = is_nonempty(dig(root, "spec", "encryptedData"))
        fields["template_name"] = text(get(template, "name")) or fields["name"]
        fields["template_namespace"] = text(get(template, "namespace")) or fields["namespace"]
    elif kind == "Kustomization" or kustomization_file:
        fields.update(_kustomization(root))
    return replace(doc, **fields)


def _ref(node: Node | None, at: Node | None = None) -> Ref | None:
    """A reference mapping, reported at `at` (its key) when given."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return Ref(
        kind=text(get(node, "kind")) or "",
        name=text(get(node, "name")) or "",
        namespace=text(get(node, "namespace")),
        position=position(at if at is not None else node),
        optional=is_true(get(node, "optional")),
    )


def _helm_release(root: Node, secret_keys: tuple[str, ...]) -> dict[str, Any]:
    chart_spec = dig(root, "spec", "chart", "spec")
    version = get(chart_spec, "version")
    values_from = [_ref(item) for item in items(dig(root, "spec", "valuesFrom"))]
    return {
        "chart_source_ref": _ref(get(chart_spec, "sourceRef"), key_node(chart_spec, "sourceRef")),
        "chart_ref": _ref(dig(root, "spec", "chartRef"), key_node(get(root, "spec"), "chartRef")),
        "has_chart": chart_spec is not None,
        "chart_name": text(get(chart_spec, "chart")),
        "chart_version": text(version),
        "chart_pos": position(version if version is not None else chart_spec)
        if chart_spec is not None
        else None,
        "values_from": tuple(ref for ref in values_from if ref is not None),
        "inline_secrets": tuple(credential_values(dig(root, "spec", "values"), secret_keys)),
    }


def _kustomization(root: Node) -> dict[str, Any]:
    spec_path = dig(root, "spec", "path")
    patches = [text(get(item, "path")) or text(item) for item in items(get(root, "patches"))]
    patches += [text(item) for item in items(get(root, "patchesStrategicMerge"))]
    patches += [text(get(item, "path")) for item in items(get(root, "patchesJson6902"))]
    return {
        "spec_path": text(spec_path),
        "spec_path_pos": position(spec_path) if spec_path is not None else None,
        "resources": tuple(
            t for t in (text(i) for i in items(get(root, "resources"))) if t is not None
        ),
        "patches": tuple(p for p in patches if p),
        "generated": tuple(
            (kind, name)
            for kind, key in (("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator"))
            for name in (text(get(item, "name")) for item in items(get(root, key)))
            if name
        ),
    }


def is_credential_key(key: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a values key names a credential whose literal value must not be committed."""
    return credentials.is_credential_key(key) or credentials.normalize_key(key) in extra


def credential_values(
    values: Node | None, extra: tuple[str, ...]
) -> list[tuple[str, tuple[int, int]]]:
    """Key paths (and key positions) of credential-like keys holding literal values.

    Never returns or keeps the value itself. Each node is visited once (aliases).
    """
    found = []
    extra_keys = frozenset(e.lower().replace("_", "").replace("-", "") for e in extra)
    seen: set[int] = set()
    verdicts: dict[str, bool] = {}  # keys repeat a lot across a values tree
    # Paths are kept as tuples and only joined for a finding: most keys never need one.
    stack: list[tuple[Node, tuple[str, ...]]] = [(values, ())] if values is not None else []
    while stack:
        node, prefix = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(
                (item, (*prefix, f"[{i}]"))
                for i, item in enumerate(node.value)
                if not isinstance(item, yaml.ScalarNode)
            )
            continue
        for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            if not isinstance(value, yaml.ScalarNode):
                stack.append((value, (*prefix, name)))
                continue
            verdict = verdicts.get(name)
            if verdict is None:
                verdict = verdicts[name] = is_credential_key(name, extra_keys)
            if verdict and _is_literal(value):
                found.append((_join((*prefix, name)), position(key)))
    return sorted(found, key=lambda item: item[1])


def _join(parts: tuple[str, ...]) -> str:
    return "".join(p if p.startswith("[") or i == 0 else f".{p}" for i, p in enumerate(parts))


def _is_literal(node: yaml.ScalarNode) -> bool:
    value = str(node.value)
    if node.tag in NON_LITERAL_TAGS or SUBSTITUTION.match(value):
        return False
    return bool(value.strip())
