"""Run read tasks on worker processes that each hold their own pipeline (engines included).

Tasks go out as small `ReadTask` descriptions; each worker reads its slice of the input
itself, writes its shards, and sends back a small `ShardResult`. Shard names come from the
task index, so the output is the same whatever the number of workers. The pool is generic
over what a task does (`Job`): `redact run` writes shards, `redact scan` only counts.

Faults never lose a row and never let one through unanalyzed:

- A worker process that dies (killed, out of memory, a crash in native code) breaks the
  pool. The pool is rebuilt and the tasks that were in flight are retried one at a time,
  so a second death is pinned on the task that caused it. A task that kills its worker
  twice is written as a *failed shard*: an empty data shard and one `dropped` audit row
  per input row with reason `error:worker_died`, built in the parent from the task's ids.
- A task that raises (a bug, not a user error) is retried once, then failed the same way
  with reason `error:task_failed`.
- A `RedactError` (corrupt input, bad policy, missing model) stops the run: it is the
  user's to fix, and dropping every row instead would hide it.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import pyarrow as pa

from redact import audit as A
from redact.errors import RedactError
from redact.heap import freeze_loaded_engines
from redact.io.readers import ReadTask, read_task
from redact.io.writers import AUDIT_DIR, DATA_DIR, PROGRESS_DIR, ShardWriter, write_json_atomic
from redact.keys import Pseudonymizer, SecretKey
from redact.pipeline import Counts, Pipeline, RunSpec, ShardResult, output_schema

log = logging.getLogger(__name__)

WORKER_DIED = "error:worker_died"
TASK_FAILED = "error:task_failed"
MAX_ATTEMPTS = 2  # the first run of a task and one retry

_worker_pipeline: Pipeline | None = None
_worker_setup_error: BaseException | None = None

R = TypeVar("R")


@dataclass(frozen=True)
class Job(Generic[R]):
    """What a task does, as two module-level (so picklable) functions.

    `run(pipeline, task)` runs in a worker; `fail(spec, task, reason)` runs in the parent
    for a task that could not be run (its worker died twice, or it raised twice) and must
    account for every row of the task as dropped with `reason`.
    """

    run: Callable[[Pipeline, ReadTask], R]
    fail: Callable[[RunSpec, ReadTask, str], R]


class WorkerSetupError(RuntimeError):
    """A worker could not build its pipeline for a reason that is not a user error."""


def default_workers() -> int:
    """One worker per CPU this process may use (`redact.cpus`: affinity and container quota)."""
    from redact.cpus import available_cpus

    return available_cpus()


def worker_pipeline(spec: RunSpec) -> Pipeline:
    """The pipeline of a process `redact` started (pool worker, Ray actor, bench worker):
    built, then what its engines loaded frozen out of the collector's way (`redact.heap`)."""
    pipeline = Pipeline(spec)
    freeze_loaded_engines()
    return pipeline


def _init_worker(spec: RunSpec) -> None:
    # An exception escaping an initializer kills the worker and looks like a crash; keep it
    # and raise it from the first task instead, so the parent sees the real error.
    global _worker_pipeline, _worker_setup_error
    try:
        _worker_pipeline = worker_pipeline(spec)
    except Exception as exc:
        _worker_setup_error = exc


def _run_in_worker(run: Callable[[Pipeline, ReadTask], R], task: ReadTask) -> R:
    if _worker_setup_error is not None:
        if isinstance(_worker_setup_error, RedactError):
            raise _worker_setup_error
        raise WorkerSetupError(
            f"a worker could not start its pipeline ({type(_worker_setup_error).__name__})"
        )
    assert _worker_pipeline is not None, "worker not initialized"
    return run(_worker_pipeline, task)


def _write_shards(pipeline: Pipeline, task: ReadTask) -> ShardResult:
    return pipeline.run_task(task)


def run_tasks(
    spec: RunSpec,
    tasks: Sequence[ReadTask],
    workers: int,
    on_result: Callable[[ShardResult], None] | None = None,
) -> list[ShardResult]:
    """Run every task; returns results ordered by task index (one per task, always)."""
    results = []
    for _task, result in iter_results(spec, tasks, workers, SHARDS):
        if on_result:
            on_result(result)
        results.append(result)
    return sorted(results, key=lambda r: r.task_index)


def iter_results(spec: RunSpec, tasks: Sequence[ReadTask], workers: int, job: Job[R]) -> Iterator[tuple[ReadTask, R]]:
    """(task, result) for every task, in completion order, faults handled as the module says."""
    if not tasks:
        return
    workers = max(1, min(workers, len(tasks)))
    if workers == 1:
        yield from _run_in_process(spec, tasks, job)
    else:
        yield from _PoolRunner(spec, workers, job).run(tasks)


def _run_in_process(spec: RunSpec, tasks: Sequence[ReadTask], job: Job[R]) -> Iterator[tuple[ReadTask, R]]:
    """One worker: no process to lose, but a task that raises is still retried, then failed."""
    pipeline = Pipeline(spec)
    for task in tasks:
        yield task, run_with_retry(pipeline, spec, task, job)


def run_with_retry(pipeline: Pipeline, spec: RunSpec, task: ReadTask, job: Job[R]) -> R:
    """Run `task` in this process: a task that raises is retried once, then failed (`job.fail`)."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return job.run(pipeline, task)
        except RedactError:
            raise
        except Exception as exc:
            _log_failure(task, f"it raised {type(exc).__name__}", TASK_FAILED, attempt)
    return job.fail(spec, task, TASK_FAILED)


def _log_failure(task: ReadTask, what: str, reason: str, attempt: int) -> None:
    # Only the exception's type, never its message: that may quote the text being processed.
    if attempt < MAX_ATTEMPTS:
        log.warning("shard %05d: %s; retrying it", task.index, what)
    else:
        log.warning("shard %05d: %s again; its rows are dropped (%s)", task.index, what, reason)


class _Retry:
    """The outcome of an attempt that failed but may be retried."""


RETRY = _Retry()


class _PoolRunner(Generic[R]):
    """A process pool that survives the death of its workers."""

    def __init__(self, spec: RunSpec, workers: int, job: Job[R]) -> None:
        self.spec = spec
        self.workers = workers
        self.job = job
        self.pool = self._new_pool()
        self.attempts: dict[int, int] = {}

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn: workers never inherit the parent's threads (Arrow's pools) or locks.
        ctx = mp.get_context("spawn")
        return ProcessPoolExecutor(
            self.workers, mp_context=ctx, initializer=_init_worker, initargs=(self.spec,)
        )

    def run(self, tasks: Sequence[ReadTask]) -> Iterator[tuple[ReadTask, R]]:
        queue: deque[ReadTask] = deque(tasks)
        retry: deque[ReadTask] = deque()  # run alone, so a death is pinned on its task
        pending: dict[Future[R], ReadTask] = {}
        try:
            while queue or retry or pending:
                if retry or self._retrying(pending):
                    if not pending:
                        self._submit(retry, pending)
                else:
                    # At most two tasks per worker in flight so results stream back steadily.
                    while queue and len(pending) < 2 * self.workers:
                        if not self._submit(queue, pending):
                            break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                if any(_died(f) for f in done):
                    done = set(pending)  # the whole pool is gone: collect every future
                    wait(done)
                    self.pool.shutdown(wait=True)
                    self.pool = self._new_pool()
                for fut in sorted(done, key=lambda f: pending[f].index):
                    task = pending.pop(fut)
                    outcome = self._outcome(fut, task)
                    if isinstance(outcome, _Retry):
                        retry.append(task)
                    else:
                        yield task, outcome
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _retrying(self, pending: dict[Future[R], ReadTask]) -> bool:
        """A retried task is running: it runs alone until it is done."""
        return any(task.index in self.attempts for task in pending.values())

    def _submit(self, source: deque[ReadTask], pending: dict[Future[R], ReadTask]) -> bool:
        """Submit the next task of `source`; False if the pool broke (the task stays queued)."""
        task = source.popleft()
        try:
            pending[self.pool.submit(_run_in_worker, self.job.run, task)] = task
            return True
        except BrokenProcessPool:
            source.appendleft(task)
            if pending:  # the next wait sees the broken futures and rebuilds the pool
                return False
            self.pool.shutdown(wait=True)  # an idle worker died: nothing to retry
            self.pool = self._new_pool()
            pending[self.pool.submit(_run_in_worker, self.job.run, source.popleft())] = task
            return True

    def _outcome(self, fut: Future[R], task: ReadTask) -> R | _Retry:
        """The task's result, its failure's after its last attempt, or RETRY."""
        try:
            return fut.result()
        except RedactError:
            raise
        except WorkerSetupError:
            raise
        except BrokenProcessPool:
            reason, what = WORKER_DIED, "its worker process died"
        except Exception as exc:
            reason, what = TASK_FAILED, f"it raised {type(exc).__name__}"
        attempt = self.attempts[task.index] = self.attempts.get(task.index, 0) + 1
        _log_failure(task, what, reason, attempt)
        return RETRY if attempt < MAX_ATTEMPTS else self.job.fail(self.spec, task, reason)


def _died(fut: Future[Any]) -> bool:
    return isinstance(fut.exception(), BrokenProcessPool)


# -- failed shards -------------------------------------------------------------------------------


def failed_audit_rows(spec: RunSpec, task: ReadTask, reason: str) -> Iterator[list[A.AuditRow]]:
    """The audit rows of a task that could not be processed, batch by batch: every row
    dropped with `reason` (a bad input line with its own `error:` reason).

    Reads only the id and user columns: the task may have died on a huge text.
    """
    c = spec.policy.columns
    pseudonymizer = Pseudonymizer(SecretKey(spec.key_material)) if spec.key_material else None
    wanted = [col for col in (c.id, c.user) if col]
    for sb in read_task(task, spec.batch_size, spec.input_schema, columns=wanted):
        ids = _column_values(sb.batch, c.id)
        users = _column_values(sb.batch, c.user)
        rows: list[A.AuditRow] = []
        for pos, row in enumerate(sb.row_indices):
            source = f"{task.file.name}:{row}"
            row_id = str(ids[pos]) if ids[pos] is not None else source
            user = users[pos]
            user_key = pseudonymizer.member(str(user)) if user is not None and pseudonymizer else None
            rows.append(A.AuditRow(row, row_id, source, user_key, A.DROPPED, reason))
        for bad in sb.bad_rows:
            source = f"{task.file.name}:{bad.row_index}"
            rows.append(A.AuditRow(bad.row_index, source, source, None, A.DROPPED, f"error:{bad.error}"))
        yield rows


def write_failed_shard(spec: RunSpec, task: ReadTask, reason: str) -> ShardResult:
    """Account for every row of a task that could not be processed: all dropped, none lost.

    Writes an empty data shard, the audit rows (`failed_audit_rows`) and the progress
    journal, exactly where the worker would have, so `--resume` and `verify` treat it like
    any other shard.
    """
    policy = spec.policy
    work = Path(spec.work_dir)
    name = f"part-{task.index:05d}.parquet"
    data_w = ShardWriter(work / DATA_DIR / name, output_schema(policy, spec.input_schema))
    audit_w = ShardWriter(work / AUDIT_DIR / name, A.AUDIT_SCHEMA)
    counts = Counts()
    rows_in = 0
    try:
        for rows in failed_audit_rows(spec, task, reason):
            for r in rows:
                counts.add_row(r.action, r.reason, [], None)
            audit_w.write(A.audit_batch(rows, policy.sha256, spec.run_id))
            rows_in += len(rows)
        data_info, audit_info = data_w.close(), audit_w.close()
    except BaseException:
        data_w.abort()
        audit_w.abort()
        raise
    result = ShardResult(
        task_index=task.index,
        source=task.file.name,
        rows_in=rows_in,
        data={"path": f"{DATA_DIR}/{name}", **data_info},
        audit={"path": f"{AUDIT_DIR}/{name}", **audit_info},
        counts=counts.to_json(),
        seconds={},
    )
    write_json_atomic(work / PROGRESS_DIR / f"part-{task.index:05d}.json", result.to_json())
    return result


def _column_values(batch: pa.RecordBatch, name: str | None) -> list[Any]:
    if not name or batch.schema.get_field_index(name) < 0:
        return [None] * batch.num_rows
    return list(batch.column(batch.schema.get_field_index(name)).to_pylist())


SHARDS: Job[ShardResult] = Job(_write_shards, write_failed_shard)
"""`redact run`'s job: write the task's data and audit shards."""
