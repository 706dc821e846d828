"""`redact run --engine ray`: the run's read tasks, executed by an actor pool on Ray Data.

The tasks are the ones the local engine runs (`plan_tasks`): each actor holds one `Pipeline`
(models loaded once) and runs `Pipeline.run_task` on the tasks it is handed, reading its own
slice of the input (Parquet row groups, Arrow batches, JSONL byte ranges) in parallel with
the other actors and writing the same `part-NNNNN` shards and progress journal. Only the
small `ShardResult` goes back to the driver, so the output, `--resume` and the manifest are
identical to the local engine's whatever the number of actors.

The pool leaves one CPU of the cluster out, for the driver and Ray's own processes. (A Ray
Data read stage, e.g. `read_parquet`, would need that CPU too: with every CPU held by the
actors it would wait forever on a 2-core machine. Here the pool is fed from an in-memory list
of task numbers, which needs none.) Locally Ray is started here with `workers + 1` logical
CPUs, so `--workers N` gives N actors. With `--ray-address` the driver joins that cluster,
whose nodes must see the inputs and OUT at the same paths (a shared filesystem).
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pyarrow as pa

from redact import errors
from redact.errors import RedactError
from redact.executor import SHARDS, run_with_retry, worker_pipeline
from redact.io.readers import ReadTask
from redact.pipeline import Pipeline, RunSpec, ShardResult

log = logging.getLogger(__name__)

# The local session: no dashboard, no usage report, workers' logs kept out of the terminal.
LOCAL_INIT: dict[str, Any] = {
    "include_dashboard": False,
    "log_to_driver": False,
    "configure_logging": False,
    "object_store_memory": 256 * 1024 * 1024,  # only task indices and results travel
}
# Read by Ray at import: a single-machine session then talks over 127.0.0.1 only, instead of
# the address of the machine's network interface.
LOCAL_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


def pool_size(cluster_cpus: float, workers: int, tasks: int) -> int:
    """Actors: one per CPU but one (left to the driver), at most `workers` and tasks."""
    return max(1, min(int(cluster_cpus) - 1, workers, tasks))


def start_local_ray(actors: int) -> None:
    """Start a private single-node Ray with room for `actors` actors and the driver."""
    for name, value in LOCAL_ENV.items():
        os.environ.setdefault(name, value)
    import ray

    ray.init(num_cpus=actors + 1, **LOCAL_INIT)


def _connect(ray_address: str | None, workers: int) -> bool:
    """Make sure a Ray session exists; True when this call started it (and must stop it)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not ray_address:
        for name, value in LOCAL_ENV.items():
            os.environ.setdefault(name, value)
    try:
        import ray
    except ImportError:
        raise RedactError("--engine ray needs Ray: pip install 'redact[ray]'") from None
    if ray.is_initialized():
        return False
    if ray_address:
        try:
            ray.init(address=ray_address, log_to_driver=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RedactError(f"cannot join the Ray cluster at {ray_address}: {_first_line(exc)}") from None
    else:
        start_local_ray(workers)
    return True


class ShardActor:
    """One per actor: builds the pipeline once, then runs the tasks whose indices it gets.

    As on the local engine, a task that raises is retried once, then written as a failed
    shard (every row dropped, `error:task_failed`). A user error (`RedactError`: bad input,
    missing model...) comes back as data, its class name and message, because Ray hands the
    driver a wrapper that has lost the original.
    """

    def __init__(self, spec: RunSpec, tasks: Sequence[ReadTask]) -> None:
        self.spec = spec
        self.tasks = {t.index: t for t in tasks}
        self.pipeline: Pipeline | None = None  # built on the first call, so its errors are too

    def __call__(self, batch: pa.Table) -> pa.Table:
        results: list[str | None] = []
        failures: list[str | None] = []
        for index in batch.column("task").to_pylist():
            try:
                if self.pipeline is None:
                    self.pipeline = worker_pipeline(self.spec)
                result = run_with_retry(self.pipeline, self.spec, self.tasks[index], SHARDS)
                results.append(json.dumps(result.to_json()))
                failures.append(None)
            except RedactError as exc:
                results.append(None)
                failures.append(json.dumps({"type": type(exc).__name__, "message": str(exc)}))
        return pa.table({"result": pa.array(results, pa.string()), "error": pa.array(failures, pa.string())})


def _raise_user_error(payload: str) -> None:
    info = json.loads(payload)
    cls = getattr(errors, info["type"], RedactError)
    if not (isinstance(cls, type) and issubclass(cls, RedactError)):
        cls = RedactError
    raise cls(info["message"])


def run_tasks_on_ray(
    spec: RunSpec,
    tasks: Sequence[ReadTask],
    workers: int,
    ray_address: str | None,
    on_result: Callable[[ShardResult], None] | None = None,
) -> list[ShardResult]:
    """Run every task on a Ray actor pool; returns results ordered by task index."""
    if not tasks:
        return []
    started = _connect(ray_address, workers)
    import ray.data  # configures its logger on first import: quiet it after that

    ray_data_log = logging.getLogger("ray.data")
    level = ray_data_log.level
    ray_data_log.setLevel(logging.ERROR)  # its per-run INFO and progress-bar notices
    try:
        results = []
        for result in _iter_results(spec, tasks, workers):
            if on_result:
                on_result(result)
            results.append(result)
    finally:
        ray_data_log.setLevel(level)
        if started:
            import ray

            ray.shutdown()
    return sorted(results, key=lambda r: r.task_index)


def _iter_results(spec: RunSpec, tasks: Sequence[ReadTask], workers: int) -> Iterator[ShardResult]:
    import ray
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    actors = pool_size(ray.cluster_resources().get("CPU", 1), workers, len(tasks))
    log.info("ray: %d actors for %d tasks", actors, len(tasks))
    # One block per task and one task in flight per actor: a free actor always takes the next
    # task, none waits queued behind a slow one.
    indices = ray.data.from_items([{"task": t.index} for t in tasks], override_num_blocks=len(tasks))
    with warnings.catch_warnings():
        # Ray 2.60 names no parameter for the retry settings below and warns that passing
        # them as remote arguments will change in 2.64 (the pinned version is 2.60).
        warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
        shards = indices.map_batches(
            ShardActor,
            batch_size=1,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=actors, max_tasks_in_flight_per_actor=1),
            fn_constructor_kwargs={"spec": spec, "tasks": list(tasks)},
            num_cpus=1,
            # A dead actor is restarted and its task retried once (Ray Data's default is
            # forever, so a task that kills its actor every time would never end the run).
            max_restarts=-1,
            max_task_retries=1,
        )
    for row in shards.iter_rows():
        if row["error"] is not None:
            _raise_user_error(row["error"])
        yield ShardResult.from_json(json.loads(row["result"]))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__
