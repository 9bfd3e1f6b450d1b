"""The data a Secret's `kubectl.kubernetes.io/last-applied-configuration` repeats.

`kubectl apply` writes the whole object it applied, as JSON, into that annotation;
a Secret exported from a cluster (`kubectl get -o yaml`) keeps it. SOPS set to
encrypt only `data`/`stringData` leaves the annotation, and every value in it, in
plain text. Values are looked at here and never kept.
"""

from __future__ import annotations

import json

from scaffold.model.facts import secret_values
from scaffold.model.facts.nodes import Node, get, key_node, position, text

ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"


def plaintext_position(secret: Node) -> tuple[int, int] | None:
    """Where the annotation key is, when the object it records has literal data."""
    annotations = get(get(secret, "metadata"), "annotations")
    recorded = text(get(annotations, ANNOTATION))
    if not recorded:
        return None
    try:
        applied = json.loads(recorded)
    except ValueError:
        return None  # encrypted (`ENC[...]`) or not JSON: nothing readable
    if not isinstance(applied, dict) or not _has_literal_data(applied):
        return None
    key = key_node(annotations, ANNOTATION)
    return position(key) if key is not None else None


def _has_literal_data(applied: dict[str, object]) -> bool:
    for field, encoded in (("data", True), ("stringData", False)):
        data = applied.get(field)
        if isinstance(data, dict) and any(
            not isinstance(value, str) or secret_values.is_literal_value(value, encoded)
            for value in data.values()
        ):
            return True
    return False
