"""What a bootstrap needs: the options a user gives, resolved against the answers files."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.bootstrap.recorded_host import check_recorded_host, host_of
from scaffold.errors import UsageError
from scaffold.flux.cluster import FluxCluster, flux_cluster
from scaffold.flux.providers import Provider
from scaffold.repository.clusters import Cluster, recorded_clusters
from scaffold.repository.sync_path import validate_sync_path
from scaffold.views.clusters import choose_cluster


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
    username: str | None = None
    remote: str | None = None
    context: str | None = None
    kubeconfig: Path | None = None
    namespace: str | None = None
    flux_args: tuple[str, ...] = ()
    dry_run: bool = False
    skip_lint: bool = False
    push: bool = False


@dataclass(frozen=True)
class BootstrapPlan:
    """A bootstrap fully resolved: what flux gets and what we verify afterwards."""

    provider: Provider
    sync_path: str
    branch: str
    owner: str = ""
    repository: str = ""
    personal: bool = False
    private: bool = True
    hostname: str = ""
    url: str = ""
    username: str = ""
    cluster: FluxCluster = field(default_factory=FluxCluster)
    flux_args: tuple[str, ...] = field(default_factory=tuple)
    # Whether flux can ask the user a question (stdin is a terminal).
    terminal: bool = True


def _cluster(root: Path, requested: str | None) -> Cluster:
    if requested is not None and not recorded_clusters(root):
        # A repository laid out by hand: the sync path alone is enough.
        return Cluster(validate_sync_path(requested), None, {})
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


# The answer `new` records for each flag a bootstrap cannot do without.
ANSWER_KEYS = {
    "--url": "git_url",
    "--hostname": "hostname",
    "--owner": "owner",
    "--repository": "repository",
    "--username": "username",
}


def _require(value: str, what: str, flag: str, cluster: Cluster) -> str:
    if not value:
        # `new` refuses a cluster that exists: the answers file is where it lives now.
        key = ANSWER_KEYS.get(flag, flag.removeprefix("--"))
        where = shlex.quote(cluster.sync_path)
        raise UsageError(
            f"no {what} for {cluster.sync_path}: pass {flag}",
            hint="or record it once with "
            f"`gitops-scaffold update --defaults --sync-path {where} -d {key}=...`"
            if cluster.answers_file
            else f"or record it with `gitops-scaffold new . --sync-path {where}`",
        )
    return value


def _check_recorded(
    root: Path | None, cluster: Cluster, host: str | None, value: str, key: str, flag: str
) -> None:
    if root is not None and cluster.answers_file is not None:
        answers = cluster.answers_file.name
        check_recorded_host(root, host, value, key=key, flag=flag, answers=answers)


def resolve(
    root: Path, provider: Provider, options: BootstrapOptions, *, terminal: bool = True
) -> BootstrapPlan:
    """Combine `options` with the chosen cluster's answers; raise UsageError when one is missing.

    `terminal` says whether flux may ask the user a question.
    """
    cluster = _cluster(root, options.sync_path)
    return resolve_cluster(cluster, provider, options, terminal=terminal, root=root)


def resolve_cluster(
    cluster: Cluster,
    provider: Provider,
    options: BootstrapOptions,
    *,
    terminal: bool = True,
    root: Path | None = None,
) -> BootstrapPlan:
    """Combine `options` with `cluster`'s answers (recorded in the repository at `root`, or
    about to be: then there is no origin to compare a recorded host with)."""
    branch = _text(options.branch, cluster, "branch") or "main"
    kube = flux_cluster(options.context, options.kubeconfig, options.namespace)
    if provider is Provider.git:
        url = _require(_text(options.url, cluster, "git_url"), "repository URL", "--url", cluster)
        if options.url is None:
            _check_recorded(root, cluster, host_of(url), url, "git_url", "--url")
        return BootstrapPlan(
            provider, cluster.sync_path, branch, url=url,
            cluster=kube, flux_args=options.flux_args, terminal=terminal,
        )
    hostname = _text(options.hostname, cluster, "hostname")
    if options.hostname is None and hostname:
        recorded = hostname.split(":")[0].lower()
        _check_recorded(root, cluster, recorded, hostname, "hostname", "--hostname")
    personal = _flag(options.personal, cluster, "personal", False)
    username = ""
    if provider is Provider.bitbucket_server:
        _require(hostname, "Bitbucket Server hostname", "--hostname", cluster)
        if not personal:
            username = _require(
                _text(options.username, cluster, "username"),
                "Bitbucket Server username (the user the token belongs to)", "--username",
                cluster,
            )
    return BootstrapPlan(
        provider,
        cluster.sync_path,
        branch,
        owner=_require(_text(options.owner, cluster, "owner"), "owner", "--owner", cluster),
        repository=_require(
            _text(options.repository, cluster, "repository"), "repository", "--repository", cluster
        ),
        personal=personal,
        private=_flag(options.private, cluster, "private", True),
        hostname=hostname,
        username=username,
        cluster=kube,
        flux_args=options.flux_args,
        terminal=terminal,
    )
