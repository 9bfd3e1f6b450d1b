"""`seal`: write a SealedSecret offline, from the controller's certificate.

Values are read into memory only and encrypted there; no plaintext reaches
the disk, the output or an error message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scaffold.authoring import manifests, secret_data
from scaffold.authoring.scopes import Scope, encryption_label
from scaffold.authoring.writer import Written, refuse_existing, write_new_file
from scaffold.errors import UsageError
from scaffold.repository.names import validate_name, validate_namespace
from scaffold.repository.root import resolve_cluster


@dataclass(frozen=True)
class SealRequest:
    """What `seal` was asked to write; values are named by source, never held here."""

    name: str
    namespace: str
    cert: Path
    read_stdin: secret_data.StdinReader
    literals: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    env_files: list[Path] = field(default_factory=list)
    scope: Scope = Scope.STRICT
    allow_expired: bool = False
    sync_path: str | None = None
    force: bool = False


def seal(request: SealRequest) -> Written:
    """Encrypt the request's values and write `<sync path>/helm/secrets/NAME-sealed.yaml`."""
    # Imported here: the cryptography library is only needed once we seal.
    from scaffold.authoring.sealing import FETCH_COMMAND, load_sealing_key, seal_value

    validate_name(request.name, "Secret name")
    validate_namespace(request.namespace)
    key = load_sealing_key(request.cert)
    warnings = []
    if key.expired and not request.allow_expired:
        raise UsageError(
            f"{request.cert}: the certificate expired on {key.not_after:%Y-%m-%d}",
            hint=f"fetch the current one with `{FETCH_COMMAND}`, or pass --allow-expired",
        )
    if key.expired:
        warnings.append(
            f"{request.cert} expired on {key.not_after:%Y-%m-%d}; the controller may have "
            "rotated its key"
        )
    cluster = resolve_cluster(request.sync_path)
    path = cluster.sealed_secret_file(request.name)
    # Before reading values: nobody types a secret in vain.
    refuse_existing(path, force=request.force)
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
    data.check_size()
    warnings += [f"the value of {empty!r} is empty" for empty in data.empty_keys()]
    label = encryption_label(request.namespace, request.name, request.scope)
    encrypted = {k: seal_value(key.public_key, v, label) for k, v in data.values.items()}
    document = manifests.sealed_secret(request.name, request.namespace, request.scope, encrypted)
    text = manifests.dump(document, explicit_start=False)
    write_new_file(path, text, force=request.force, root=cluster.root)
    return Written(
        path,
        f"Add SealedSecret {request.namespace}/{request.name}",
        "SealedSecret",
        request.name,
        warnings=warnings,
    )
