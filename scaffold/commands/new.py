"""`gitops-scaffold new DEST`: render the Flux layout for one cluster and commit it."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import typer

from scaffold import git, nextsteps, placement, proc
from scaffold.answers import check_answer, parse_data
from scaffold.clusters import Cluster, answers_file_name, load_clusters
from scaffold.errors import EnvironmentProblem, UsageError
from scaffold.syncpath import validate_sync_path

# Answers a second cluster inherits from the first unless given again.
SHARED_ANSWERS = (
    "git_provider",
    "owner",
    "repository",
    "branch",
    "personal",
    "private",
    "hostname",
    "git_url",
)
REPOSITORY_NAME = re.compile(r"[A-Za-z0-9._-]+")


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
) -> None:
    """Create the Flux repository layout for a cluster, or add a cluster to one."""
    request = NewRequest(
        dest=dest,
        sync_path=validate_sync_path(sync_path),
        data=parse_data(data),
        template=_absolute_if_local(template),
        vcs_ref=vcs_ref,
        interactive=interactive,
        commit=not no_commit,
        force=force,
    )
    raise typer.Exit(run(request))


def run(request: NewRequest) -> int:
    """Render, place and commit one cluster; return the exit code."""
    proc.require("git")
    dest = request.dest.absolute()
    _check_dest(dest, request.force)
    clusters = load_clusters(dest) if dest.is_dir() else []
    primary = not clusters
    answers_file = answers_file_name(request.sync_path, primary=primary)
    data = _answers(request, dest, clusters)
    if request.template is None:
        _reject_unknown_keys(data)
    from scaffold import rendering  # lazy: imports copier

    staging_parent = dest.parent if dest.parent.is_dir() else _make_parent(dest.parent)
    staging = Path(tempfile.mkdtemp(prefix=".gitops-scaffold-", dir=staging_parent))
    try:
        out = staging / "out"
        rendering.render(
            out,
            data=data,
            answers_file=answers_file,
            template=request.template,
            vcs_ref=request.vcs_ref,
            interactive=request.interactive,
        )
        written = _place(out, dest, request.force)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    commit = _commit(dest, written, request) if request.commit else None
    typer.echo(nextsteps.summary(dest, request.sync_path, written, commit, data))
    return 0


def _check_dest(dest: Path, force: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"{dest} exists and is not a directory", hint="choose another DEST")
    existing = dest.exists() and os.access(dest, os.W_OK)
    parent = next((p for p in dest.parents if p.exists()), dest)
    if (dest.exists() and not existing) or (not dest.exists() and not os.access(parent, os.W_OK)):
        raise EnvironmentProblem(
            f"cannot write to {dest if dest.exists() else parent}",
            hint="choose a DEST you can write to, or fix its permissions",
        )
    if dest.is_dir() and not load_clusters(dest) and not force:
        others = sorted(p.name for p in dest.iterdir() if p.name != ".git")
        if others:
            shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
            raise UsageError(
                f"{dest} already holds files ({shown}) and is not a generated repository",
                hint="choose an empty DEST, or pass --force (existing files are never overwritten)",
            )


def _answers(request: NewRequest, dest: Path, clusters: list[Cluster]) -> dict[str, object]:
    taken = {c.sync_path for c in clusters}
    if request.sync_path in taken:
        raise UsageError(
            f"{dest} already has a cluster at {request.sync_path}",
            hint="update it with `copier update`, or choose another --sync-path",
        )
    data: dict[str, object] = {}
    if clusters:
        first = clusters[0].answers
        data.update({k: first[k] for k in SHARED_ANSWERS if first.get(k) not in (None, "")})
        data["manage_root_files"] = False
    elif REPOSITORY_NAME.fullmatch(dest.name):
        data["repository"] = dest.name
    data.update(request.data)
    data["sync_path"] = request.sync_path
    for key, value in data.items():
        if isinstance(value, str):
            check_answer(key, value)
    return data


def _reject_unknown_keys(data: dict[str, object]) -> None:
    from scaffold import rendering

    known = {
        k
        for k, v in rendering.template_questions(rendering.bundled_template()).items()
        if not (isinstance(v, dict) and v.get("when") is False)
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise UsageError(
            f"unknown answer(s): {', '.join(unknown)}",
            hint=f"the template asks: {', '.join(sorted(known))}",
        )


def _place(out: Path, dest: Path, force: bool) -> list[str]:
    if not dest.exists():
        files = placement.rendered_files(out)
        try:
            placement.move_tree(out, dest)
        except OSError as exc:
            raise EnvironmentProblem(f"cannot create {dest}: {exc.strerror or exc}") from exc
        return files
    layout = placement.plan(out, dest)
    if layout.conflicts and not force:
        raise UsageError(
            f"{dest} already holds different versions of: {', '.join(layout.conflicts)}",
            hint="move them away, or pass --force to keep yours and skip the template's",
        )
    for rel in layout.conflicts:
        typer.echo(f"kept your {rel} (the template's version was not applied)", err=True)
    try:
        placement.move_files(out, dest, layout.new)
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot write into {dest}: {exc.strerror or exc}; nothing was changed",
            hint="free some space or fix the permissions, then run again",
        ) from exc
    return layout.new


def _commit(dest: Path, files: list[str], request: NewRequest) -> str | None:
    if not files:
        return None
    if git.toplevel(dest) is None:
        git.init(dest)
    top = git.toplevel(dest) or dest
    paths = [os.path.relpath(dest / rel, top) for rel in files]
    message = f"Add the Flux layout for {request.sync_path}"
    return git.commit_paths(top, paths, message)


def _make_parent(directory: Path) -> Path:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot create {directory}: {exc.strerror}") from exc
    return directory


def _absolute_if_local(template: str | None) -> str | None:
    # Copier stores _src_path as given; a relative path would break later updates.
    if template is not None and "://" not in template and Path(template).exists():
        return str(Path(template).resolve())
    return template
