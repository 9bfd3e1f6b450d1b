"""`gitops-scaffold update`: bring every cluster to the newest template release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import Directory, SyncPath
from scaffold.commands.usage import examples

EXAMPLES = examples(
    "gitops-scaffold update",
    "gitops-scaffold update --sync-path clusters/staging --defaults",
    "gitops-scaffold update --defaults -d owner=acme",
)


def update_command(
    sync_path: SyncPath = None,
    defaults: Annotated[
        bool,
        typer.Option("--defaults", help="Keep the recorded answers; ask nothing (as in CI)."),
    ] = False,
    trust: Annotated[
        bool,
        typer.Option("--trust", help="Let the template run its migrations (read them first)."),
    ] = False,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="SRC",
            help="Take the template from SRC from now on (a fork or mirror, a URL or path).",
        ),
    ] = None,
    vcs_ref: Annotated[
        str | None,
        typer.Option("--vcs-ref", metavar="REF", help="Update to this template revision."),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            metavar="KEY=VALUE",
            help="Change a recorded answer, e.g. -d owner=acme (repeatable); Copier records it.",
        ),
    ] = None,
    directory: Directory = Path("."),
) -> None:
    """Run `copier update` for each cluster's answers file, committing each one."""
    from scaffold.new.answers import absolute_if_local, changed_answers
    from scaffold.new.update import UpdateRequest, update

    request = UpdateRequest(
        root=directory.absolute(),
        sync_path=sync_path,
        defaults=defaults,
        trust=trust,
        template=absolute_if_local(template),
        vcs_ref=vcs_ref,
        data=changed_answers(data or [], absolute_if_local(template)),
    )
    for done in update(request, progress=lambda line: typer.echo(line, err=True)):
        if done.commit is None:
            typer.echo(f"{done.sync_path}: already at template {done.after}")
        else:
            typer.echo(
                f"{done.sync_path}: template {done.before} -> {done.after}, "
                f"committed as {done.commit[:7]}"
            )


def register(app: typer.Typer) -> None:
    """Add `update` to the app."""
    app.command("update", cls=Command, epilog=EXAMPLES)(update_command)
