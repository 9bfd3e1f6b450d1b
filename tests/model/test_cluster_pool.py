"""Work on each cluster in forked workers: what this process loaded is theirs, results in order."""

from __future__ import annotations

import os

import pytest

from scaffold.model.cluster_pool import map_clusters

CLUSTERS = ["clusters/a", "clusters/b", "clusters/c", "clusters/d"]


def test_each_cluster_is_worked_on_in_a_worker_that_shares_what_was_loaded() -> None:
    loaded = {c: c.upper() for c in CLUSTERS}  # never sent: the workers are forked with it
    found = map_clusters(lambda c: (loaded[c], os.getpid()), CLUSTERS, jobs=2)
    assert [value for value, _ in found] == [c.upper() for c in CLUSTERS]
    assert os.getpid() not in {pid for _, pid in found}


def test_one_core_or_one_cluster_stays_in_this_process() -> None:
    assert map_clusters(lambda c: os.getpid(), CLUSTERS, jobs=1) == [os.getpid()] * 4
    assert map_clusters(lambda c: os.getpid(), CLUSTERS[:1], jobs=2) == [os.getpid()]


def test_an_error_is_raised_here_after_the_work_is_done_again_here() -> None:
    seen: list[str] = []

    def work(cluster: str) -> str:
        seen.append(cluster)  # in this process only when the pool gave up
        if cluster == "clusters/c":
            raise ValueError(f"{cluster} cannot be rendered")
        return cluster

    with pytest.raises(ValueError, match="clusters/c cannot be rendered"):
        map_clusters(work, CLUSTERS, jobs=2)
    assert seen == CLUSTERS[:3]
