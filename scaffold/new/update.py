"""`update`: `copier update` for every cluster's answers file, one commit each, clear failures.

Copier refuses a dirty tree, so each cluster's update is committed before the
next one runs; the first answers file (the owner of the repository-wide files)
goes first. Copier runs as its own CLI (render.py stays the one module importing
it); what it says on failure becomes one line naming the cause.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scaffold import fs, git, proc
from scaffold.errors import ScaffoldError, UsageError
from scaffold.new.render import read_answers
from scaffold.repository.clusters import Cluster, load_clusters
from scaffold.repository.sync_path import normalize_sync_path

MARKER = "<<<<<<< before updating"
PRE_COMMIT = ".pre-commit-config.yaml"
SRC_LINE = re.compile(r"^_src_path: .*$", re.MULTILINE)
# (pattern in copier's output, what to tell the user); {src} and {commit} filled in.
FAILURES = (
    (re.compile(r"repository is dirty", re.I),
     "the repository has uncommitted changes: commit or stash them, then update again"),
    (re.compile(r"unknown revision|did not match any|not a valid (object|ref)|bad revision", re.I),
     "the template source {src} has no revision {commit}: pass --vcs-ref, or a --template "
     "that holds it"),
    (re.compile(r"not found|could not read|does not appear to be a git|unable to access|"
                r"could not resolve|must be a directory|no such file|does not exist", re.I),
     "cannot reach the template source {src}: check the URL or path and your access"),
    (re.compile(r"unsafe feature|--trust", re.I),
     "the template runs migrations or tasks: read them in its copier.yml, then pass --trust"),
)  # fmt: skip


@dataclass(frozen=True)
class UpdateRequest:
    """What `update` was asked: which repository and cluster, and Copier's switches."""

    root: Path
    sync_path: str | None = None
    defaults: bool = False
    trust: bool = False
    template: str | None = None
    vcs_ref: str | None = None


@dataclass(frozen=True)
class Updated:
    """One cluster brought to a template revision."""

    sync_path: str
    answers_file: str
    before: str
    after: str
    commit: str | None


def update(request: UpdateRequest, progress: Callable[[str], None]) -> list[Updated]:
    """Update every chosen cluster in order; raise ScaffoldError on the first failure."""
    git.require_git()
    root = git.toplevel(request.root)
    if root is None:
        raise UsageError(
            f"{request.root} is not in a Git repository",
            hint="copier update needs the repository's history: run it inside the clone",
        )
    clusters = _chosen(root, request.sync_path)
    _check_clean(root)
    if request.template is not None:
        _move_source(root, clusters, request.template)
    done = []
    for cluster in clusters:
        progress(f"updating {cluster.sync_path} ({_name(cluster)})")
        done.append(_update_one(root, cluster, request))
    return done


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
    if git.git(["status", "--porcelain"], root).stdout.strip():
        raise ScaffoldError(
            "the repository has uncommitted changes: copier update would refuse them",
            hint="commit or stash them, then update again",
        )


def _move_source(root: Path, clusters: list[Cluster], template: str) -> None:
    """Point each answers file at `template` (a fork or mirror), as Copier documents."""
    if template.startswith("-"):  # git (here, and in Copier's clone) would read an option
        raise UsageError(
            f"--template {template!r}: a source cannot start with `-`",
            hint="pass a URL, or a path such as ./" + template,
        )
    if git.git(["ls-remote", "--tags", "--", template], root, check=False).returncode != 0:
        raise ScaffoldError(
            f"cannot reach the template source {template}: nothing was changed",
            hint="check the URL or path and your access",
        )
    old_source = str(read_answers(_answers_path(clusters[0])).get("_src_path", ""))
    names = []
    for cluster in clusters:
        path = _answers_path(cluster)
        text = path.read_text(encoding="utf-8")
        new, count = SRC_LINE.subn(lambda _: f"_src_path: {_quoted(template)}", text, count=1)
        if count != 1:
            raise ScaffoldError(f"{path.name} has no _src_path", hint="it is not Copier's file")
        if new != text:
            fs.write_in_repository(path, new, root)
            names.append(path.name)
    if names and _move_hook(root, old_source, template):
        names.append(PRE_COMMIT)
    if names:
        git.commit_paths(root, names, f"Take the template from {template}")


def _move_hook(root: Path, old_source: str, template: str) -> bool:
    # The hook comes from the template's repository; Copier's update never touches that
    # line (old and new renders agree), so it moves with the source here.
    path = root / PRE_COMMIT
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    old = f"repo: {old_source}\n"
    if old not in text:
        return False
    fs.write_in_repository(path, text.replace(old, f"repo: {template}\n"), root)
    return True


def _update_one(root: Path, cluster: Cluster, request: UpdateRequest) -> Updated:
    path = _answers_path(cluster)
    before = read_answers(path)
    args = [sys.executable, "-m", "copier", "update", "--answers-file", path.name]
    args += ["--conflict", "inline"]
    args += ["--defaults"] if request.defaults else []
    args += ["--trust"] if request.trust else []
    args += ["--vcs-ref", request.vcs_ref] if request.vcs_ref else []
    done = proc.run([*args, "."], cwd=root, check=False, capture=request.defaults)
    if done.returncode != 0:
        raise ScaffoldError(
            f"{cluster.sync_path}: {_explain(done, before)}",
            hint=None if request.defaults else "copier's own output is above",
        )
    conflicts = _conflicts(root)
    if conflicts:
        raise ScaffoldError(
            f"{cluster.sync_path}: the update left conflicts in {', '.join(conflicts)}",
            hint="resolve the <<<<<<< before updating / >>>>>>> after updating blocks, "
            "`git add` the files and commit; then run update again for the other clusters",
        )
    after = read_answers(path)
    message = f"Update {cluster.sync_path} to template {after.get('_commit', '?')}"
    changed = git.git(["status", "--porcelain"], root).stdout.strip()
    commit = git.commit_paths(root, ["."], message) if changed else None
    return Updated(
        cluster.sync_path, path.name, str(before.get("_commit", "?")),
        str(after.get("_commit", "?")), commit,
    )  # fmt: skip


def _explain(done: proc.Completed, answers: dict[str, object]) -> str:
    # The cause is at the end (a traceback's last lines, or copier's own message).
    lines = [line.strip() for line in f"{done.stdout}\n{done.stderr}".splitlines() if line.strip()]
    tail = "\n".join(lines[-4:])
    src, commit = answers.get("_src_path", "?"), answers.get("_commit", "?")
    for pattern, message in FAILURES:
        if pattern.search(tail):
            return message.format(src=src, commit=commit)
    last = lines[-1] if lines else f"exit code {done.returncode}"
    return f"copier update failed: {last}"


def _conflicts(root: Path) -> list[str]:
    unmerged = git.git(["diff", "--name-only", "--diff-filter=U"], root, check=False).stdout
    files = set(unmerged.split())
    listed = git.git(["-c", "core.quotepath=off", "diff", "--name-only"], root).stdout
    for rel in listed.splitlines():
        path = root / rel
        try:
            if path.is_file() and MARKER in path.read_text(encoding="utf-8", errors="replace"):
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


def _quoted(value: str) -> str:
    import yaml

    return yaml.safe_dump(value, default_style=None).removesuffix("\n...\n").strip()
