"""Work on each cluster on every core: forked workers share all this process loaded.

Rendering a cluster, writing its output and keeping it in the render cache depend on no
other cluster. Each runs in a worker forked from this process, where the model, the
documents its files parsed to and the cached renderings already are: only the cluster's
name goes out, only its (small) result comes back. A single cluster, a single core or a
platform without fork stays in this process, and so does the whole batch again if the
pool fails in any way (a worker killed, an error): the work is the same either way, and
an error is then raised here, with its own traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from scaffold.model.facts.pool import default_jobs, ignore_sigint, process_context, stop_now
from scaffold.model.gc_pause import no_cyclic_gc

T = TypeVar("T")

# The work of the running batch: read by the forked workers (never sent to them).
_WORK: Callable[[str], Any] | None = None


def map_clusters(
    work: Callable[[str], T], clusters: Sequence[str], jobs: int | None = None
) -> list[T]:
    """`work(cluster)` for each cluster, in order, on up to `jobs` cores (default: all)."""
    workers = min(jobs or default_jobs(), len(clusters))
    if workers <= 1 or process_context().get_start_method() != "fork":
        return [work(c) for c in clusters]
    global _WORK
    _WORK = work
    try:
        return _in_workers(clusters, workers)
    except Exception:
        return [work(c) for c in clusters]
    finally:
        _WORK = None


def _in_workers(clusters: Sequence[str], workers: int) -> list[Any]:
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(workers, mp_context=process_context(), initializer=ignore_sigint)
    try:
        results = list(executor.map(_call, clusters))
    except BaseException:
        stop_now(executor)
        raise
    executor.shutdown()
    return results


def _call(cluster: str) -> Any:
    assert _WORK is not None, "a worker forked before the batch was set"
    with no_cyclic_gc():
        return _WORK(cluster)
