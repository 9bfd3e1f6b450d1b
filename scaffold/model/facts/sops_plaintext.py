"""What a SOPS-encrypted document still holds in plain text.

SOPS encrypts only the keys its rule selects (`encrypted_regex`, `encrypted_suffix`,
`unencrypted_regex`, `unencrypted_suffix`, recorded in the file's `sops:` block). A
rule written for Secrets (`encrypted_regex: ^(data|stringData)$`) selects nothing in a
Helm values file, which then sits in Git readable behind a `sops:` block. Values are
looked at here and never kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from scaffold.model.facts import secret_values
from scaffold.model.facts.nodes import Node, get, pairs, position, text

SELECTORS = ("encrypted_regex", "encrypted_suffix", "unencrypted_regex", "unencrypted_suffix")
ENCRYPTED = "ENC["
STRING_TAG = "tag:yaml.org,2002:str"
Position = tuple[int, int]
NUMBER = re.compile(r"^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def plaintext(root: Node, extra: tuple[str, ...]) -> dict[str, Any]:
    """The `sops_*` Document fields of a document with a `sops:` block: what it keeps in
    plain text, the selector that let it through, and whether it encrypted nothing."""
    sops = get(root, "sops")
    if not isinstance(root, yaml.MappingNode) or not isinstance(sops, yaml.MappingNode):
        return {}
    body = yaml.MappingNode(root.tag, [(k, v) for k, v in root.value if text(k) != "sops"])
    leaves = list(_leaves(body, ()))
    if leaves and not any(value.startswith(ENCRYPTED) for _, _, value in leaves):
        # The selector matched nothing: every value is as readable as before `sops -e`.
        path, pos, _ = leaves[0]
        return {
            "sops_plaintext": ((path, pos),),
            "sops_selector": _selector(sops),
            "sops_nothing_encrypted": True,
        }
    found = dict(
        (pos, path) for path, pos in secret_values.credential_values(body, extra, encrypted_ok=True)
    )
    if text(get(root, "kind")) == "Secret":
        for field, encoded in (("data", True), ("stringData", False)):
            for key, value in pairs(get(root, field)):
                if _plain(value, encoded):
                    found.setdefault(position(key), f"{field}.{text(key) or '?'}")
    if not found:
        return {}
    return {
        "sops_plaintext": tuple((path, pos) for pos, path in sorted(found.items())),
        "sops_selector": _selector(sops),
    }


def _selector(sops: Node) -> str | None:
    """The selector the sops block records, as `name: value`."""
    return next(
        (f"{name}: {text(get(sops, name))}" for name in SELECTORS if text(get(sops, name))),
        None,
    )


def _leaves(node: Node, prefix: tuple[str, ...]) -> Iterator[tuple[str, Position, str]]:
    """(key path, key position, value) of each non-empty string value, in file order."""
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _leaves(item, (*prefix, f"[{i}]"))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, text(key) or "?")
            if isinstance(value, yaml.ScalarNode):
                if _is_text(value):
                    yield _join(path), position(key), str(value.value)
            else:
                yield from _leaves(value, path)


def _is_text(node: yaml.ScalarNode) -> bool:
    """A non-empty string: not null, a boolean or a plain number (the loader leaves
    numbers untagged)."""
    value = str(node.value).strip()
    if node.tag != STRING_TAG or not value:
        return False
    return bool(node.style) or not NUMBER.match(value)


def _join(parts: tuple[str, ...]) -> str:
    return "".join(p if p.startswith("[") or i == 0 else f".{p}" for i, p in enumerate(parts))


def _plain(node: Node, encoded: bool) -> bool:
    if not isinstance(node, yaml.ScalarNode):
        return False
    value = str(node.value)
    return not value.startswith(ENCRYPTED) and secret_values.is_literal_value(value, encoded)
