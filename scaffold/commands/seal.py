"""`gitops-scaffold seal NAME`: write a SealedSecret offline, from the controller's certificate.

Values are read into memory only and encrypted there; no plaintext reaches
the disk, the output or an error message.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from scaffold.authoring import manifests
from scaffold.authoring import secret_data as secretdata
from scaffold.authoring.scopes import Scope, encryption_label
from scaffold.authoring.writer import refuse_existing, report_written, write_new_file
from scaffold.errors import UsageError
from scaffold.repository.convention import resolve_cluster
from scaffold.repository.names import validate_name, validate_namespace


def register(app: typer.Typer) -> None:
    """Add `seal` to the app."""
    # Extra arguments are collected rather than refused by the parser, whose
    # message would echo them: they are often a value typed after a space.
    app.command("seal", context_settings={"allow_extra_args": True})(seal_command)


def _read_stdin(key: str) -> bytes:
    stream = typer.get_binary_stream("stdin")
    return secretdata.read_stdin_value(key, stream.read, sys.stdin.isatty())


def seal_command(
    ctx: typer.Context,
    name: str = typer.Argument(
        ..., metavar="NAME", help="Name of the Secret (and of the SealedSecret)."
    ),
    namespace: str = typer.Option(
        ...,
        "--namespace",
        "-n",
        metavar="NS",
        help="Namespace of the Secret; for valuesFrom, the release's.",
    ),
    from_literal: list[str] = typer.Option(
        [],
        "--from-literal",
        metavar="KEY=VALUE",
        help="KEY=VALUE (repeatable; prefer --from-file KEY=- for secrets).",
    ),
    from_file: list[str] = typer.Option(
        [],
        "--from-file",
        metavar="[KEY=]PATH",
        help="[KEY=]PATH, or KEY=- to read standard input (repeatable).",
    ),
    from_env_file: list[Path] = typer.Option(
        [], "--from-env-file", metavar="PATH", help="A file of KEY=VALUE lines (repeatable)."
    ),
    cert: Path = typer.Option(
        ...,
        "--cert",
        metavar="CERT.pem",
        help="The controller's certificate (kubeseal --fetch-cert).",
    ),
    scope: Scope = typer.Option(Scope.STRICT, "--scope", help="Where the Secret may be unsealed."),
    allow_expired: bool = typer.Option(
        False, "--allow-expired", help="Seal with an expired certificate (with a warning)."
    ),
    sync_path: str | None = typer.Option(
        None,
        "--sync-path",
        metavar="PATH",
        help="Sync path of the cluster (needed when the repo has several).",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the file if it exists."),
) -> None:
    """Write <sync path>/helm/secrets/NAME-sealed.yaml: a SealedSecret."""
    # Imported here: the cryptography library is only needed once we seal.
    from scaffold.authoring.sealing import load_sealing_key, seal_value

    if ctx.args:
        # Typically `--from-literal KEY VALUE`: the parser would echo the value back.
        raise UsageError(
            f"{len(ctx.args)} unexpected argument(s) after NAME (not shown: they may be secret)",
            hint="write --from-literal KEY=VALUE with `=`, or better --from-file KEY=-",
        )
    validate_name(name, "Secret name")
    validate_namespace(namespace)
    key = load_sealing_key(cert)
    if key.expired and not allow_expired:
        raise UsageError(
            f"{cert}: the certificate expired on {key.not_after:%Y-%m-%d}",
            hint="fetch the current one with `kubeseal --fetch-cert`, or pass --allow-expired",
        )
    if key.expired:
        typer.echo(
            f"warning: {cert} expired on {key.not_after:%Y-%m-%d}; the controller may have "
            "rotated its key",
            err=True,
        )
    cluster = resolve_cluster(sync_path)
    path = cluster.sealed_secret_file(name)
    refuse_existing(path, force=force)  # before reading values: nobody types a secret in vain
    data = secretdata.SecretData()
    secretdata.add_literals(data, from_literal)
    secretdata.add_files(data, from_file, _read_stdin)
    secretdata.add_env_files(data, from_env_file)
    if not data.values:
        raise UsageError(
            "nothing to seal",
            hint="give --from-literal KEY=VALUE, --from-file KEY=PATH (or KEY=-) "
            "or --from-env-file",
        )
    data.check_size()
    for empty in data.empty_keys():
        typer.echo(f"warning: the value of {empty!r} is empty", err=True)
    label = encryption_label(namespace, name, scope)
    encrypted = {k: seal_value(key.public_key, v, label) for k, v in data.values.items()}
    document = manifests.sealed_secret(name, namespace, scope, encrypted)
    write_new_file(path, manifests.dump(document, explicit_start=False), force=force)
    report_written(path, f"Add SealedSecret {namespace}/{name}")
