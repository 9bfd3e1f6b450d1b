"""Secret values masked for output: a change stays visible, the value never is.

Each `data` and `stringData` value of a Secret becomes `MASKED` and ten hex digits of
an HMAC-SHA256 of the value under a key: one per run unless the caller gives one (two
renders compared with the same key show which values changed). A `data` value is
digested decoded, so the same value in `data` and `stringData` masks the same; the
mask is also valid base64, so a masked Secret still passes a schema check. SOPS
ciphertext (`ENC[...]`) and a SealedSecret's `encryptedData` are kept as written.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER = "MASKED"
DIGEST_LENGTH = 10
_SOPS_VALUE = re.compile(r"ENC\[[A-Z0-9_]+,data:[^\]]*\]\Z")
_MASKED_FIELDS = ("data", "stringData")
# A Secret-given value this long is masked inside longer text too (shorter: whole values).
MIN_SUBSTRING_SECRET = 6


def is_sops_ciphertext(value: Any) -> bool:
    """Whether `value` is a value SOPS encrypted (`ENC[AES256_GCM,data:...]`)."""
    return isinstance(value, str) and _SOPS_VALUE.match(value) is not None


@dataclass(frozen=True)
class Masker:
    """Masks values under one HMAC key (random unless given)."""

    key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def mask(self, value: bytes) -> str:
        """The placeholder and short keyed digest shown instead of `value`."""
        digest = hmac.new(self.key, value, hashlib.sha256).hexdigest()
        return PLACEHOLDER + digest[:DIGEST_LENGTH]


def mask_object(obj: Any, masker: Masker, *, show_secrets: bool = False) -> Any:
    """`obj` as output shows it: a Secret's values masked unless `show_secrets`."""
    if show_secrets or not isinstance(obj, Mapping) or obj.get("kind") != "Secret":
        return obj
    if str(obj.get("apiVersion", "v1")) != "v1":
        return obj
    masked = dict(obj)
    for name in _MASKED_FIELDS:
        values = obj.get(name)
        if isinstance(values, Mapping):
            encoded = name == "data"
            masked[name] = {k: _mask_value(v, masker, encoded=encoded) for k, v in values.items()}
    return masked


def mask_objects(
    objects: Iterable[Any], masker: Masker, *, show_secrets: bool = False
) -> list[Any]:
    """Every object of `objects` through `mask_object`."""
    return [mask_object(obj, masker, show_secrets=show_secrets) for obj in objects]


def _mask_value(value: Any, masker: Masker, *, encoded: bool) -> Any:
    if value is None or is_sops_ciphertext(value):
        return value
    text = value if isinstance(value, str) else str(value)
    return masker.mask(_decoded(text) if encoded else text.encode())


def _decoded(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text.encode()  # not base64 (Kubernetes would reject it): digest it as written


def mask_credentials(
    obj: Any,
    masker: Masker,
    secret_values: Iterable[str] = (),
    memo: dict[str, str] | None = None,
) -> Any:
    """`obj` as output shows it beyond Secrets: the values of credential-like keys (and of
    `env` entries with such a name), the user information of URLs and any value a Secret
    gave through postBuild substitution masked; ciphertext stays as written. `memo` keeps
    each string's answer across calls with the same masker and values. What holds nothing
    to mask is returned as it is (not copied): callers must not modify the result."""
    from scaffold import redact

    values = sorted({v for v in secret_values if v}, key=len, reverse=True)
    shown: dict[str, str] = {} if memo is None else memo  # strings recur across objects
    sensitive_keys = _sensitive_keys()

    def string(text: str) -> str:
        original = text
        if not is_sops_ciphertext(text):
            for value in values:
                if text == value or (len(value) >= MIN_SUBSTRING_SECRET and value in text):
                    text = text.replace(value, masker.mask(value.encode()))
            text = redact.text(text)  # URLs' user info, `key: value`/JSON/KEY=value pairs
        shown[original] = text
        return text

    def _mapping(node: dict[Any, Any], sensitive: bool, sealed: bool) -> Any:
        named = node.get("name")
        env_secret = isinstance(named, str) and "value" in node and sensitive_keys(named)
        out = None  # a copy, made at the first value that changes
        for key, value in node.items():
            hidden = sensitive or (isinstance(key, str) and sensitive_keys(key))
            if env_secret and key == "value":
                hidden = True
            new = _masked(value, hidden, sealed or key == "encryptedData")
            if out is None:
                if new is value or new == value:
                    continue
                out = dict(node)
            out[key] = new
        return node if out is None else out  # unchanged: the same object, cheap to compare

    def _sequence(node: list[Any], sensitive: bool, sealed: bool) -> Any:
        out = None
        for index, item in enumerate(node):
            new = _masked(item, sensitive, sealed)
            if out is None:
                if new is item or new == item:
                    continue
                out = list(node)
            out[index] = new
        return node if out is None else out

    def _masked(node: Any, sensitive: bool, sealed: bool) -> Any:
        kind = type(node)
        if kind is str:  # most values: answered from the memo
            if sealed:
                return node
            if sensitive:
                return node if is_sops_ciphertext(node) else masker.mask(node.encode())
            found = shown.get(node)
            return found if found is not None else string(node)
        if kind is dict or isinstance(node, dict):
            return _mapping(node, sensitive, sealed)
        if kind is list or isinstance(node, list):
            return _sequence(node, sensitive, sealed)
        if sealed or node is None or isinstance(node, bool):
            return node
        if sensitive and isinstance(node, (str, int, float)):
            text = str(node)
            return text if is_sops_ciphertext(text) else masker.mask(text.encode())
        return string(node) if isinstance(node, str) else node

    return _masked(obj, False, False)


def would_mask(obj: Any, memo: dict[str, bool] | None = None) -> bool:
    """Whether `mask_credentials` (with no value given by a Secret) would mask anything in
    `obj`: the same walk, with nothing built and the first such value ending it. `memo`
    keeps each string's answer across calls."""
    from scaffold import redact

    answers: dict[str, bool] = {} if memo is None else memo
    sensitive_keys = _sensitive_keys()

    def string(text: str) -> bool:
        found = answers.get(text)
        if found is None:
            found = answers[text] = not is_sops_ciphertext(text) and redact.text(text) != text
        return found

    def hides(node: Any, sensitive: bool, sealed: bool) -> bool:
        kind = type(node)
        if kind is str:
            if sealed:
                return False
            return not is_sops_ciphertext(node) if sensitive else string(node)
        if kind is dict or isinstance(node, dict):
            named = node.get("name")
            env_secret = isinstance(named, str) and "value" in node and sensitive_keys(named)
            for key, value in node.items():
                hidden = sensitive or (isinstance(key, str) and sensitive_keys(key))
                if hides(value, hidden or (env_secret and key == "value"),
                         sealed or key == "encryptedData"):  # fmt: skip
                    return True
            return False
        if kind is list or isinstance(node, list):
            return any(hides(item, sensitive, sealed) for item in node)
        if sealed or node is None or isinstance(node, bool):
            return False
        if sensitive and isinstance(node, (str, int, float)):
            return not is_sops_ciphertext(str(node))
        return string(node) if isinstance(node, str) else False

    return hides(obj, False, False)


@functools.cache
def _sensitive_keys() -> Callable[[str], bool]:
    """`redact.is_sensitive_key`, remembered per key (a few hundred distinct keys a run)."""
    from scaffold import redact

    return functools.lru_cache(maxsize=65536)(redact.is_sensitive_key)
