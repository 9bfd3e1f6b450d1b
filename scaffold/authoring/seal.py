"""`seal`: write a SealedSecret offline, from the controller's certificate.

Values are read into memory only and encrypted there; no plaintext reaches
the disk, the output or an error message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.authoring import manifests, secret_data
from scaffold.authoring.writer import Written, refuse_existing, write_new_file
from scaffold.errors import UsageError
from scaffold.repository.names import validate_name, validate_namespace
from scaffold.sealing.scopes import Scope, encryption_label
from scaffold.views.clusters import resolve_cluster

if TYPE_CHECKING:
    from scaffold.sealing.encrypt import SealingKey


@dataclass(frozen=True)
class SealRequest:
    """What `seal` was asked to write; values are named by source, never held here."""

    name: str | None
    namespace: str | None
    cert: Path
    read_stdin: secret_data.StdinReader
    literals: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    env_files: list[Path] = field(default_factory=list)
    scope: Scope | None = None
    allow_expired: bool = False
    allow_empty: bool = False
    merge_into: Path | None = None
    sync_path: str | None = None
    force: bool = False


def seal(request: SealRequest) -> Written:
    """Encrypt the request's values and write `<sync path>/helm/secrets/NAME-sealed.yaml`
    (`--merge-into` is `merge.merge_into`'s)."""
    if request.merge_into is not None:
        raise ValueError("a --merge-into request is merge.merge_into's to carry out")
    if request.name is None or request.namespace is None:
        raise UsageError(
            "seal needs NAME and --namespace", hint="or pass --merge-into FILE to add keys to it"
        )
    validate_name(request.name, "Secret name")
    validate_namespace(request.namespace)
    scope = request.scope or Scope.STRICT
    key, warnings = load_key(request)
    cluster = resolve_cluster(request.sync_path)
    path = cluster.sealed_secret_file(request.name)
    # Before reading values: nobody types a secret in vain.
    refuse_existing(path, force=request.force)
    data = read_values(request)
    warnings += empty_warnings(data)
    label = encryption_label(request.namespace, request.name, scope)
    encrypted = encrypt(key, data, label)
    document = manifests.sealed_secret(request.name, request.namespace, scope, encrypted)
    text = manifests.dump(document, explicit_start=False)
    write_new_file(path, text, force=request.force, root=cluster.root)
    return Written(
        path,
        f"Add SealedSecret {request.namespace}/{request.name}",
        "SealedSecret",
        request.name,
        warnings=warnings,
        action="sealed",
        details={"namespace": request.namespace, "scope": scope.value, "keys": sorted(encrypted)},
    )


def load_key(request: SealRequest) -> tuple[SealingKey, list[str]]:
    """The controller's key, refusing an expired certificate unless allowed (then a warning)."""
    # Imported here: the cryptography library is only needed once we seal.
    from scaffold.sealing.encrypt import FETCH_COMMAND, load_sealing_key

    key = load_sealing_key(request.cert)
    if key.expired and not request.allow_expired:
        raise UsageError(
            f"{request.cert}: the certificate expired on {key.not_after:%Y-%m-%d}",
            hint=f"fetch the current one with `{FETCH_COMMAND}`, or pass --allow-expired",
        )
    if key.expired:
        return key, [
            f"{request.cert} expired on {key.not_after:%Y-%m-%d}; the controller may have "
            "rotated its key"
        ]
    return key, []


def read_values(request: SealRequest) -> secret_data.SecretData:
    """The values to seal from every source; refuse none at all, or an empty one unless allowed."""
    data = secret_data.SecretData()
    secret_data.add_literals(data, request.literals)
    secret_data.add_files(data, request.files, request.read_stdin)
    secret_data.add_env_files(data, request.env_files)
    if not data.values:
        raise UsageError(
            "nothing to seal",
            hint="give --from-literal KEY=VALUE, --from-file KEY=PATH (or KEY=-) "
            "or --from-env-file",
        )
    empty = data.empty_keys()
    if empty and not request.allow_empty:
        raise UsageError(
            f"the value of {', '.join(repr(k) for k in empty)} is empty (often an empty pipe)",
            hint="check what you piped or typed; pass --allow-empty to seal an empty value",
        )
    data.check_size()
    return data


def empty_warnings(data: secret_data.SecretData) -> list[str]:
    """A warning per key sealed with an empty value (only with --allow-empty)."""
    return [f"the value of {empty!r} is empty" for empty in data.empty_keys()]


def encrypt(key: SealingKey, data: secret_data.SecretData, label: bytes) -> dict[str, str]:
    """Each value sealed on its own, keyed like the Secret."""
    from scaffold.sealing.encrypt import seal_value

    return {k: seal_value(key.public_key, v, label) for k, v in data.values.items()}
