"""What a bootstrap needs: the options a user gives, resolved against the answers files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.flux.providers import Provider
from scaffold.repository.clusters import Cluster, choose_cluster, load_clusters
from scaffold.repository.sync_path import validate_sync_path


@dataclass(frozen=True)
class BootstrapOptions:
    """Everything a user may pass to `bootstrap`; None means "from the answers file"."""

    sync_path: str | None = None
    owner: str | None = None
    repository: str | None = None
    branch: str | None = None
    personal: bool | None = None
    private: bool | None = None
    hostname: str | None = None
    url: str | None = None
    remote: str | None = None
    context: str | None = None
    flux_args: tuple[str, ...] = ()
    dry_run: bool = False
    skip_lint: bool = False
    push: bool = False


@dataclass(frozen=True)
class Target:
    """A bootstrap fully resolved: what flux gets and what we verify afterwards."""

    provider: Provider
    sync_path: str
    branch: str
    owner: str = ""
    repository: str = ""
    personal: bool = True
    private: bool = True
    hostname: str = ""
    url: str = ""
    context: str = ""
    flux_args: tuple[str, ...] = field(default_factory=tuple)


def _cluster(root: Path, requested: str | None) -> Cluster:
    if requested is not None and not load_clusters(root):
        # A repository laid out by hand: the sync path alone is enough.
        return Cluster(validate_sync_path(requested), root / ".copier-answers.yml", {})
    return choose_cluster(root, requested)


def _text(option: str | None, cluster: Cluster, key: str) -> str:
    if option is not None:
        return option.strip()
    return str(cluster.answer(key, "")).strip()


def _flag(option: bool | None, cluster: Cluster, key: str, default: bool) -> bool:
    if option is not None:
        return option
    value = cluster.answer(key, default)
    return value if isinstance(value, bool) else default


def _require(value: str, what: str, flag: str, cluster: Cluster) -> str:
    if not value:
        raise UsageError(
            f"no {what} for {cluster.sync_path}: pass {flag}",
            hint=f"or record it in {cluster.answers_file.name} with `gitops-scaffold new`",
        )
    return value


def resolve(root: Path, provider: Provider, options: BootstrapOptions) -> Target:
    """Combine `options` with the chosen cluster's answers; raise UsageError when one is missing."""
    cluster = _cluster(root, options.sync_path)
    branch = _text(options.branch, cluster, "branch") or "main"
    hostname = _text(options.hostname, cluster, "hostname")
    if provider is Provider.git:
        url = _require(_text(options.url, cluster, "git_url"), "repository URL", "--url", cluster)
        return Target(
            provider,
            cluster.sync_path,
            branch,
            url=url,
            context=options.context or "",
            flux_args=options.flux_args,
        )
    if provider is Provider.bitbucket_server:
        _require(hostname, "Bitbucket Server hostname", "--hostname", cluster)
    return Target(
        provider,
        cluster.sync_path,
        branch,
        owner=_require(_text(options.owner, cluster, "owner"), "owner", "--owner", cluster),
        repository=_require(
            _text(options.repository, cluster, "repository"), "repository", "--repository", cluster
        ),
        personal=_flag(options.personal, cluster, "personal", False),
        private=_flag(options.private, cluster, "private", True),
        hostname=hostname,
        context=options.context or "",
        flux_args=options.flux_args,
    )
