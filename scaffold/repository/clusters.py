"""The clusters a repository records: its Copier answers files, and what Flux already syncs.

`recorded_clusters` reads what is recorded before any fact of the files is read: the
clusters `gitops-scaffold new` wrote down, then those named only by a `gotk-sync.yaml`
or a `FluxInstance` (a repository bootstrapped before, or without, this tool). Which
clusters a repository has is the model's answer (`scaffold.model.sync_paths`), which
starts from these; commands choose among them with `choose_cluster`.

The first cluster rendered into a repository records its answers in
`.copier-answers.yml` (so a plain `copier update` works); every further cluster
gets `.copier-answers.<segments joined by dots>.yml`, e.g.
`.copier-answers.clusters.staging.yml`. Dots never occur in a sync path's
segments (they are DNS labels), so the name is unambiguous.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.errors import ConfigError, UsageError
from scaffold.repository.sync_path import normalize_sync_path, sync_path_problem
from scaffold.repository.urls import refuse_credentials

if TYPE_CHECKING:
    from scaffold import yamlfile
    from scaffold.repository.flux_sync import FluxSync

PRIMARY_ANSWERS_FILE = ".copier-answers.yml"
ANSWERS_GLOB = ".copier-answers*.yml"
ANSWERS_HINT = "fix or remove the file; it is written by `gitops-scaffold new`"
# Answers holding a URL or host name: never with credentials in them.
URL_ANSWERS = ("git_url", "hostname")


def answers_file_name(sync_path: str, *, primary: bool) -> str:
    """The answers file that records the cluster at `sync_path`."""
    if primary:
        return PRIMARY_ANSWERS_FILE
    return f".copier-answers.{sync_path.replace('/', '.')}.yml"


@dataclass(frozen=True)
class Cluster:
    """One cluster of a generated repository, as its answers file records it."""

    sync_path: str
    answers_file: Path | None  # None: Flux syncs it, but no answers file records it
    answers: dict[str, Any] = field(default_factory=dict)
    manifest: str = ""  # the gotk-sync.yaml or FluxInstance file naming it, if any
    url: str = ""  # the URL that file syncs from, if it names one

    def answer(self, key: str, default: Any = None) -> Any:
        """One recorded answer, or `default`."""
        value = self.answers.get(key, default)
        return default if value is None else value


def find_answers_files(root: Path) -> list[Path]:
    """The answers files at the top of `root`, primary first."""
    found = sorted(root.glob(ANSWERS_GLOB))
    return sorted(found, key=lambda p: p.name != PRIMARY_ANSWERS_FILE)


def load_clusters(root: Path) -> list[Cluster]:
    """Every cluster recorded in `root`'s answers files; a broken file is a ConfigError."""
    clusters = []
    for path in find_answers_files(root):
        from scaffold import yamlfile  # only when there is a file to read

        loaded = yamlfile.load_with_nodes(path, hint=ANSWERS_HINT, source=path.name)
        cluster = cluster_of_answers(loaded, path)
        if cluster is not None:
            clusters.append(cluster)
    return clusters


def clusters_of_answers(texts: dict[str, str], root: Path) -> list[Cluster]:
    """The clusters recorded in answers files given as `{file name: text}` (a revision's),
    primary first; a broken file is a ConfigError."""
    from scaffold import yamlfile

    clusters = []
    for name in sorted(texts, key=lambda n: (n != PRIMARY_ANSWERS_FILE, n)):
        loaded = yamlfile.parse(texts[name], name, hint=ANSWERS_HINT)
        cluster = cluster_of_answers(loaded, root / name)
        if cluster is not None:
            clusters.append(cluster)
    return clusters


def cluster_of_answers(loaded: yamlfile.Loaded, path: Path) -> Cluster | None:
    """The cluster one answers file records (None: the answers of another template)."""
    data = loaded.data or {}
    if not isinstance(data, dict) or not isinstance(data.get("sync_path"), str):
        return None
    check_recorded_urls(loaded)
    sync_path = normalize_sync_path(data["sync_path"])
    if sync_path_problem(sync_path):
        raise ConfigError(
            f"{path.name}: invalid sync_path {data['sync_path']!r}",
            hint="set sync_path to a relative path such as clusters/dev",
        )
    return Cluster(sync_path, path, data)


def recorded_clusters(root: Path) -> list[Cluster]:
    """The clusters `root` records: answers files first, then sync paths only Flux's files
    name (a bounded walk: see repository.flux_sync)."""
    from scaffold.repository.flux_sync import find_flux_syncs  # the walk only when asked

    return with_flux_syncs(load_clusters(root), find_flux_syncs(root))


def with_flux_syncs(clusters: list[Cluster], syncs: Iterable[FluxSync]) -> list[Cluster]:
    """`clusters` (from answers files), then each sync path of `syncs` they do not record."""
    recorded = {c.sync_path for c in clusters}
    found = list(clusters)
    for sync in syncs:
        if sync.sync_path not in recorded:
            answers = {"sync_path": sync.sync_path, "branch": sync.branch or None}
            found.append(Cluster(sync.sync_path, None, answers, sync.manifest, sync.url))
    return found


def check_recorded_urls(loaded: yamlfile.Loaded) -> None:
    """Refuse an answers file whose URL answers carry credentials (never showing them)."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    for key in URL_ANSWERS:
        value = data.get(key)
        if isinstance(value, str):
            refuse_credentials(
                value,
                loaded.where(key),
                hint="remove the credentials from the answers file, commit, and rotate them "
                "if the file was ever pushed",
            )


def choose_cluster(
    root: Path, requested: str | None, clusters: Callable[[], Sequence[Cluster]]
) -> Cluster:
    """The cluster a command acts on: `requested`, or the only one of `clusters()` (the
    model's, asked only when needed)."""
    if requested is not None:
        return _requested(root, requested, clusters)
    found = list(clusters())
    if len(found) == 1:
        return found[0]
    if not found:
        raise no_cluster_found(root)
    known = ", ".join(c.sync_path for c in found)
    raise UsageError(
        f"several clusters in {root} ({known}); choose one",
        hint="pass --sync-path with one of them",
    )


def no_cluster_found(root: Path) -> UsageError:
    """The error of a command that needs a cluster where the repository names none."""
    return UsageError(
        f"no cluster found in {root}: no answers file, gotk-sync.yaml or FluxInstance "
        "names a sync path",
        hint="pass --sync-path PATH, or lay one out with "
        "`gitops-scaffold new . --force --sync-path clusters/dev` (keeps your files)",
    )


def _requested(
    root: Path, requested: str, clusters: Callable[[], Sequence[Cluster]]
) -> Cluster:
    wanted = normalize_sync_path(requested)
    # What is recorded comes first: its answers (the branch...) go with the cluster.
    for cluster in recorded_clusters(root):
        if cluster.sync_path == wanted:
            return cluster
    if not sync_path_problem(wanted) and (root / wanted).is_dir():
        # A cluster laid out by hand: its directory is enough, as it is for lint.
        return Cluster(wanted, None, {"sync_path": wanted})
    known = ", ".join(c.sync_path for c in clusters())
    if not known:
        raise UsageError(
            f"no cluster at {requested!r} in {root}: the directory does not exist and no "
            "answers file, gotk-sync.yaml or FluxInstance names it",
            hint=f"create it with `gitops-scaffold new . --force --sync-path {wanted}` "
            "(keeps your files)",
        )
    raise UsageError(
        f"no cluster at {requested!r} in {root}; the clusters are: {known}",
        hint="pass one of them to --sync-path",
    )
