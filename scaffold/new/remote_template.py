"""What a template source holds, read with one `git ls-remote` and no clone.

Enough to decide, before Copier clones anything, which revision an update goes
to (Copier's own choice: `--vcs-ref`, else the newest release tag by PEP 440,
prereleases skipped, else HEAD), whether a cluster is already there, and whether
the revision it records still exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from scaffold import git
from scaffold.errors import ScaffoldError, UsageError

HEX = re.compile(r"[0-9a-f]{7,40}")
DESCRIBED = re.compile(r".*-g([0-9a-f]{7,40})")  # `git describe` past a tag: v1.0.0-3-gabc1234


@dataclass(frozen=True)
class TemplateRevision:
    """The revision an update goes to: its name (a tag, a ref, or HEAD) and commit if known."""

    name: str
    commit: str | None


@dataclass(frozen=True)
class RemoteTemplate:
    """The refs of a template source: HEAD's commit, tags and branches (peeled to commits)."""

    source: str
    head: str | None
    tags: dict[str, str]
    branches: dict[str, str]

    def target(self, vcs_ref: str | None) -> TemplateRevision:
        """Where `copier update` would go: `vcs_ref`, else the newest release tag, else HEAD."""
        if vcs_ref is not None:
            return TemplateRevision(vcs_ref, self.commit_of(vcs_ref))
        releases = sorted((_version(t), t) for t in self.tags if _is_release(t))
        if releases:
            name = releases[-1][1]
            return TemplateRevision(name, self.tags[name])
        return TemplateRevision("HEAD", self.head)

    def commit_of(self, revision: str) -> str | None:
        """The commit `revision` names here: a tag, a branch, HEAD, or a commit id as given."""
        if revision == "HEAD":
            return self.head
        found = self.tags.get(revision) or self.branches.get(revision)
        if found:
            return found
        match = DESCRIBED.fullmatch(revision) or HEX.fullmatch(revision)
        return match[match.lastindex or 0] if match else None

    def lacks(self, revision: str) -> bool:
        """Whether `revision` surely names nothing here (a commit id cannot be told apart)."""
        return self.commit_of(revision) is None


def check_source(template: str | None, flag: str = "--template") -> None:
    """Refuse a template source git (in ls-remote, in Copier's clone) would read as an option."""
    if template is not None and template.startswith("-"):
        raise UsageError(
            f"{flag} {template!r}: a source cannot start with `-`",
            hint="pass a URL, or a path such as ./" + template,
        )


def already_at(recorded: str, target: TemplateRevision) -> bool:
    """Whether a cluster recording `_commit: recorded` is at `target` already."""
    if recorded == target.name:
        return True
    match = DESCRIBED.fullmatch(recorded) or HEX.fullmatch(recorded)
    commit = match[match.lastindex or 0] if match else None
    return bool(commit and target.commit and target.commit.startswith(commit))


def read(source: str, cwd: Path) -> RemoteTemplate:
    """The refs of `source`; a ScaffoldError when it cannot be reached."""
    done = git.git(["ls-remote", "--", source], cwd, check=False)
    if done.returncode != 0:
        raise ScaffoldError(
            f"cannot reach the template source {source}: nothing was changed",
            hint="check the URL or path and your access",
        )
    head, tags, branches = None, {}, {}
    for line in done.stdout.splitlines():
        commit, _, ref = line.partition("\t")
        if ref == "HEAD":
            head = commit
        elif ref.startswith("refs/tags/"):
            name = ref.removeprefix("refs/tags/")
            if name.endswith("^{}"):  # an annotated tag, peeled: the commit wins
                tags[name.removesuffix("^{}")] = commit
            else:
                tags.setdefault(name, commit)
        elif ref.startswith("refs/heads/"):
            branches[ref.removeprefix("refs/heads/")] = commit
    return RemoteTemplate(source, head, tags, branches)


def _is_release(tag: str) -> bool:
    try:
        return not Version(tag).is_prerelease
    except InvalidVersion:
        return False


def _version(tag: str) -> Version:
    return Version(tag)
