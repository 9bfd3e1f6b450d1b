"""Parsing files on every core: each worker reads, hashes and parses its own files.

Workers receive paths and return small `FileFacts`, so file contents never
cross a process boundary (unless a caller asks for more of the composed nodes:
the renderer's documents). Small batches stay in this process: starting
workers costs more than it saves, and pre-commit on a small repository must
stay instant.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from scaffold.model.facts.documents import FileFacts
from scaffold.model.facts.nodes import Node
from scaffold.model.facts.parse import ParseOptions, extract
from scaffold.model.files.discovery import SHA1_HEX, content_digest
from scaffold.model.files.readers import FileReader
from scaffold.model.findings import Progress
from scaffold.model.gc_pause import no_cyclic_gc

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from multiprocessing.context import BaseContext

# Below this many files to parse, one process is faster than a pool.
PARALLEL_MIN_FILES = 400
# Several chunks per worker even out uneven files without much messaging.
CHUNKS_PER_WORKER = 8

# What else a caller reads from a file's composed nodes (the renderer: its documents).
NodesReader = Callable[[bytes, Sequence[Node]], Any]
Parsed = tuple[str, str, FileFacts, Any]  # path, content digest, facts, what NodesReader read


def default_jobs() -> int:
    """How many cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(files: int, jobs: int) -> int:
    """How many processes parse `files` files: one for a small batch, else up to `jobs`."""
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(jobs, files // (PARALLEL_MIN_FILES // 2)))


def parse_one(
    reader: FileReader,
    path: str,
    options: ParseOptions,
    hex_length: int,
    nodes: NodesReader | None = None,
) -> Parsed | None:
    """Read, hash and parse one file (None when it cannot be read); `nodes` reads the
    composed nodes too, when every document composed (else None)."""
    try:
        data = reader.read(path, options.max_file_size)
    except OSError:
        return None
    roots: list[Node] = []
    facts = extract(path, data, options, roots if nodes is not None else None)
    more = nodes(data, roots) if nodes is not None and roots else None
    return path, content_digest(data, hex_length), facts, more


# reader, paths, options, hex length, what else reads the nodes
Task = tuple[FileReader, Sequence[str], ParseOptions, int, NodesReader | None]


def _parse_chunk(task: Task) -> list[Parsed]:
    reader, paths, options, hex_length, nodes = task
    with no_cyclic_gc():
        parsed = (parse_one(reader, path, options, hex_length, nodes) for path in paths)
        return [p for p in parsed if p]


def parse_files(
    reader: FileReader,
    paths: Sequence[str],
    options: ParseOptions,
    *,
    jobs: int = 1,
    hex_length: int = SHA1_HEX,
    progress: Progress | None = None,
    nodes: NodesReader | None = None,
) -> list[Parsed]:
    """Parse `paths` (relative to the repository `reader` reads) with up to `jobs` processes."""
    total = len(paths)
    workers = worker_count(total, jobs)
    if workers <= 1:
        chunks: Iterator[list[Parsed]] = (
            _parse_chunk((reader, [path], options, hex_length, nodes)) for path in paths
        )
        with no_cyclic_gc():
            return _gather(chunks, [1] * total, total, progress)
    size = -(-total // (workers * CHUNKS_PER_WORKER))
    tasks = [
        (reader, paths[i : i + size], options, hex_length, nodes) for i in range(0, total, size)
    ]
    return _gather(_in_workers(tasks, workers), [len(t[1]) for t in tasks], total, progress)


def _in_workers(tasks: list[Task], workers: int) -> Iterator[list[Parsed]]:
    """Each task's results, in order, from `workers` processes; if one dies (killed for
    memory, say), what is left is parsed here rather than waited for forever."""
    from concurrent.futures import ProcessPoolExecutor  # only big batches pay for it
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    executor = ProcessPoolExecutor(workers, mp_context=process_context(), initializer=ignore_sigint)
    try:
        for chunk in executor.map(_parse_chunk, tasks):
            yield chunk
            done += 1
        executor.shutdown()
        return
    except BrokenProcessPool:
        executor.shutdown()
    except BaseException:
        stop_now(executor)
        raise
    with no_cyclic_gc():
        for task in tasks[done:]:
            yield _parse_chunk(task)


def ignore_sigint() -> None:
    """In a worker: leave Ctrl-C to the main process, which stops the workers itself."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_now(executor: Executor) -> None:
    """End `executor`'s processes without waiting for their work: the run is over
    (interrupted, or failed), and a worker would otherwise finish its queue first."""
    # No public way to end a running task before Python 3.14; shutdown forgets the processes.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def _gather(
    chunks: Iterator[list[Parsed]], sizes: list[int], total: int, progress: Progress | None
) -> list[Parsed]:
    results: list[Parsed] = []
    done = 0
    for size, chunk in zip(sizes, chunks, strict=True):
        results.extend(chunk)
        done += size
        if progress is not None:
            progress(done, total)
    return results


def process_context() -> BaseContext:
    """fork where there is fork: workers start at once, with every loaded module."""
    import multiprocessing  # only big batches pay for it

    # fork shares the loaded modules with the workers: no re-import, instant start.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
