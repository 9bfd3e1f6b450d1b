"""Objects as the comparison sees them: every value that may be secret replaced by a `Masked`.

A Secret's `data` and `stringData` become one `data` map (as the API server stores them)
of keyed digests, through the renderer's `Masker`; a SealedSecret's `encryptedData` too.
Anywhere else, a value under a credential-like key (`redact.is_sensitive_key`), the
`value` of an `env` entry whose `name` is one, and a string holding a credential (a URL
with a password, `password: x` inside a file) are masked. Two values compare equal when
their digests do, so a change stays visible while the value never is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scaffold import redact
from scaffold.model.render.flux.secrets import Masker, mask_object

SEALED_SECRET_GROUP = "bitnami.com"
# kubectl's copy of the whole object as last applied: a Secret's values in JSON.
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_SECRET_FIELDS = ("data", "stringData")
# Below a credential-like key everything is masked but what names a Secret rather than
# holds one (a Pod volume's `secret: {secretName: db}`).
_NAMING_KEYS = frozenset({"name", "secretName", "optional", "defaultMode"})


@dataclass(frozen=True)
class Masked:
    """A value that is never shown: what may be shown of it, and its keyed digest."""

    shown: str
    digest: str = ""

    def __str__(self) -> str:
        return self.shown


def is_secret(obj: Mapping[str, Any]) -> bool:
    """Whether `obj` is a core Secret."""
    return obj.get("kind") == "Secret" and str(obj.get("apiVersion") or "v1") == "v1"


def is_sealed_secret(obj: Mapping[str, Any]) -> bool:
    """Whether `obj` is a Bitnami SealedSecret."""
    api_version = str(obj.get("apiVersion") or "")
    return obj.get("kind") == "SealedSecret" and api_version.startswith(SEALED_SECRET_GROUP + "/")


def sanitize(obj: Mapping[str, Any], masker: Masker) -> dict[str, Any]:
    """A copy of `obj` in which no value that may be secret is left in the clear."""
    if is_secret(obj):
        return _sanitize_secret(obj, masker)
    clean = _walk(obj, masker, hidden=False)
    assert isinstance(clean, dict)
    if is_sealed_secret(obj):
        spec = clean.get("spec")
        encrypted = obj.get("spec", {}).get("encryptedData") if isinstance(spec, dict) else None
        if isinstance(encrypted, Mapping):
            spec["encryptedData"] = {  # type: ignore[index]
                str(k): _hide(v, masker) for k, v in encrypted.items()
            }
    return clean


def _sanitize_secret(obj: Mapping[str, Any], masker: Masker) -> dict[str, Any]:
    masked = mask_object(obj, masker)
    values: dict[str, Any] = {}
    for name in _SECRET_FIELDS:  # stringData overrides data, as the API server merges them
        field = masked.get(name)
        if isinstance(field, Mapping):
            values.update({str(k): Masked(redact.MASK, str(v)) for k, v in field.items()})
    rest = {k: v for k, v in obj.items() if k not in _SECRET_FIELDS}
    clean = _walk(rest, masker, hidden=False)
    assert isinstance(clean, dict)
    annotations = clean.get("metadata", {}).get("annotations")
    if isinstance(annotations, dict) and _LAST_APPLIED in annotations:
        annotations[_LAST_APPLIED] = _hide(obj["metadata"]["annotations"][_LAST_APPLIED], masker)
    if values or any(name in obj for name in _SECRET_FIELDS):
        clean["data"] = values
    return clean


def _hide(value: Any, masker: Masker) -> Masked:
    return Masked(redact.MASK, masker.mask(_bytes(value)))


def _bytes(value: Any) -> bytes:
    # The type is part of what is digested: `true` and "true" are different values.
    return f"{type(value).__name__}:{value}".encode("utf-8", errors="surrogatepass")


def _walk(value: Any, masker: Masker, *, hidden: bool) -> Any:
    if isinstance(value, Mapping):
        return _walk_map(value, masker, hidden=hidden)
    if isinstance(value, list):
        return [_walk(item, masker, hidden=hidden) for item in value]
    if value is None:
        return None
    if hidden:
        return _hide(value, masker)
    if isinstance(value, str):
        shown = redact.text(value)
        if shown != value:
            return Masked(shown, masker.mask(_bytes(value)))
    return value


def _walk_map(value: Mapping[Any, Any], masker: Masker, *, hidden: bool) -> dict[str, Any]:
    # `env: [{name: DB_PASSWORD, value: x}]`: the name says what the value is.
    named = value.get("name")
    hides_value = isinstance(named, str) and redact.is_sensitive_key(named)
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = str(key)
        if hidden:
            secret = name not in _NAMING_KEYS
        else:
            secret = redact.is_sensitive_key(name) or (hides_value and name == "value")
        out[name] = _walk(item, masker, hidden=secret)
    return out
