"""`update`: `copier update` for every cluster's answers file, one commit each, clear failures.

Copier refuses a dirty tree, so each cluster's update is committed before the
next one runs; the first answers file (the owner of the repository-wide files)
goes first. Which revision each cluster goes to, and whether it is there already,
is decided from one `git ls-remote` before Copier clones anything. Copier runs as
its own CLI (render.py stays the one module importing it), quietly; what it says
on failure becomes one line naming the cause, and a failed update leaves the
branch where it was: no commit, no file changed (conflicts excepted, which are
the user's to resolve).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import fs, git, proc
from scaffold.errors import ScaffoldError, UsageError
from scaffold.new import remote_template
from scaffold.new.remote_template import RemoteTemplate, TemplateRevision
from scaffold.new.render import read_answers
from scaffold.new.source_move import move_source
from scaffold.new.update_failures import explain
from scaffold.repository.clusters import Cluster, load_clusters
from scaffold.repository.sync_path import normalize_sync_path

MARKER = "<<<<<<< before updating"
@dataclass(frozen=True)
class UpdateRequest:
    """What `update` was asked: which repository and cluster, and Copier's switches."""

    root: Path
    sync_path: str | None = None
    defaults: bool = False
    trust: bool = False
    template: str | None = None
    vcs_ref: str | None = None
    # Answers to change (`--data`): Copier records them, so nobody edits an answers file.
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Updated:
    """One cluster brought to a template revision."""

    sync_path: str
    answers_file: str
    before: str
    after: str
    commit: str | None


class ConflictsLeft(ScaffoldError):
    """An update that left merge conflicts for the user to resolve (kept, not rolled back)."""


def update(request: UpdateRequest, progress: Callable[[str], None]) -> list[Updated]:
    """Update every chosen cluster in order; raise ScaffoldError on the first failure."""
    git.require_git()
    root = git.toplevel(request.root)
    if root is None:
        raise UsageError(
            f"{request.root} is not in a Git repository",
            hint="an update needs the repository's history: run `gitops-scaffold update` "
            "inside the clone",
        )
    remote_template.check_source(request.template)
    clusters = _chosen(root, request.sync_path)
    _check_clean(root)
    recorded = {c.sync_path: read_answers(_answers_path(c)) for c in clusters}
    remotes = _read_sources(root, clusters, recorded, request.template)
    start = git.read_only(["rev-parse", "HEAD"], root).stdout.strip()
    try:
        if request.template is not None:
            _move_source(root, clusters, recorded, request.template)
        return [
            _update_or_skip(root, c, recorded[c.sync_path], remotes, request, progress)
            for c in clusters
        ]
    except ConflictsLeft:
        raise
    except BaseException:
        _roll_back(root, start)
        raise


def _read_sources(
    root: Path, clusters: list[Cluster], recorded: dict[str, dict[str, object]],
    template: str | None,
) -> dict[str, RemoteTemplate]:  # fmt: skip
    """Each source's refs, once; refuse a recorded revision the source does not have."""
    remotes: dict[str, RemoteTemplate] = {}
    for cluster in clusters:
        answers = recorded[cluster.sync_path]
        source = template or str(answers.get("_src_path", ""))
        if source not in remotes:
            remotes[source] = remote_template.read(source, root)
        commit = str(answers.get("_commit", ""))
        if commit and remotes[source].lacks(commit):
            raise ScaffoldError(
                f"{cluster.sync_path}: the template source {source} has no revision {commit}: "
                "nothing was changed",
                hint="pass --template with the repository that holds it (where this "
                "repository was generated from), or --vcs-ref",
            )
    return remotes


def _update_or_skip(
    root: Path, cluster: Cluster, answers: dict[str, object],
    remotes: dict[str, RemoteTemplate], request: UpdateRequest,
    progress: Callable[[str], None],
) -> Updated:  # fmt: skip
    source = request.template or str(answers.get("_src_path", ""))
    target = remotes[source].target(request.vcs_ref)
    before = str(answers.get("_commit", "?"))
    if remote_template.already_at(before, target) and not _changes(answers, request.data):
        return Updated(cluster.sync_path, _name(cluster), before, before, None)
    progress(
        f"updating {cluster.sync_path} ({_name(cluster)}): {before} -> {_shown(target)}; "
        "copier renders both revisions"
    )
    return _update_one(root, cluster, request)


def _changes(recorded: dict[str, object], data: dict[str, str]) -> bool:
    """Whether `data` changes any recorded answer (booleans compared as Copier reads them)."""
    return any(
        str(recorded.get(key)).lower() != value.lower()
        if isinstance(recorded.get(key), bool)
        else str(recorded.get(key, "")) != value
        for key, value in data.items()
    )


def _shown(target: TemplateRevision) -> str:
    if target.name == "HEAD" and target.commit:
        return f"HEAD ({target.commit[:12]})"
    return target.name


def _roll_back(root: Path, start: str) -> None:
    # The tree was clean when the run began: what is not committed at `start` came from it.
    git.git([*git.NO_PROGRAMS, "reset", "--quiet", "--hard", start], root, check=False)
    git.git([*git.NO_PROGRAMS, "clean", "--quiet", "--force", "-d"], root, check=False)


def _chosen(root: Path, sync_path: str | None) -> list[Cluster]:
    clusters = load_clusters(root)  # the primary answers file (root files' owner) first
    if not clusters:
        raise UsageError(
            f"{root} has no answers file to update from",
            hint="record one with `gitops-scaffold new . --sync-path PATH` (it adopts a "
            "bootstrapped repository)",
        )
    if sync_path is None:
        return clusters
    wanted = normalize_sync_path(sync_path)
    chosen = [c for c in clusters if c.sync_path == wanted]
    if not chosen:
        known = ", ".join(c.sync_path for c in clusters)
        raise UsageError(f"no answers file records {sync_path!r}; recorded: {known}")
    return chosen


def _check_clean(root: Path) -> None:
    if git.read_only(["status", "--porcelain"], root).stdout.strip():
        raise ScaffoldError(
            "the repository has uncommitted changes: copier update would refuse them",
            hint="commit or stash them, then update again",
        )


def _move_source(
    root: Path, clusters: list[Cluster], recorded: dict[str, dict[str, object]], template: str
) -> None:
    """Point each answers file (and the hook and CI lines) at `template`, in one commit."""
    old = str(recorded[clusters[0].sync_path].get("_src_path", ""))
    changed = move_source(root, [_answers_path(c) for c in clusters], old, template)
    if changed:
        git.commit_paths(root, changed, f"Take the template from {template}")


def _update_one(root: Path, cluster: Cluster, request: UpdateRequest) -> Updated:
    path = _answers_path(cluster)
    before = read_answers(path)
    # --quiet: Copier's own status lines (file by file) are not this command's output.
    args = [sys.executable, "-m", "copier", "update", "--quiet", "--answers-file", path.name]
    args += ["--conflict", "inline"]
    args += ["--defaults"] if request.defaults else []
    args += ["--trust"] if request.trust else []
    args += ["--vcs-ref", request.vcs_ref] if request.vcs_ref else []
    for key, value in request.data.items():
        args += ["--data", f"{key}={value}"]
    done = proc.run(
        [*args, "."], cwd=root, env=git.no_programs_environment(), check=False,
        capture=request.defaults,
    )  # fmt: skip
    if done.returncode != 0:
        raise ScaffoldError(
            f"{cluster.sync_path}: {explain(done, before)}",
            hint=None if request.defaults else "copier's own output is above",
        )
    conflicts = _conflicts(root)
    if conflicts:
        raise ConflictsLeft(
            f"{cluster.sync_path}: the update left conflicts in {', '.join(conflicts)}",
            hint="resolve the <<<<<<< before updating / >>>>>>> after updating blocks, "
            "`git add` the files and commit; then run update again for the other clusters",
        )
    after = read_answers(path)
    message = f"Update {cluster.sync_path} to template {after.get('_commit', '?')}"
    if request.data:
        message += f", answering {', '.join(sorted(request.data))} anew"
    changed = git.read_only(["status", "--porcelain"], root).stdout.strip()
    commit = git.commit_paths(root, ["."], message) if changed else None
    return Updated(
        cluster.sync_path, path.name, str(before.get("_commit", "?")),
        str(after.get("_commit", "?")), commit,
    )  # fmt: skip


def _conflicts(root: Path) -> list[str]:
    unmerged = git.read_only(["diff", "--name-only", "--diff-filter=U"], root, check=False).stdout
    files = set(unmerged.split())
    listed = git.read_only(["-c", "core.quotepath=off", "diff", "--name-only"], root).stdout
    for rel in listed.splitlines():
        path = root / rel
        try:
            if fs.reads_git_dir(path, root) or not path.is_file():
                continue
            if MARKER in path.read_text(encoding="utf-8", errors="replace"):
                files.add(rel)
        except OSError:
            continue
    rejected = (p.relative_to(root) for p in root.rglob("*.rej"))
    files.update(p.as_posix() for p in rejected if ".git" not in p.parts)
    return sorted(files)


def _answers_path(cluster: Cluster) -> Path:
    if cluster.answers_file is None:  # load_clusters only yields recorded clusters
        raise ScaffoldError(f"{cluster.sync_path} has no answers file")
    return cluster.answers_file


def _name(cluster: Cluster) -> str:
    return cluster.answers_file.name if cluster.answers_file else "no answers file"
