"""`new`: render one cluster's layout into DEST, all or nothing, and commit it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold import git
from scaffold.errors import UsageError
from scaffold.flux.providers import parse_provider
from scaffold.new import adoption, destination, remote_template
from scaffold.new.answers import (
    check_answers,
    cluster_answers,
    reject_unknown_keys,
    yes_no_answers,
)
from scaffold.repository.clusters import answers_file_name, load_clusters
from scaffold.repository.convention import GITIGNORE


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


@dataclass(frozen=True)
class Created:
    """What `new` made: the files placed, the commit, the answers, the files kept."""

    dest: Path
    sync_path: str
    written: list[str]
    commit: str | None
    answers: dict[str, Any]
    kept: list[str] = field(default_factory=list)
    # Whether the commit was made as git.FALLBACK_IDENTITY: git knew no user here.
    fallback_identity: bool = False
    adopted: bool = False


# Called with a `--bootstrap` cluster's answers before anything is written; raises to stop.
BootstrapCheck = Callable[[Mapping[str, object], bool], None]


def create(request: NewRequest, check_bootstrap: BootstrapCheck | None = None) -> Created:
    """Render, place and commit one cluster; `check_bootstrap` vets a bootstrap first."""
    git.require_git()
    remote_template.check_source(request.template)
    check_bootstrap_request(request)
    # Resolved: Git names the work tree by its real path (macOS's /var is /private/var).
    dest = request.dest.resolve()
    destination.check_top_level(dest, request.sync_path)
    adopting = adoption.detect(dest, request.sync_path)
    destination.check_dest(dest, request.force or adopting is not None)
    clusters = load_clusters(dest) if dest.is_dir() else []
    answers_file = answers_file_name(request.sync_path, primary=not clusters)
    data, defaults = cluster_answers(request.sync_path, request.data, dest, clusters)
    data = yes_no_answers(data, request.template)
    if adopting is not None:
        defaults.update(adopting.answers)
    if request.template is None:
        reject_unknown_keys({**defaults, **data})
    if request.bootstrap is not None:
        known = {**defaults, **data, "sync_path": request.sync_path}
        if not request.interactive:
            _check_bootstrap_answers(known)
        if check_bootstrap is not None:
            # Before writing: a bootstrap that cannot run must not leave a repository behind.
            check_bootstrap(known, not request.interactive)
    from scaffold.new import render  # lazy: imports copier

    staging_parent = dest.parent if dest.parent.is_dir() else destination.make_parent(dest.parent)
    destination.remove_stale_staging(staging_parent)
    staging = destination.make_staging(staging_parent)
    try:
        out = staging / "out"
        render.render(
            out,
            data=data,
            defaults=defaults,
            answers_file=answers_file,
            template=request.template,
            vcs_ref=request.vcs_ref,
            interactive=request.interactive,
        )
        answers = render.read_answers(out / answers_file)
        check_answers(answers)  # also those typed at a prompt or given by the template
        merge_ignore = adopting is not None and (dest / GITIGNORE).is_file()
        if merge_ignore:
            (out / GITIGNORE).unlink(missing_ok=True)  # merged below, never replaced
        before = destination.PriorState.of(dest)
        placed = destination.place(out, dest, request.force or adopting is not None)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written = list(placed.new)
    if merge_ignore and adoption.merge_ignore_block(dest):
        written.append(GITIGNORE)
    verb = "Adopt" if adopting is not None else "Add"
    message = f"{verb} the Flux layout for {request.sync_path}"
    anonymous = request.commit and not git.has_identity(dest)
    commit = None
    if request.commit:
        try:
            branch = str(answers.get("branch") or "main")
            commit = destination.commit_files(dest, written, message, branch)
        except BaseException:
            destination.roll_back(dest, placed.new, before)  # a rerun then starts afresh
            raise
    adopted = adopting is not None and adopting.bootstrapped
    return Created(
        dest,
        request.sync_path,
        written,
        commit,
        answers,
        placed.conflicts,
        fallback_identity=anonymous and commit is not None,
        adopted=adopted,
    )


def check_bootstrap_request(request: NewRequest) -> None:
    """Refuse `--push`/flux flags without `--bootstrap`, and a bootstrap that cannot work."""
    if request.bootstrap is None:
        if request.push or request.flux_args:
            raise UsageError("--push and flux flags only make sense with --bootstrap PROVIDER")
        return
    parse_provider(request.bootstrap)
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


def repository_root(dest: Path) -> Path:
    """The work tree top level holding DEST (DEST itself outside one)."""
    return git.toplevel(dest) or dest
