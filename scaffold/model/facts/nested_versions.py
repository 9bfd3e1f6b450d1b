"""The apiVersions a Flux object names inside its spec: references that carry one.

A Receiver's `spec.resources[]`, a Kustomization's `spec.healthChecks[]` and
`sourceRef`, a HelmRelease's `chart.spec.sourceRef` and `chartRef`, an Alert's
`eventSources[]`, any `dependsOn[]` entry: a mapping holding both `apiVersion` and
`kind`. Helm values (`spec.values`) are the chart's, not Flux's, and are not read.
"""

from __future__ import annotations

import yaml

from scaffold.model.facts.nodes import Node, get, position, text

Nested = tuple[str, str, tuple[int, int]]
# Flux references sit a few levels down; deeper nesting is payload, not a reference.
MAX_DEPTH = 6


def nested_api_versions(root: Node) -> tuple[Nested, ...]:
    """(apiVersion, kind, position of the apiVersion value) of each reference in the spec."""
    found: list[Nested] = []
    spec = get(root, "spec")
    if spec is not None:
        _walk(spec, 0, found)
    return tuple(found)


def _walk(node: Node, depth: int, found: list[Nested]) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _walk(item, depth + 1, found)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    version_node = get(node, "apiVersion")
    version, kind = text(version_node), text(get(node, "kind"))
    if version_node is not None and version and kind:
        found.append((version, kind, position(version_node)))
    for key, value in node.value:
        if depth == 0 and text(key) in ("values", "patches", "postRenderers"):
            continue
        _walk(value, depth + 1, found)
