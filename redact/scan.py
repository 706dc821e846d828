"""`redact scan`: what a run would find and drop, without writing any data.

The scan runs the run's own pipeline steps (`Pipeline.process`: consent -> detect ->
transform) on every batch and keeps only the counts, so its numbers are the ones a run
with the same inputs, policy and ledger would report. The summary has the shape of a
manifest's `counts`/`inputs`/`timings`, so `format_scan` and the HTML report read it.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from redact import __version__
from redact.executor import Job, failed_audit_rows, iter_results
from redact.io.readers import ReadTask, SourceBatch, read_task
from redact.keys import SecretKey, load_key
from redact.pipeline import Counts, Pipeline, RunSpec, merge_counts
from redact.policy import Policy
from redact.records import DetectorFactory
from redact.run import load_ledger, make_plan


def default_detector_factory(policy: Policy) -> DetectorFactory:
    from redact.detect.presidio import PresidioDetectorFactory

    return PresidioDetectorFactory(policy.detection)


@dataclass
class ScanOptions:
    inputs: Sequence[str | Path]
    policy: Policy = field(default_factory=Policy.default)
    consent: str | Path | pa.Table | None = None
    limit: int | None = None  # scan only the first N rows (in input order)
    workers: int = 1
    detector_factory: DetectorFactory | None = None
    rows_per_task: int | None = None
    quiet: bool = True


@dataclass(frozen=True)
class _TaskCounts:
    source: str
    rows_in: int
    counts: dict[str, Any]


def scan(options: ScanOptions) -> dict[str, Any]:
    """Scan the inputs; returns the summary (counts by action, reason, entity, language)."""
    from redact.progress import Progress

    t0 = time.perf_counter()
    policy = options.policy
    ledger_path, ledger_table = load_ledger(policy, options.consent)
    plan = make_plan(policy, options.inputs, options.rows_per_task)
    spec = RunSpec(
        policy=policy,
        run_id="scan",
        key_material=_key_material(policy),
        ledger_path=ledger_path,
        ledger_table=ledger_table,
        detector_factory=options.detector_factory or default_detector_factory(policy),
        input_schema=plan.schema,
        work_dir="",  # never written to: the scan calls `process`, not `run_task`
        batch_size=policy.execution.batch_size,
    )
    known = all(t.rows is not None for t in plan.tasks)
    total = sum(t.rows or 0 for t in plan.tasks) if known else None
    if options.limit is not None:
        total = min(total, options.limit) if total is not None else options.limit
    with Progress(total, quiet=options.quiet, label="redact scan") as progress:
        if options.limit is None and options.workers > 1 and len(plan.tasks) > 1:
            parts = list(_scan_parallel(spec, plan.tasks, options.workers, progress.advance))
        else:
            parts = _scan_sequential(spec, plan.tasks, options.limit, progress.advance)
    rows_by_source: Counter[str] = Counter()
    for part in parts:
        rows_by_source[part.source] += part.rows_in
    counts = merge_counts([p.counts for p in parts])
    rows_in = sum(p.rows_in for p in parts)
    counts["rows_in"] = rows_in
    elapsed = time.perf_counter() - t0
    return {
        "tool": "redact",
        "version": __version__,
        "mode": "scan",
        "policy_sha256": policy.sha256,
        "policy_source": policy.source,
        "limit": options.limit,
        "inputs": [{**i, "rows": rows_by_source.get(i["path"], 0)} for i in plan.inputs],
        "counts": counts,
        "timings": {"total_s": round(elapsed, 3), "rows_per_s": round(rows_in / elapsed, 1) if elapsed else None},
    }


def _key_material(policy: Policy) -> bytes | None:
    """The configured key if any; else a throwaway one: a scan shows no pseudonym."""
    if not policy.needs_key:
        return None
    key = load_key(policy.key, required=False)
    return key.material if key is not None else SecretKey(os.urandom(32)).material


def _scan_sequential(
    spec: RunSpec, tasks: Sequence[ReadTask], limit: int | None, advance: Callable[[int], None]
) -> list[_TaskCounts]:
    pipeline = Pipeline(spec)
    parts: list[_TaskCounts] = []
    remaining = limit
    for task in tasks:
        if remaining is not None and remaining <= 0:
            break
        counts = Counts()
        rows = 0
        for sb in _batches(task, spec, remaining):
            _data, audit_rows = pipeline.process(sb, task.file.name, counts)
            rows += len(audit_rows)
            advance(len(audit_rows))
            if remaining is not None:
                remaining -= len(audit_rows)
        parts.append(_TaskCounts(task.file.name, rows, counts.to_json()))
    return parts


def _batches(task: ReadTask, spec: RunSpec, limit: int | None) -> Iterator[SourceBatch]:
    """The task's batches, cut after `limit` rows (bad rows count: they are rows too)."""
    remaining = limit
    for sb in read_task(task, spec.batch_size, spec.input_schema):
        if remaining is None:
            yield sb
            continue
        if remaining <= 0:
            return
        indices = sorted([*sb.row_indices, *(b.row_index for b in sb.bad_rows)])
        if len(indices) > remaining:
            last = indices[remaining - 1]
            good = sum(1 for i in sb.row_indices if i <= last)
            sb = SourceBatch(sb.batch.slice(0, good), sb.row_indices[:good],
                             [b for b in sb.bad_rows if b.row_index <= last])  # fmt: skip
        remaining -= len(sb.row_indices) + len(sb.bad_rows)
        yield sb


# -- workers ---------------------------------------------------------------------------------------


def _count_task(pipeline: Pipeline, task: ReadTask) -> _TaskCounts:
    """Runs in a worker: the task's rows through the run's steps, counts only."""
    counts = Counts()
    rows = 0
    for sb in read_task(task, pipeline.spec.batch_size, pipeline.spec.input_schema):
        rows += len(pipeline.process(sb, task.file.name, counts)[1])
    return _TaskCounts(task.file.name, rows, counts.to_json())


def _count_failed_task(spec: RunSpec, task: ReadTask, reason: str) -> _TaskCounts:
    """A task that killed its worker or raised twice: its rows count as `redact run` would
    write them (`failed_audit_rows`), all dropped (fail closed)."""
    counts = Counts()
    for rows in failed_audit_rows(spec, task, reason):
        for r in rows:
            counts.add_row(r.action, r.reason, [], None)
    return _TaskCounts(task.file.name, sum(counts.by_action.values()), counts.to_json())


COUNT: Job[_TaskCounts] = Job(_count_task, _count_failed_task)


def _scan_parallel(
    spec: RunSpec, tasks: Sequence[ReadTask], workers: int, advance: Callable[[int], None]
) -> Iterator[_TaskCounts]:
    # The run's pool: a dead worker is replaced and its task retried, as in `redact run`.
    for _task, part in iter_results(spec, tasks, workers, COUNT):
        advance(part.rows_in)
        yield part
