"""`gitops-scaffold new DEST`: render the Flux layout for one cluster and commit it."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import typer

from scaffold import git, proc
from scaffold.errors import UsageError
from scaffold.new.answers import absolute_if_local, cluster_answers, parse_data, reject_unknown_keys
from scaffold.repository.clusters import answers_file_name, load_clusters
from scaffold.repository.sync_path import validate_sync_path


@dataclass
class NewRequest:
    """Resolved inputs of `new`."""

    dest: Path
    sync_path: str
    data: dict[str, str] = field(default_factory=dict)
    template: str | None = None
    vcs_ref: str | None = None
    interactive: bool = False
    commit: bool = True
    force: bool = False
    bootstrap: str | None = None
    push: bool = False
    flux_args: tuple[str, ...] = ()


def register(app: typer.Typer) -> None:
    """Add `new` to the app."""
    app.command("new")(new_command)


def new_command(
    dest: Path = typer.Argument(
        ..., help="Directory to create, or a generated repo to add a cluster to."
    ),
    sync_path: str = typer.Option(
        "clusters/dev",
        "--sync-path",
        help="The cluster's sync path: the --path flux bootstrap syncs.",
    ),
    data: list[str] = typer.Option(
        [], "--data", "-d", help="Answer a template question: KEY=VALUE (repeatable)."
    ),
    interactive: bool = typer.Option(False, "--interactive", help="Ask the template's questions."),
    template: str | None = typer.Option(
        None, "--template", help="Render from this Copier template source (a path or git URL)."
    ),
    vcs_ref: str | None = typer.Option(None, "--vcs-ref", help="Git ref of --template to render."),
    no_commit: bool = typer.Option(False, "--no-commit", help="Leave the new files uncommitted."),
    force: bool = typer.Option(
        False,
        "--force",
        help="Render into a directory holding other files (never overwrites them).",
    ),
    bootstrap: str | None = typer.Option(
        None,
        "--bootstrap",
        metavar="PROVIDER",
        help="Then bootstrap the new cluster with flux (github, gitlab, gitea, "
        "bitbucket-server, git), as `gitops-scaffold bootstrap` does.",
    ),
    push: bool = typer.Option(False, "--push", help="With --bootstrap: push the merged branch."),
    flux_args: list[str] | None = typer.Argument(
        None, metavar="[-- FLUX_FLAGS...]", help="With --bootstrap: extra flags for flux."
    ),
) -> None:
    """Create the Flux repository layout for a cluster, or add a cluster to one."""
    request = NewRequest(
        dest=dest,
        sync_path=validate_sync_path(sync_path),
        data=parse_data(data),
        template=absolute_if_local(template),
        vcs_ref=vcs_ref,
        interactive=interactive,
        commit=not no_commit,
        force=force,
        bootstrap=bootstrap,
        push=push,
        flux_args=tuple(flux_args or ()),
    )
    raise typer.Exit(run(request))


def run(request: NewRequest) -> int:
    """Render, place and commit one cluster; return the exit code."""
    from scaffold.new import destination
    from scaffold.new import next_steps as nextsteps

    proc.require("git")
    _check_bootstrap_request(request)
    dest = request.dest.absolute()
    destination.check_dest(dest, request.force)
    clusters = load_clusters(dest) if dest.is_dir() else []
    primary = not clusters
    answers_file = answers_file_name(request.sync_path, primary=primary)
    data, defaults = cluster_answers(request.sync_path, request.data, dest, clusters)
    if request.bootstrap is not None and not request.interactive:
        _check_bootstrap_answers({**defaults, **data})
    if request.template is None:
        reject_unknown_keys({**defaults, **data})
    from scaffold.new import render as rendering  # lazy: imports copier

    staging_parent = dest.parent if dest.parent.is_dir() else destination.make_parent(dest.parent)
    staging = Path(tempfile.mkdtemp(prefix=".gitops-scaffold-", dir=staging_parent))
    try:
        out = staging / "out"
        rendering.render(
            out,
            data=data,
            defaults=defaults,
            answers_file=answers_file,
            template=request.template,
            vcs_ref=request.vcs_ref,
            interactive=request.interactive,
        )
        answers = rendering.read_answers(out / answers_file)
        written = destination.place(out, dest, request.force)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    message = f"Add the Flux layout for {request.sync_path}"
    commit = destination.commit_files(dest, written, message) if request.commit else None
    if request.bootstrap is None:
        typer.echo(nextsteps.summary(dest, request.sync_path, written, commit, answers))
        return 0
    typer.echo(f"Created {request.sync_path} in {dest}; bootstrapping it now.", err=True)
    return _run_bootstrap(dest, request)


def _check_bootstrap_request(request: NewRequest) -> None:
    if request.bootstrap is None:
        if request.push or request.flux_args:
            raise UsageError("--push and flux flags only make sense with --bootstrap PROVIDER")
        return
    from scaffold.bootstrap.options import Provider

    choices = [p.value for p in Provider]
    if request.bootstrap not in choices:
        raise UsageError(
            f"unknown provider {request.bootstrap!r}", hint=f"use one of: {', '.join(choices)}"
        )
    if not request.commit:
        raise UsageError(
            "--bootstrap needs the layout committed; drop --no-commit",
            hint="flux bootstrap pushes commits, so the working tree must be clean",
        )
    request.data.setdefault("git_provider", request.bootstrap)
    if request.data["git_provider"] != request.bootstrap:
        raise UsageError("--data git_provider and --bootstrap name different providers")


def _check_bootstrap_answers(data: dict[str, object]) -> None:
    # Refuse before rendering, so a bootstrap that cannot start leaves nothing behind.
    needed = ("git_url",) if data.get("git_provider") == "git" else ("owner", "repository")
    missing = [key for key in needed if not data.get(key)]
    if missing:
        flags = " ".join(f"--data {key}=..." for key in missing)
        raise UsageError(
            f"--bootstrap {data.get('git_provider')} needs {', '.join(missing)}",
            hint=f"pass {flags}",
        )


def _run_bootstrap(dest: Path, request: NewRequest) -> int:
    from scaffold.bootstrap.options import BootstrapOptions
    from scaffold.bootstrap.run import bootstrap_repository

    options = BootstrapOptions(
        sync_path=request.sync_path, flux_args=request.flux_args, push=request.push
    )
    root = git.toplevel(dest) or dest
    return bootstrap_repository(root, str(request.bootstrap), options)
