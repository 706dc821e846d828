"""Run read tasks on worker processes that each hold their own pipeline (engines included).

Tasks go out as small `ReadTask` descriptions; each worker reads its slice of the input
itself, writes its shards, and sends back a small `ShardResult`. Shard names come from the
task index, so the output is the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from redact.io.readers import ReadTask
from redact.pipeline import Pipeline, RunSpec, ShardResult

_worker_pipeline: Pipeline | None = None


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(spec: RunSpec) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(spec)


def _run_in_worker(task: ReadTask) -> ShardResult:
    assert _worker_pipeline is not None, "worker not initialized"
    return _worker_pipeline.run_task(task)


def run_tasks(
    spec: RunSpec,
    tasks: Sequence[ReadTask],
    workers: int,
    on_result: Callable[[ShardResult], None] | None = None,
) -> list[ShardResult]:
    """Run every task; returns results ordered by task index."""
    results = list(_iter_results(spec, tasks, workers, on_result))
    return sorted(results, key=lambda r: r.task_index)


def _iter_results(
    spec: RunSpec, tasks: Sequence[ReadTask], workers: int, on_result: Callable[[ShardResult], None] | None
) -> Iterator[ShardResult]:
    if not tasks:
        return
    workers = max(1, min(workers, len(tasks)))
    if workers == 1:
        pipeline = Pipeline(spec)
        for task in tasks:
            result = pipeline.run_task(task)
            if on_result:
                on_result(result)
            yield result
        return
    # spawn: workers never inherit the parent's threads (Arrow's pools) or locks.
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(spec,)) as pool:
        pending: set[Future[ShardResult]] = set()
        queue = list(tasks)
        # Keep at most two tasks per worker in flight so results stream back steadily.
        while queue or pending:
            while queue and len(pending) < 2 * workers:
                pending.add(pool.submit(_run_in_worker, queue.pop(0)))
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                result = fut.result()
                if on_result:
                    on_result(result)
                yield result
