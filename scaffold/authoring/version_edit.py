"""Replacing a HelmRelease's `spec.chart.spec.version` in the file's text, every other byte kept.

The document is composed (not constructed) to find the version scalar; only its
characters are replaced, in the quoting style it had, so comments, key order,
indentation, line endings and a byte-order mark survive.
"""

from __future__ import annotations

from typing import Any

import yaml

from scaffold.errors import UsageError

BOM = "\ufeff"


def _get(node: Any, key: str) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return None
    found = None
    for key_node, value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found = value  # the last one counts, as for Kubernetes
    return found


def _is_release(root: Any, name: str, namespace: str | None) -> bool:
    meta = _get(root, "metadata")
    kind, found = _get(root, "kind"), _get(meta, "name")
    ns = _get(meta, "namespace")
    return (
        getattr(kind, "value", None) == "HelmRelease"
        and getattr(found, "value", None) == name
        and (namespace is None or ns is None or ns.value == namespace)
    )


def version_node(text: str, name: str, namespace: str | None, source: str) -> yaml.ScalarNode:
    """The scalar of `spec.chart.spec.version` of HelmRelease `name` in `text`."""
    for root in yaml.compose_all(text, Loader=yaml.SafeLoader):
        if not _is_release(root, name, namespace):
            continue
        node = _get(_get(_get(_get(root, "spec"), "chart"), "spec"), "version")
        if not isinstance(node, yaml.ScalarNode):
            raise UsageError(
                f"{source}: HelmRelease {name!r} has no spec.chart.spec.version to change",
                hint="add `version: X.Y.Z` under spec.chart.spec by hand, then upgrade",
            )
        return node
    raise UsageError(f"{source}: no HelmRelease {name!r} in the file")


def render_scalar(version: str, style: str | None) -> str:
    """`version` written in `style`; a plain scalar that YAML would read otherwise is quoted."""
    if style in ("'", '"'):
        return f"{style}{version}{style}"
    try:
        reads_back = yaml.safe_load(f"v: {version}\n") == {"v": version}
    except yaml.YAMLError:
        reads_back = False  # `*` alone is an alias
    return version if reads_back else f'"{version}"'


def replace_version(data: bytes, name: str, namespace: str | None, new: str, source: str) -> bytes:
    """`data` with the release's chart version replaced by `new`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source}: not UTF-8; edit it by hand") from exc
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    node = version_node(body, name, namespace, source)
    if node.style in ("|", ">") or node.start_mark.line != node.end_mark.line:
        raise UsageError(
            f"{source}:{node.start_mark.line + 1}: the version spans several lines",
            hint="write it on one line (`version: 1.2.3`), then upgrade",
        )
    start, end = node.start_mark.index, node.end_mark.index
    edited = body[:start] + render_scalar(new, node.style) + body[end:]
    if (
        version_node(edited, name, namespace, source).value != new
    ):  # a guard: never write what we cannot read back
        raise UsageError(f"{source}: could not rewrite the version safely; edit it by hand")
    return (bom + edited).encode("utf-8")
