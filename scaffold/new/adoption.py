"""Adopting a repository that `flux bootstrap` made: what it already says, and its .gitignore.

A bootstrapped clone has no answers file but names its cluster in
`<sync path>/flux-system/gotk-sync.yaml` (or a FluxInstance): the model's clusters, as
lint counts them. Its remote URL gives the provider, host, owner and name; the sync
manifest gives the branch.
Those become the defaults of the render, so the answers file records them and
`copier update` works later; `flux-system/` itself is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import fs
from scaffold.errors import ScaffoldError
from scaffold.flux.providers import Provider
from scaffold.repository.clusters import Cluster, load_clusters
from scaffold.repository.convention import GITIGNORE, IGNORE_BLOCK, SEALED_PATTERN, VALUES_PATTERN
from scaffold.repository.remote import current_branch, origin_url, parse_remote

# What the template's validators accept; anything else is left for the user to give.
OWNER = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9_])?")
NAME = re.compile(r"[A-Za-z0-9._-]+")
BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


@dataclass(frozen=True)
class Adoption:
    """A bootstrapped repository being adopted: its Flux syncs and the answers they imply."""

    clusters: list[Cluster]  # none of them recorded in an answers file yet
    answers: dict[str, object] = field(default_factory=dict)
    bootstrapped: bool = False  # Flux already syncs the sync path being laid out


def detect(dest: Path, sync_path: str) -> Adoption | None:
    """The adoption of DEST when Flux syncs it but no answers file records a cluster yet."""
    if not dest.is_dir() or load_clusters(dest):
        return None
    from scaffold.views.clusters import model_clusters  # reads the model: only when adopting

    try:
        clusters = model_clusters(dest)
    except ScaffoldError:
        return None  # not a repository the model can read (a broken .git...): nothing to adopt
    if not clusters:
        return None
    cluster = next((c for c in clusters if c.sync_path == sync_path), None)
    answers = inferred_answers(dest, cluster or clusters[0])
    return Adoption(clusters, answers, bootstrapped=cluster is not None)


def inferred_answers(dest: Path, cluster: Cluster) -> dict[str, object]:
    """Provider, host, owner, repository and branch, from the remote and the sync manifest."""
    answers: dict[str, object] = {}
    branch = str(cluster.answer("branch", "")) or current_branch(dest)
    if branch and BRANCH.fullmatch(branch) and ".." not in branch:
        answers["branch"] = branch
    url = origin_url(dest) or cluster.url
    remote = parse_remote(url) if url else None
    if remote is None:
        return answers
    if remote.provider is Provider.git:
        if remote.url.startswith(("ssh://", "https://")):
            answers.update(git_provider="git", git_url=remote.url)
        return answers
    if OWNER.fullmatch(remote.owner) and NAME.fullmatch(remote.repository):
        answers.update(
            git_provider=remote.provider.value,
            owner=remote.owner,
            repository=remote.repository,
            hostname=remote.hostname,
        )
    return answers


def merge_ignore_block(dest: Path) -> bool:
    """Append the convention's ignore block to DEST's .gitignore unless it already holds it.

    Nothing is ever removed. The block goes in whole when a pattern is missing or
    the sealed exception comes before the values pattern (Git's last match wins).
    """
    path = fs.check_inside(dest / GITIGNORE, dest)  # a link out of the repository is refused
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if _has_block(text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    separator = "\n" if text.strip() else ""
    fs.write_in_repository(path, text + separator + IGNORE_BLOCK, dest)
    return True


def _has_block(lines: list[str]) -> bool:
    stripped = [line.strip() for line in lines]
    values = [i for i, line in enumerate(stripped) if line == VALUES_PATTERN]
    sealed = [i for i, line in enumerate(stripped) if line == f"!{SEALED_PATTERN}"]
    return bool(values and sealed) and sealed[-1] > values[-1]
