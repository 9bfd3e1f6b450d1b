"""`seal --merge-into FILE`: add or replace keys of an existing SealedSecret, as kubeseal does.

Name, namespace and scope come from the file, so the new values are bound to
the same label as the old ones. The certificate cannot be proven to be the one
the file was sealed with (only the controller's private key could), but a key
of another size certainly is not: each sealed value starts with the length of
its RSA ciphertext, which is the key's size. Only the entries of the keys given
change; every other byte of the file, comments included, stays as it was.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from scaffold import fs, yamlfile
from scaffold.authoring.inventory import describe
from scaffold.authoring.writer import Written
from scaffold.errors import EnvironmentProblem, UsageError
from scaffold.repository.convention import SEALED_PATTERN
from scaffold.repository.root import find_root
from scaffold.sealing.scopes import Scope, encryption_label

if TYPE_CHECKING:
    from scaffold.authoring.seal import SealRequest


@dataclass(frozen=True)
class SealedFile:
    """The SealedSecret merged into: what binds its values."""

    path: Path
    name: str
    namespace: str
    scope: Scope
    sealed: dict[str, str]


def merge_into(request: SealRequest) -> Written:
    """Seal the request's values into the existing SealedSecret file `request.merge_into`."""
    from scaffold.authoring.seal import empty_warnings, encrypt, load_key, read_values

    assert request.merge_into is not None
    root = find_root(Path.cwd())
    first = read_target(request.merge_into, root)
    _check_request(request, first)
    key, warnings = load_key(request)
    _check_key_size(first, key.public_key.key_size // 8)
    data = read_values(request)  # before the lock: stdin may wait on the user
    warnings += empty_warnings(data)
    with fs.locked(first.path):
        # Read again under the lock: another run may have merged its keys meanwhile.
        target = read_target(request.merge_into, root)
        _check_request(request, target)
        _check_key_size(target, key.public_key.key_size // 8)
        label = encryption_label(target.namespace, target.name, target.scope)
        encrypted = encrypt(key, data, label)
        text = target.path.read_bytes().decode("utf-8")
        merged = _merged_text(text, encrypted, str(target.path))
        try:
            fs.write_in_repository(target.path, merged, root)
        except OSError as exc:
            raise EnvironmentProblem(f"cannot write {target.path}: {exc.strerror or exc}") from exc
    replaced = sorted(k for k in encrypted if k in target.sealed)
    return Written(
        target.path,
        f"Seal {', '.join(sorted(encrypted))} into SealedSecret {target.namespace}/{target.name}",
        "SealedSecret",
        target.name,
        warnings=warnings,
        action="merged",
        details={
            "namespace": target.namespace,
            "scope": target.scope.value,
            "added": sorted(k for k in encrypted if k not in target.sealed),
            "replaced": replaced,
            "keys": sorted({*target.sealed, *encrypted}),
        },
    )


def read_target(path: Path, root: Path) -> SealedFile:
    """The one SealedSecret in `path`, a file inside the repository."""
    if not path.is_file():
        raise UsageError(f"--merge-into {path}: no such file")
    fs.check_inside(path, root)
    shown = fs.display_path(path)
    loaded = yamlfile.load(path, error=UsageError, hint="pass a SealedSecret file")
    item = describe(loaded, path, 1) if isinstance(loaded, dict) else None
    if item is None or item.kind != "SealedSecret" or item.produces is None:
        raise UsageError(
            f"{shown}: not a single SealedSecret document", hint=f"pass a {SEALED_PATTERN} file"
        )
    if item.namespace is None:
        raise UsageError(f"{shown}: the SealedSecret has no metadata.namespace")
    sealed = loaded.get("spec", {}).get("encryptedData")
    if not isinstance(sealed, dict):
        raise UsageError(f"{shown}: spec.encryptedData is not a mapping of keys to sealed values")
    assert item.scope is not None
    return SealedFile(path, item.name, item.namespace, item.scope, sealed)


def _check_request(request: SealRequest, target: SealedFile) -> None:
    shown = fs.display_path(target.path)
    for given, found, what in (
        (request.name, target.name, "NAME"),
        (request.namespace, target.namespace, "--namespace"),
        (request.scope.value if request.scope else None, target.scope.value, "--scope"),
    ):
        if given is not None and given != found:
            raise UsageError(
                f"{what} {given!r} differs from {shown} ({found!r})",
                hint=f"leave {what} out: --merge-into takes it from the file",
            )


def _check_key_size(target: SealedFile, key_bytes: int) -> None:
    for name, value in target.sealed.items():
        try:
            blob = base64.b64decode(str(value), validate=True)
        except (binascii.Error, ValueError):
            raise UsageError(
                f"{fs.display_path(target.path)}: the value of {name!r} is not base64"
            ) from None
        sealed_with = int.from_bytes(blob[:2], "big") if len(blob) >= 2 else key_bytes
        if sealed_with != key_bytes:
            raise UsageError(
                f"{fs.display_path(target.path)} was sealed with a {sealed_with * 8}-bit key; "
                f"the certificate's key is {key_bytes * 8}-bit",
                hint="use the certificate of the controller that sealed this file "
                "(`kubeseal --fetch-cert`), or re-seal every key",
            )


def _merged_text(text: str, encrypted: dict[str, str], source: str) -> str:
    """`text` with each key of `encrypted` replaced in, or appended to, spec.encryptedData."""
    start = 1 if text.startswith("\ufeff") else 0
    node = _encrypted_data_node(text[start:])
    if node is None or node.flow_style or not node.value:
        raise UsageError(
            f"{source}: spec.encryptedData is not a block mapping; it cannot be merged in place",
            hint="write it one `key: value` per line, or re-seal every key",
        )
    body = text[start:]
    positions = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []
    for key, value in encrypted.items():
        old = positions.get(key)
        if old is None:
            continue
        if not isinstance(old, yaml.ScalarNode) or old.start_mark.line != old.end_mark.line:
            raise UsageError(
                f"{source}:{old.start_mark.line + 1}: the sealed value of {key!r} spans "
                "several lines; cannot replace it in place",
                hint="write it on one line, or re-seal every key",
            )
        edits.append((old.start_mark.index, old.end_mark.index, value))
    last_key, last_value = node.value[-1]
    indent = " " * last_key.start_mark.column
    newline = "\r\n" if "\r\n" in body else "\n"
    added = "".join(
        f"{indent}{k}: {v}{newline}" for k, v in encrypted.items() if k not in positions
    )
    if added:
        # After the line of the last entry, so a comment ending that line stays on it.
        line_end = body.find("\n", last_value.end_mark.index)
        at = len(body) if line_end < 0 else line_end + 1
        edits.append((at, at, added if line_end >= 0 else newline + added))
    for begin, end, new in sorted(edits, reverse=True):
        body = body[:begin] + new + body[end:]
    return text[:start] + body


def _encrypted_data_node(text: str) -> Any:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for name in ("spec", "encryptedData"):
        if not isinstance(root, yaml.MappingNode):
            return None
        root = next((v for k, v in root.value if getattr(k, "value", None) == name), None)
    return root if isinstance(root, yaml.MappingNode) else None
