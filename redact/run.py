"""`redact run`: plan the tasks, run them, account for every row, publish atomically."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from redact import __version__
from redact.consent import Ledger
from redact.errors import InputError, ResumeError
from redact.io.readers import InputFile, ReadTask, discover_inputs, plan_tasks, read_schema
from redact.io.writers import (
    AUDIT_DIR,
    DATA_DIR,
    MANIFEST,
    PROGRESS_DIR,
    file_sha256,
    prepare_output,
    publish,
    write_json_atomic,
)
from redact.keys import load_key
from redact.pipeline import RunSpec, ShardResult, merge_counts
from redact.policy import Policy
from redact.records import DetectorFactory
from redact.signing import sign

log = logging.getLogger("redact")

Engine = Literal["local", "ray"]
OutputFormat = Literal["parquet", "datasets"]
_STRING_TYPES = (pa.types.is_string, pa.types.is_large_string, pa.types.is_null)
_BOOL_TYPES = (pa.types.is_boolean, pa.types.is_null)


@dataclass
class RunOptions:
    inputs: Sequence[str | Path]
    out: Path
    policy: Policy = field(default_factory=Policy.default)
    consent: str | Path | pa.Table | None = None
    workers: int | None = None
    engine: Engine = "local"
    ray_address: str | None = None
    resume: bool = False
    overwrite: bool = False
    quiet: bool = False
    detector_factory: DetectorFactory | None = None
    rows_per_task: int | None = None
    report: bool = True
    output_format: OutputFormat = "parquet"  # --format: Parquet shards, or a save_to_disk dir


@dataclass(frozen=True)
class Plan:
    files: list[InputFile]
    tasks: list[ReadTask]
    schema: pa.Schema
    inputs: list[dict[str, Any]]


def validate_schema(policy: Policy, schema: pa.Schema, name: str) -> None:
    """Fail early, with one line naming the file and column, on a schema the policy can't use."""
    c, k = policy.columns, policy.consent
    for col in policy.required_input_columns():
        if schema.get_field_index(col) < 0:
            raise InputError(f"{name}: missing column {col!r} required by the policy")
    checks: list[tuple[str | None, tuple[Any, ...], str]] = [
        *[(t, _STRING_TYPES, "string") for t in c.text],
        (c.lang, _STRING_TYPES, "string"),
        (c.kind, _STRING_TYPES, "string"),
        (c.country, _STRING_TYPES, "string"),
        (k.opt_out_column, _BOOL_TYPES, "boolean"),
        (k.opt_in_column, _BOOL_TYPES, "boolean"),
    ]
    for column, preds, label in checks:
        if column and schema.get_field_index(column) >= 0:
            typ = schema.field(column).type
            if not any(p(typ) for p in preds):
                raise InputError(f"{name}: column {column!r} must be {label}, not {typ}")


def make_plan(policy: Policy, inputs: Sequence[str | Path], rows_per_task: int | None = None) -> Plan:
    files = discover_inputs([str(p) for p in inputs])
    schemas = []
    for f in files:
        schema = read_schema(f)
        validate_schema(policy, schema, f.name)
        schemas.append(schema)
    try:
        unified = pa.unify_schemas(schemas, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        raise InputError("inputs have incompatible schemas (the same column with different types)") from None
    tasks = plan_tasks(files, rows_per_task or policy.execution.rows_per_task)
    described = [{"path": f.name, "format": f.format, "bytes": f.size(), "sha256": file_sha256(f.path)} for f in files]
    return Plan(files, tasks, unified, described)


def compute_run_id(policy: Policy, key_fingerprint: str | None, inputs: list[dict[str, Any]]) -> str:
    """Deterministic: the same inputs, policy, key and version give the same run id."""
    blob = json.dumps(
        {"v": __version__, "policy": policy.sha256, "key": key_fingerprint, "inputs": [i["sha256"] for i in inputs]},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def load_ledger(policy: Policy, consent: str | Path | pa.Table | None) -> tuple[str | None, pa.Table | None]:
    """Validate the ledger once in the parent (exit 2 early); workers load it themselves."""
    if consent is None:
        return None, None
    if isinstance(consent, pa.Table):
        Ledger.from_table(consent, policy.consent.ledger)
        return None, consent
    Ledger.load(consent, policy.consent.ledger)
    return str(Path(consent).resolve()), None


def _completed(partial: Path, tasks: list[ReadTask]) -> dict[int, ShardResult]:
    """Shards finished by an interrupted run whose files are intact."""
    done: dict[int, ShardResult] = {}
    by_index = {t.index for t in tasks}
    for path in sorted((partial / PROGRESS_DIR).glob("part-*.json")):
        try:
            result = ShardResult.from_json(json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            continue
        if result.task_index not in by_index:
            continue
        ok = all(
            (partial / info["path"]).exists() and file_sha256(partial / info["path"]) == info["sha256"]
            for info in (result.data, result.audit)
        )
        if ok:
            done[result.task_index] = result
    return done


# -- resume (reliability) ------------------------------------------------------------------------
def _layout_digest(tasks: list[ReadTask]) -> str:
    """Which rows each shard holds: `--rows-per-task` changes it without changing the run id."""
    layout = [
        [t.index, t.file.name, t.first_row, t.rows, t.row_groups, t.record_batches, t.byte_range]
        for t in tasks
    ]
    return hashlib.sha256(json.dumps(layout).encode()).hexdigest()[:16]


def _resume_point(
    partial: Path, out: Path, run_id: str, tasks: list[ReadTask], resume: bool
) -> dict[int, ShardResult]:
    """Write the run journal; on `--resume`, return the shards an interrupted run completed.

    Shards are trusted only when the journal proves they come from the same run id and task
    layout; otherwise resuming would mix rows of two different runs.
    """
    journal = partial / PROGRESS_DIR / "run.json"
    current = {"run_id": run_id, "layout": _layout_digest(tasks)}
    refuse = f"cannot resume into {out}: "
    trusted = False
    if resume and journal.exists():
        try:
            previous = json.loads(journal.read_text())
        except (OSError, ValueError):
            why = "unreadable progress journal (run without --resume)"
            raise ResumeError(refuse + why) from None
        if not isinstance(previous, dict) or previous.get("run_id") != run_id:
            why = "the inputs, policy or key changed since the interrupted run"
            raise ResumeError(refuse + why)
        if previous.get("layout") != current["layout"]:
            raise ResumeError(refuse + "--rows-per-task changed since the interrupted run")
        trusted = True
    elif resume:  # no journal: whatever is there belongs to no known run
        for sub in (DATA_DIR, AUDIT_DIR, PROGRESS_DIR):
            shutil.rmtree(partial / sub, ignore_errors=True)
            (partial / sub).mkdir(parents=True, exist_ok=True)
    write_json_atomic(journal, current)
    return _completed(partial, tasks) if trusted else {}


def run(options: RunOptions) -> dict[str, Any]:
    """Run the whole pipeline; returns the manifest that was published."""
    from redact.detect.presidio import PresidioDetectorFactory
    from redact.executor import default_workers, run_tasks

    t0 = time.perf_counter()
    policy = options.policy
    key = load_key(policy.key, required=policy.needs_key)
    ledger_path, ledger_table = load_ledger(policy, options.consent)
    plan = make_plan(policy, options.inputs, options.rows_per_task)
    run_id = compute_run_id(policy, key.fingerprint if key else None, plan.inputs)
    out = Path(options.out)
    partial = prepare_output(out, overwrite=options.overwrite, resume=options.resume)
    done = _resume_point(partial, out, run_id, plan.tasks, options.resume)  # reliability: resume
    pending = [t for t in plan.tasks if t.index not in done]
    if done:
        log.info("resuming: %d of %d shards already complete", len(done), len(plan.tasks))
    workers = options.workers or default_workers()
    spec = RunSpec(
        policy=policy,
        run_id=run_id,
        key_material=key.material if key else None,
        ledger_path=ledger_path,
        ledger_table=ledger_table,
        detector_factory=options.detector_factory or PresidioDetectorFactory(policy.detection),
        input_schema=plan.schema,
        work_dir=str(partial),
        batch_size=policy.execution.batch_size,
    )
    t_plan = time.perf_counter() - t0
    sizes = [t.rows for t in plan.tasks]
    total_rows = sum(n for n in sizes if n is not None) if None not in sizes else None
    from redact.progress import Progress

    with Progress(total_rows, quiet=options.quiet) as progress:
        for r in done.values():
            progress.advance(r.rows_in)
        if options.engine == "ray":
            from redact.ray_engine import run_tasks_on_ray

            new = run_tasks_on_ray(
                spec, pending, workers, options.ray_address, on_result=lambda r: progress.advance(r.rows_in)
            )
        else:
            new = run_tasks(spec, pending, workers, on_result=lambda r: progress.advance(r.rows_in))
    results = sorted([*done.values(), *new], key=lambda r: r.task_index)
    if options.output_format == "datasets":  # --format datasets: OUT/data as save_to_disk
        from redact.io.datasets_out import write_save_to_disk
        from redact.pipeline import output_schema

        results = write_save_to_disk(partial, results, output_schema(policy, plan.schema), run_id)
    elapsed = time.perf_counter() - t0
    manifest = build_manifest(policy, run_id, key.fingerprint if key else None, plan, results, options, workers,
                              {"plan_s": round(t_plan, 3), "total_s": round(elapsed, 3)})  # fmt: skip
    manifest["data_format"] = options.output_format
    manifest = sign(manifest, key)  # last: the signature covers every field above
    write_json_atomic(partial / MANIFEST, manifest)
    if options.report:
        from redact.report import write_html

        write_html(partial / "report.html", manifest, title=f"redact run {run_id}")
    publish(partial, out)
    return manifest


def build_manifest(
    policy: Policy,
    run_id: str,
    key_fingerprint: str | None,
    plan: Plan,
    results: list[ShardResult],
    options: RunOptions,
    workers: int,
    timings: dict[str, float],
) -> dict[str, Any]:
    rows_by_source: dict[str, int] = {}
    for r in results:
        rows_by_source[r.source] = rows_by_source.get(r.source, 0) + r.rows_in
    inputs = [{**i, "rows": rows_by_source.get(i["path"], 0)} for i in plan.inputs]
    counts = merge_counts([r.counts for r in results])
    rows_in = sum(r.rows_in for r in results)
    counts["rows_in"] = rows_in
    steps: dict[str, float] = {}
    for r in results:
        for k, v in r.seconds.items():
            steps[k] = round(steps.get(k, 0.0) + v, 3)
    total = timings["total_s"]
    return {
        "tool": "redact",
        "version": __version__,
        "run_id": run_id,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "policy_sha256": policy.sha256,
        "policy_source": policy.source,
        "key_fingerprint": key_fingerprint,
        "engine": options.engine,
        "workers": workers,
        "inputs": inputs,
        "outputs": {
            "data": [r.data for r in results],
            "audit": [r.audit for r in results],
        },
        "counts": counts,
        "timings": {**timings, "steps_cpu_s": steps, "rows_per_s": round(rows_in / total, 1) if total else None},
    }
