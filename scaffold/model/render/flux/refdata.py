"""The string data a ConfigMap or Secret gives to the controllers that read it from the cluster.

A ConfigMap gives its `data` (never `binaryData`); a Secret its `data` decoded from
base64, with `stringData` on top, as the API server stores it. A SOPS-encrypted Secret
holds only ciphertext in the repository, so its data is not available here.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RefData:
    """The data of one referenced object, or why it cannot be read from the repository."""

    values: Mapping[str, str] | None
    reason: str = ""


def is_sops_encrypted(obj: Mapping[str, Any]) -> bool:
    """Whether `obj` is a SOPS file: a `sops` block with a message authentication code."""
    sops = obj.get("sops")
    return isinstance(sops, Mapping) and "mac" in sops


def ref_data(obj: Mapping[str, Any]) -> RefData:
    """The string data of the ConfigMap or Secret `obj`."""
    kind = obj.get("kind")
    if kind == "Secret" and is_sops_encrypted(obj):
        return RefData(None, "it is SOPS-encrypted")
    data = obj.get("data") or {}
    if not isinstance(data, Mapping):
        return RefData(None, "its data is not a mapping")
    values: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str):
            return RefData(None, f"data.{key} is not a string")
        if kind == "Secret":
            try:
                decoded = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                return RefData(None, f"data.{key} is not base64")
            value = decoded.decode("utf-8", errors="replace")
        values[str(key)] = value
    if kind == "Secret":
        string_data = obj.get("stringData") or {}
        if not isinstance(string_data, Mapping):
            return RefData(None, "its stringData is not a mapping")
        for key, value in string_data.items():
            if not isinstance(value, str):
                return RefData(None, f"stringData.{key} is not a string")
            values[str(key)] = value
    return RefData(values)
