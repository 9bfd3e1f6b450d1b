"""`gitops-scaffold seal NAME`: write a SealedSecret offline, from the controller's certificate."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from scaffold.commands import completion
from scaffold.commands.usage import PlainUsage
from scaffold.sealing.scopes import Scope


def register(app: typer.Typer) -> None:
    """Add `seal` to the app."""
    # Extra arguments are collected rather than refused by the parser, whose
    # message would echo them: they are often a value typed after a space.
    app.command("seal", cls=PlainUsage, context_settings={"allow_extra_args": True})(
        seal_command
    )


def _read_stdin(key: str) -> bytes:
    from scaffold.authoring.secret_data import read_stdin_value

    stream = typer.get_binary_stream("stdin")
    return read_stdin_value(key, stream.read, sys.stdin.isatty())


def seal_command(
    ctx: typer.Context,
    name: str | None = typer.Argument(
        None,
        metavar="NAME",
        help="Name of the Secret (and of the SealedSecret); with --merge-into, from the file.",
    ),
    namespace: str | None = typer.Option(
        None,
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
    scope: Scope | None = typer.Option(
        None, "--scope", help="Where the Secret may be unsealed (default: strict)."
    ),
    allow_expired: bool = typer.Option(
        False, "--allow-expired", help="Seal with an expired certificate (with a warning)."
    ),
    allow_empty: bool = typer.Option(
        False, "--allow-empty", help="Seal an empty value (refused by default: an empty pipe)."
    ),
    merge_into: Path | None = typer.Option(
        None,
        "--merge-into",
        metavar="FILE",
        help="Add or replace keys of this SealedSecret file, leaving its other keys alone.",
    ),
    sync_path: str | None = typer.Option(
        None,
        "--sync-path",
        metavar="PATH",
        help="Sync path of the cluster (needed when the repo has several).",
        autocompletion=completion.sync_paths,
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the file if it exists."),
    fmt: str = typer.Option(
        "text", "--format", metavar="FORMAT", help="What was written, on stdout: text, json."
    ),
) -> None:
    """Write <sync path>/helm/secrets/NAME-sealed.yaml: a SealedSecret."""
    from scaffold.authoring.seal import SealRequest, seal
    from scaffold.commands.output import report_written, written_format
    from scaffold.errors import UsageError

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
        literals=from_literal,
        files=from_file,
        env_files=from_env_file,
        scope=scope,
        allow_expired=allow_expired,
        allow_empty=allow_empty,
        merge_into=merge_into,
        sync_path=sync_path,
        force=force,
    )
    report_written(seal(request), output)
