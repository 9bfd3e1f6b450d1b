"""Reading a Helm values file to inline, refusing the ones that carry credentials.

Inlined values land in the HelmRelease, in Git, in clear text. A key that
looks like a credential (see `scaffold.repository.credentials`) holding anything
concrete stops the command, whatever its type: a string, a number, a `!!binary`
blob, a list or a mapping of such (`apiKey: {value: x}`). Inside such a list or
mapping, a branch that names another Secret (`existingSecret`, `secretName`,
`valueFrom`, `secretKeyRef`) is a reference, not a value. Messages name key paths,
never values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scaffold import yamlfile
from scaffold.errors import UsageError
from scaffold.repository.credentials import REFERENCE_PREFIXES, is_credential_key, normalize_key

FLUX_SUBSTITUTION = re.compile(r"\$\{[^}]+\}")


def credential_paths(values: Any, prefix: str = "", seen: set[int] | None = None) -> Iterator[str]:
    """Dotted paths of credential-like keys holding a concrete value."""
    # YAML aliases share objects: visit each container once, or an alias bomb never ends.
    seen = set() if seen is None else seen
    if isinstance(values, (dict, list)):
        if id(values) in seen:
            return
        seen.add(id(values))
    if isinstance(values, dict):
        for key, value in values.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, str) and is_credential_key(key) and _holds_value(value):
                yield path
            else:
                yield from credential_paths(value, path, seen)
    elif isinstance(values, list):
        for index, item in enumerate(values):
            yield from credential_paths(item, f"{prefix}[{index}]", seen)


# Ends of keys that point at a Secret elsewhere rather than hold a value.
REFERENCE_SUFFIXES = ("ref", "refs", "from", "name")


def _is_reference(key: Any) -> bool:
    norm = normalize_key(str(key))
    return norm.startswith(REFERENCE_PREFIXES) or norm.endswith(REFERENCE_SUFFIXES)


def _holds_value(value: Any, seen: set[int] | None = None) -> bool:
    # A bool is a switch (`createSecret: true`), None or "" a placeholder, and
    # `${VAR}` a Flux post-build substitution filled in on the cluster.
    seen = set() if seen is None else seen
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return False
        seen.add(id(value))
    if isinstance(value, dict):
        return any(
            _holds_value(item, seen) for key, item in value.items() if not _is_reference(key)
        )
    if isinstance(value, list):
        return any(_holds_value(item, seen) for item in value)
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and not FLUX_SUBSTITUTION.fullmatch(value)
    if isinstance(value, (bytes, bytearray)):
        return bool(value)
    return True  # a number, a timestamp, a set: all concrete


def load_values(path: Path) -> dict[str, Any]:
    """The mapping in `path`, or UsageError when unreadable, not a mapping or credential-bearing."""
    values = yamlfile.load(path, error=UsageError, hint="pass a Helm values file")
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise UsageError(f"{path}: a values file must hold a mapping of keys to values")
    found = sorted(set(credential_paths(values)))
    if found:
        raise UsageError(
            f"{path}: refusing to inline credential-like keys in clear text: {', '.join(found)}",
            hint="seal them with `gitops-scaffold seal NAME --namespace NS --from-file "
            "KEY=- --cert pub-sealed-secrets.pem` and reference them with "
            "`--secret-value NAME:KEY=TARGET.PATH`; remove them from the values file",
        )
    return values
