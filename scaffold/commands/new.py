"""`gitops-scaffold new DEST`: render the Flux layout for one cluster and commit it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scaffold.bootstrap.options import BootstrapOptions
    from scaffold.new.create import BootstrapCheck, Created, NewRequest
from scaffold.commands import completion
from scaffold.commands.command import Command
from scaffold.commands.options import NewSyncPath, WrittenOutput
from scaffold.commands.usage import examples
from scaffold.errors import ScaffoldError, UsageError
from scaffold.formats import JSON_VERSION

EXAMPLES = examples(
    "gitops-scaffold new fleet -d owner=acme",
    "gitops-scaffold new . --sync-path clusters/production",
)


def register(app: typer.Typer) -> None:
    """Add `new` to the app."""
    app.command("new", cls=Command, epilog=EXAMPLES)(new_command)


def created_as_dict(created: Created) -> dict[str, Any]:
    """What `new` made, as JSON: the files and the commit; not the answers."""
    return {
        "version": JSON_VERSION,
        "action": "created",
        "dest": str(created.dest),
        "sync_path": created.sync_path,
        "files": created.written,
        "kept": created.kept,
        "commit": created.commit,
    }


def new_command(
    dest: Annotated[
        Path,
        typer.Argument(
            metavar="DEST",
            help="Directory to create, a generated repo to add a cluster to, or a clone "
            "`flux bootstrap` made, to adopt.",
        ),
    ],
    sync_path: NewSyncPath = "clusters/dev",
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            metavar="KEY=VALUE",
            help="Answer a template question: KEY=VALUE (repeatable).",
        ),
    ] = None,
    data_file: Annotated[
        Path | None,
        typer.Option(
            "--data-file",
            metavar="FILE",
            help="Answer template questions from a YAML file of `key: value` lines; "
            "--data wins over it.",
        ),
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="Ask the template's questions.")
    ] = False,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="SRC",
            help="Render from this Copier template source (a path or git URL).",
        ),
    ] = None,
    vcs_ref: Annotated[
        str | None,
        typer.Option("--vcs-ref", metavar="REF", help="Git ref of --template to render."),
    ] = None,
    no_commit: Annotated[
        bool, typer.Option("--no-commit", help="Leave the new files uncommitted.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Render into a directory holding other files (never overwrites them)."
        ),
    ] = False,
    bootstrap: Annotated[
        str | None,
        typer.Option(
            "--bootstrap",
            metavar="PROVIDER",
            help="Then bootstrap the new cluster with flux (github, gitlab, gitea, "
            "bitbucket-server, git), as `gitops-scaffold bootstrap` does.",
            autocompletion=completion.providers,
        ),
    ] = None,
    push: Annotated[
        bool, typer.Option("--push", help="With --bootstrap: push the merged branch.")
    ] = False,
    flux_args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[-- FLUX_FLAGS...]", help="With --bootstrap: extra flags for flux."
        ),
    ] = None,
    fmt: WrittenOutput = "text",
) -> None:
    """Create the Flux repository layout for a cluster, or add a cluster to one."""
    from scaffold.commands.output import console, written_format
    from scaffold.new.answers import absolute_if_local, parse_data, parse_data_file
    from scaffold.new.create import NewRequest, create, repository_root
    from scaffold.new.next_steps import adoption_summary, path_step, summary
    from scaffold.repository.sync_path import validate_sync_path

    output = written_format(fmt)
    if output.value == "json" and bootstrap is not None:
        raise UsageError("-o json does not combine with --bootstrap", hint="run them apart")
    request = NewRequest(
        dest=dest,
        sync_path=validate_sync_path(sync_path),
        data={**(parse_data_file(data_file) if data_file else {}), **parse_data(data or [])},
        template=absolute_if_local(template),
        vcs_ref=vcs_ref,
        interactive=interactive,
        commit=not no_commit,
        force=force,
        bootstrap=bootstrap,
        push=push,
        flux_args=tuple(flux_args or ()),
    )
    created = create(request, _bootstrap_check(request))
    for rel in created.kept:
        typer.echo(f"kept your {rel} (the template's version was not applied)", err=True)
    if created.fallback_identity:
        from scaffold import git
        from scaffold.new.next_steps import fallback_identity_note

        note = fallback_identity_note(created.dest, git.fallback_identity())
        typer.echo("warning: " + "\n".join(note), err=True)
    if output.value == "json":
        typer.echo(json.dumps(created_as_dict(created), indent=2))
        return
    if created.adopted and request.bootstrap is None:
        from scaffold.views.clusters import model_clusters

        several = len(model_clusters(repository_root(created.dest))) > 1
        typer.echo(
            adoption_summary(
                created.dest, created.sync_path, created.written, created.commit, created.kept,
                several=several,
            )
        )
        return
    if request.bootstrap is None:
        typer.echo(
            summary(
                created.dest, created.sync_path, created.written, created.commit, created.answers,
                path_step(), several=not created.answers.get("manage_root_files", True),
            )
        )
        return
    from scaffold.bootstrap.run import bootstrap_repository
    from scaffold.new.next_steps import resume_bootstrap_line

    typer.echo(f"Created {request.sync_path} in {created.dest}; bootstrapping it now.", err=True)
    root = repository_root(created.dest)
    try:
        code = bootstrap_repository(root, request.bootstrap, _bootstrap_options(request), console())
    except ScaffoldError as error:
        # `new` cannot run again on a cluster it made: say which command carries on.
        resume = resume_bootstrap_line(
            root, request.bootstrap, request.sync_path, request.push, request.flux_args
        )
        done = f"the layout is committed in {root}, so the command that resumes is `{resume}`"
        error.hint = f"{error.hint}; {done}" if error.hint else done
        raise
    if code:
        raise typer.Exit(code)


def _bootstrap_options(request: NewRequest) -> BootstrapOptions:
    from scaffold.bootstrap.options import BootstrapOptions

    return BootstrapOptions(
        sync_path=request.sync_path, flux_args=request.flux_args, push=request.push
    )


def _bootstrap_check(request: NewRequest) -> BootstrapCheck | None:
    """The preflight `new --bootstrap` runs before it writes anything."""
    if request.bootstrap is None:
        return None
    provider = request.bootstrap

    def check(answers: Mapping[str, object], known: bool) -> None:
        from scaffold.bootstrap.run import preflight_before_writing
        from scaffold.commands.output import console

        preflight_before_writing(
            answers, provider, _bootstrap_options(request), console(), answers_known=known
        )

    return check
