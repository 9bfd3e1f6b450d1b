"""`gitops-scaffold seal NAME`: write a SealedSecret offline, from the controller's certificate."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import SyncPath, WrittenOutput
from scaffold.commands.usage import examples
from scaffold.errors import UsageError
from scaffold.sealing.scopes import Scope

EXAMPLES = examples(
    "gitops-scaffold seal db -n apps --from-file password=- --cert pub-sealed-secrets.pem",
    "gitops-scaffold seal db -n apps --from-env-file db.env --scope namespace-wide --cert pub.pem",
)


def register(app: typer.Typer) -> None:
    """Add `seal` to the app."""
    # Extra arguments are collected rather than refused by the parser, whose
    # message would echo them: they are often a value typed after a space.
    extra = {"allow_extra_args": True}
    app.command("seal", cls=Command, context_settings=extra, epilog=EXAMPLES)(seal_command)


def _read_stdin(key: str) -> bytes:
    from scaffold.authoring.secret_data import read_stdin_value

    stream = typer.get_binary_stream("stdin")
    return read_stdin_value(key, stream.read, sys.stdin.isatty())


def seal_command(
    ctx: typer.Context,
    cert: Annotated[
        Path,
        typer.Option(
            "--cert",
            metavar="CERT.pem",
            help="The controller's certificate (kubeseal --fetch-cert).",
        ),
    ],
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="Name of the Secret (and of the SealedSecret); with --merge-into, from the file.",
        ),
    ] = None,
    namespace: Annotated[
        str | None,
        typer.Option(
            "--namespace",
            "-n",
            metavar="NS",
            help="Namespace of the Secret; for valuesFrom, the release's.",
        ),
    ] = None,
    from_literal: Annotated[
        list[str] | None,
        typer.Option(
            "--from-literal",
            metavar="KEY=VALUE",
            help="KEY=VALUE (repeatable; prefer --from-file KEY=- for secrets).",
        ),
    ] = None,
    from_file: Annotated[
        list[str] | None,
        typer.Option(
            "--from-file",
            metavar="[KEY=]PATH",
            help="[KEY=]PATH, or KEY=- to read standard input (repeatable).",
        ),
    ] = None,
    from_env_file: Annotated[
        list[Path] | None,
        typer.Option(
            "--from-env-file", metavar="PATH", help="A file of KEY=VALUE lines (repeatable)."
        ),
    ] = None,
    scope: Annotated[
        Scope | None,
        typer.Option("--scope", help="Where the Secret may be unsealed (default: strict)."),
    ] = None,
    allow_expired: Annotated[
        bool,
        typer.Option("--allow-expired", help="Seal with an expired certificate (with a warning)."),
    ] = False,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty", help="Seal an empty value (refused by default: an empty pipe)."
        ),
    ] = False,
    merge_into: Annotated[
        Path | None,
        typer.Option(
            "--merge-into",
            metavar="FILE",
            help="Add or replace keys of this SealedSecret file, leaving its other keys alone.",
        ),
    ] = None,
    sync_path: SyncPath = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
    fmt: WrittenOutput = "text",
) -> None:
    """Write <sync path>/helm/secrets/NAME-sealed.yaml: a SealedSecret."""
    from scaffold.authoring.seal import SealRequest, seal
    from scaffold.commands.output import report_written, written_format

    output = written_format(fmt)
    if ctx.args:
        # Typically `--from-literal KEY VALUE`: the parser would echo the value back.
        raise UsageError(
            f"{len(ctx.args)} unexpected argument(s) after NAME (not shown: they may be secret)",
            hint="write --from-literal KEY=VALUE with `=`, or better --from-file KEY=-",
        )
    request = SealRequest(
        name=name,
        namespace=namespace,
        cert=cert,
        read_stdin=_read_stdin,
        literals=from_literal or [],
        files=from_file or [],
        env_files=from_env_file or [],
        scope=scope,
        allow_expired=allow_expired,
        allow_empty=allow_empty,
        merge_into=merge_into,
        sync_path=sync_path,
        force=force,
    )
    if request.merge_into is not None:
        from scaffold.authoring import merge

        report_written(merge.merge_into(request), output)
        return
    report_written(seal(request), output)
