"""Compose a manifest and validate it against the bundled schema of its kind."""

from __future__ import annotations

import yaml

from scaffold.model.schemas.bundle import DEFAULT_FLUX_MINOR, load_schema
from scaffold.model.schemas.validate import Violation, validate_node


def top_level(node: yaml.Node, key: str) -> str:
    """The scalar value of a top-level key."""
    for k, v in node.value:
        if k.value == key:
            return str(v.value)
    raise KeyError(key)


def violations(text: str, flux_minor: str = DEFAULT_FLUX_MINOR) -> list[Violation]:
    """All violations in a single-document manifest."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    schema = load_schema(flux_minor, top_level(node, "apiVersion"), top_level(node, "kind"))
    assert schema is not None, "no schema for this kind"
    return validate_node(node, schema)


def only(text: str, flux_minor: str = DEFAULT_FLUX_MINOR) -> Violation:
    """The one violation a manifest must have."""
    found = violations(text, flux_minor)
    assert len(found) == 1, found
    return found[0]
