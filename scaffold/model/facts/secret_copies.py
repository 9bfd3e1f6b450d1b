"""Secrets and ConfigMaps copied under their own name into other namespaces.

- ClusterSecret (clustersecret.io): a Secret of the ClusterSecret's name in every
  namespace it matches.
- Reflector (emberstack): a Secret or ConfigMap annotated
  `reflector.v1.k8s.emberstack.com/reflection-allowed` and `reflection-auto-enabled`
  (`"true"` both) is copied into each namespace of `reflection-auto-namespaces`, else of
  `reflection-allowed-namespaces`, else into every one. A copy annotated `reflects:
  ns/name` is an object of the repository already and needs nothing here.
- kubernetes-replicator (mittwald): one annotated `replicator.v1.mittwald.de/replicate-to`
  is pushed into each namespace listed; `replicate-to-matching` (a label selector) into
  any. (`replicate-from` pulls into an object of the repository.)

Both tools read their lists as patterns: a list entry that is not a plain namespace
name (`team-.*`) stands for any namespace, as does an empty list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.model.facts.created import ANYWHERE, Created, Producer
from scaffold.model.facts.nodes import Node, dig, get, text

REFLECTOR = "reflector.v1.k8s.emberstack.com/"
REPLICATOR = "replicator.v1.mittwald.de/"
NAMESPACE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def _cluster_secret(_: Node, name: str) -> Iterator[Created]:
    yield "Secret", name, ANYWHERE


def _copies(kind: str) -> Producer:
    def copies(root: Node, name: str) -> Iterator[Created]:
        annotations = dig(root, "metadata", "annotations")
        for namespace in (*_reflected(annotations), *_replicated(annotations)):
            yield kind, name, namespace

    return copies


def _reflected(annotations: Node | None) -> list[str]:
    def value(key: str) -> str:
        return (text(get(annotations, REFLECTOR + key)) or "").strip()

    if value("reflection-allowed") != "true" or value("reflection-auto-enabled") != "true":
        return []
    listed = value("reflection-auto-namespaces") or value("reflection-allowed-namespaces")
    return _namespaces(listed)


def _replicated(annotations: Node | None) -> list[str]:
    found = []
    if text(get(annotations, REPLICATOR + "replicate-to")):
        found = _namespaces(text(get(annotations, REPLICATOR + "replicate-to")) or "")
    if text(get(annotations, REPLICATOR + "replicate-to-matching")):
        found.append(ANYWHERE)
    return found


def _namespaces(listed: str) -> list[str]:
    """The namespaces a comma-separated list names, or every one for a pattern."""
    entries = [entry.strip() for entry in listed.split(",") if entry.strip()]
    if not entries or not all(NAMESPACE_NAME.match(entry) for entry in entries):
        return [ANYWHERE]
    return entries


COPIES: dict[tuple[str, str], Producer] = {
    ("clustersecret.io", "ClusterSecret"): _cluster_secret,
    ("", "Secret"): _copies("Secret"),
    ("", "ConfigMap"): _copies("ConfigMap"),
}
