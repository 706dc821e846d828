"""`redact_dataset`: the `redact run` pipeline applied to a Hugging Face `datasets` object.

The per-batch work is `Pipeline.process`, the very code `redact run` runs, so a dataset gets
the same kept rows, texts and audit decisions as the files it came from.

- `Dataset`: one batched `map` (any `num_proc`) writes, per input row, the output columns
  (null for a dropped row) beside the audit columns; a `filter` then keeps the rows that were
  not dropped. The audit therefore lives in the `datasets` cache with the data, and a cache hit
  returns both. The map's fingerprint hashes the dataset's fingerprint, the policy, the key's
  fingerprint (an HMAC, never the key), the ledger's content and the versions: never a secret.
- `IterableDataset`: a lazy batched `map` that returns the kept rows only; each batch's audit
  rows are written to `audit_path` as the stream is consumed.

Every process (the caller's, or each `num_proc` worker) builds one `Pipeline` and keeps it in
a module global, keyed by a token of what the pipeline depends on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import pyarrow as pa
import pyarrow.compute as pc

from redact import __version__
from redact import audit as A
from redact.errors import InputError
from redact.io.readers import SourceBatch
from redact.io.writers import ShardWriter, file_sha256
from redact.keys import SecretKey, load_key
from redact.pipeline import Counts, Pipeline, RunSpec, output_schema
from redact.policy import Policy
from redact.records import DetectorFactory

if TYPE_CHECKING:
    from datasets import Dataset, Features, IterableDataset

    AnyDataset = TypeVar("AnyDataset", Dataset, IterableDataset)

# Prefix of the audit columns in the combined (data + audit) table of a `Dataset` run.
AUDIT_PREFIX = "__redact_audit__"
_ACTION_COLUMN = AUDIT_PREFIX + "action"
_FINGERPRINT_CHARS = 32  # `datasets` appends shard suffixes; it accepts at most 64 characters


@dataclass(frozen=True)
class DatasetSpec:
    """What each process needs to redact batches. Picklable; `token` names its pipeline."""

    token: str
    run: RunSpec
    run_id: str
    source: str
    audit_dir: str | None = None  # IterableDataset only: where each batch's audit is written


_pipelines: dict[str, Pipeline] = {}


def _pipeline(spec: DatasetSpec) -> Pipeline:
    pipeline = _pipelines.get(spec.token)
    if pipeline is None:
        _pipelines.clear()  # one at a time: a pipeline holds the language models
        pipeline = _pipelines[spec.token] = Pipeline(spec.run)
    return pipeline


# -- the public function -----------------------------------------------------------------------


@overload
def redact_dataset(
    ds: Dataset,
    policy: Policy | None = ...,
    consent: str | Path | pa.Table | None = ...,
    *,
    key: SecretKey | str | bytes | None = ...,
    num_proc: int | None = ...,
    batch_size: int | None = ...,
    audit_path: str | Path | None = ...,
    return_audit: Literal[True],
    source: str = ...,
    detector_factory: DetectorFactory | None = ...,
) -> tuple[Dataset, Dataset]: ...


@overload
def redact_dataset(
    ds: AnyDataset,
    policy: Policy | None = ...,
    consent: str | Path | pa.Table | None = ...,
    *,
    key: SecretKey | str | bytes | None = ...,
    num_proc: int | None = ...,
    batch_size: int | None = ...,
    audit_path: str | Path | None = ...,
    return_audit: Literal[False] = ...,
    source: str = ...,
    detector_factory: DetectorFactory | None = ...,
) -> AnyDataset: ...


def redact_dataset(
    ds: Dataset | IterableDataset,
    policy: Policy | None = None,
    consent: str | Path | pa.Table | None = None,
    *,
    key: SecretKey | str | bytes | None = None,
    num_proc: int | None = None,
    batch_size: int | None = None,
    audit_path: str | Path | None = None,
    return_audit: bool = False,
    source: str = "dataset",
    detector_factory: DetectorFactory | None = None,
) -> Dataset | IterableDataset | tuple[Dataset, Dataset]:
    """Consent-filter and redact `ds` exactly as `redact run` would; returns the same kind.

    The result has the output columns of `redact run`. The audit (one row per input row) is
    written as Parquet into the directory `audit_path` when given, and, for a `Dataset`,
    returned as a second `Dataset` when `return_audit` is true. The key comes from `key` or,
    like `redact run`, from the policy's key source (`REDACT_SECRET_KEY` by default).
    `source` names the input in the audit's `source` column (`SOURCE:ROW_INDEX`).
    """
    import datasets

    policy = policy or Policy.default()
    iterable = isinstance(ds, datasets.IterableDataset)
    if not iterable and not isinstance(ds, datasets.Dataset):
        raise TypeError(f"redact_dataset takes a datasets.Dataset or IterableDataset, not {type(ds).__name__}")
    if iterable and return_audit:
        raise ValueError("an IterableDataset's audit is written as it streams: pass audit_path, not return_audit")
    if ds.features is None:
        raise InputError("the IterableDataset has unknown features; give them with .cast(features) first")
    input_schema = ds.features.arrow_schema
    from redact.run import validate_schema

    validate_schema(policy, input_schema, source)
    spec, fingerprint = _build_spec(
        ds, policy, consent, key, input_schema, batch_size, source, detector_factory,
        audit_dir=str(Path(audit_path).resolve()) if iterable and audit_path is not None else None,
    )  # fmt: skip
    out_schema = output_schema(policy, input_schema)
    if iterable:
        return _redact_iterable(ds, spec, out_schema)
    data, audit = _redact_dataset(ds, spec, out_schema, fingerprint, num_proc)
    if audit_path is not None:
        write_audit(audit, Path(audit_path))
    return (data, audit) if return_audit else data


def _build_spec(
    ds: Dataset | IterableDataset,
    policy: Policy,
    consent: str | Path | pa.Table | None,
    key: SecretKey | str | bytes | None,
    input_schema: pa.Schema,
    batch_size: int | None,
    source: str,
    detector_factory: DetectorFactory | None,
    audit_dir: str | None,
) -> tuple[DatasetSpec, str]:
    """The spec every process gets, and the fingerprint of the map's result."""
    from redact.run import load_ledger

    secret = _resolve_key(policy, key)
    ledger_path, ledger_table = load_ledger(policy, consent)
    if detector_factory is None:
        from redact.detect.presidio import PresidioDetectorFactory

        detector_factory = PresidioDetectorFactory(policy.detection)
    # What the pipeline's behaviour depends on; none of it is secret.
    depends_on = {
        "version": __version__,
        "policy": policy.sha256,
        "key": secret.fingerprint if secret else None,
        "ledger": _ledger_hash(ledger_path, ledger_table),
        "detector": _factory_id(detector_factory),
        "schema": input_schema.serialize().to_pybytes().hex(),
    }
    token = _digest(depends_on)
    input_id = getattr(ds, "_fingerprint", None) or _digest({"iterable": repr(ds.features)})
    run_id = _digest({"run": depends_on, "input": input_id, "source": source})[:16]
    fingerprint = _digest({"pipeline": token, "input": input_id, "source": source})[:_FINGERPRINT_CHARS]
    run = RunSpec(
        policy=policy,
        run_id=run_id,
        key_material=secret.material if secret else None,
        ledger_path=ledger_path,
        ledger_table=ledger_table,
        detector_factory=detector_factory,
        input_schema=input_schema,
        work_dir="",  # unused: nothing is written through the pipeline's shard writers
        batch_size=batch_size or policy.execution.batch_size,
    )
    return DatasetSpec(token, run, run_id, source, audit_dir), fingerprint


def _resolve_key(policy: Policy, key: SecretKey | str | bytes | None) -> SecretKey | None:
    if isinstance(key, SecretKey):
        return key
    if isinstance(key, str):
        return SecretKey(key.encode("utf-8"))
    if isinstance(key, bytes):
        return SecretKey(key)
    return load_key(policy.key, required=policy.needs_key)


def _ledger_hash(path: str | None, table: pa.Table | None) -> str | None:
    if path is not None:
        return file_sha256(Path(path))
    if table is not None:
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()
    return None


def _factory_id(factory: DetectorFactory) -> str:
    """Identifies a detector recipe: its class, and a dataclass recipe's fields too."""
    kind = f"{type(factory).__module__}.{type(factory).__qualname__}"
    if is_dataclass(factory) and not isinstance(factory, type):
        return kind + json.dumps(asdict(factory), sort_keys=True, default=str)
    return kind


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# -- Dataset ------------------------------------------------------------------------------------


def combined_schema(out_schema: pa.Schema) -> pa.Schema:
    """The map's output: the data columns, then the audit columns under AUDIT_PREFIX."""
    audit = [pa.field(AUDIT_PREFIX + f.name, f.type) for f in A.AUDIT_SCHEMA]
    return pa.schema([*[f.with_nullable(True) for f in out_schema], *audit])


def _features(schema: pa.Schema) -> Features:
    from datasets import Features

    return Features.from_arrow_schema(schema)


def _redact_dataset(
    ds: Dataset, spec: DatasetSpec, out_schema: pa.Schema, fingerprint: str, num_proc: int | None
) -> tuple[Dataset, Dataset]:
    original_format = ds.format["type"]
    schema = combined_schema(out_schema)
    combined = ds.with_format("arrow").map(
        _redact_combined,
        batched=True,
        batch_size=spec.run.batch_size,
        with_indices=True,
        remove_columns=ds.column_names,
        features=_features(schema),
        fn_kwargs={"spec": spec, "schema": schema},
        num_proc=num_proc,
        new_fingerprint=fingerprint,
        desc="redact",
    )
    audit_columns = [f.name for f in schema if f.name.startswith(AUDIT_PREFIX)]
    data = combined.filter(
        _not_dropped, batched=True, input_columns=[_ACTION_COLUMN], num_proc=num_proc, desc="redact: keep"
    ).remove_columns(audit_columns)
    audit = combined.select_columns(audit_columns).rename_columns(
        {name: name.removeprefix(AUDIT_PREFIX) for name in audit_columns}
    )
    return data.with_format(original_format), audit.with_format(original_format)


def _redact_combined(batch: pa.Table, indices: list[int], spec: DatasetSpec, schema: pa.Schema) -> pa.Table:
    data, audit = _process(batch, indices, spec)
    # One output row per input row: the kept rows' data in order, nulls for dropped rows.
    take: list[int | None] = []
    kept = 0
    for action in audit.column(audit.schema.get_field_index("action")).to_pylist():
        if action == A.DROPPED:
            take.append(None)
        else:
            take.append(kept)
            kept += 1
    spread = data.take(pa.array(take, pa.int64()))
    return pa.Table.from_arrays([*spread.columns, *audit.columns], schema=schema)


def _not_dropped(actions: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.not_equal(actions, A.DROPPED)


def write_audit(audit: Dataset, directory: Path) -> Path:
    """Write a `Dataset` run's audit as one Parquet file in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "part-00000.parquet"
    writer = ShardWriter(path, A.AUDIT_SCHEMA)
    try:
        for table in audit.with_format("arrow").iter(batch_size=8192):
            writer.write(_batch_of(table.cast(A.AUDIT_SCHEMA)))
        writer.close()
    except BaseException:
        writer.abort()
        raise
    return path


# -- IterableDataset -------------------------------------------------------------------------


def _redact_iterable(ds: IterableDataset, spec: DatasetSpec, out_schema: pa.Schema) -> IterableDataset:
    original_format = getattr(getattr(ds, "_formatting", None), "format_type", None)
    if spec.audit_dir is not None:
        Path(spec.audit_dir).mkdir(parents=True, exist_ok=True)
    if _streams_arrow(ds):
        stream = ds.with_format("arrow").map(
            _redact_stream,
            batched=True,
            batch_size=spec.run.batch_size,
            with_indices=True,
            # No remove_columns: on an arrow-formatted IterableDataset it also strips the
            # returned table of those names (all of them here); the returned table is the batch.
            features=_features(out_schema),
            fn_kwargs={"spec": spec},
        )
    else:  # python rows (e.g. from a generator): typed with the dataset's features
        stream = ds.with_format(None).map(
            _redact_stream_rows,
            batched=True,
            batch_size=spec.run.batch_size,
            with_indices=True,
            remove_columns=ds.column_names,
            features=_features(out_schema),
            fn_kwargs={"spec": spec},
        )
    return stream.with_format(original_format)


def _streams_arrow(ds: IterableDataset) -> bool:
    """True when the stream is read as Arrow tables (Arrow, Parquet files...): then batches
    come typed by their files. Python-only sources are batched from rows instead."""
    return getattr(getattr(ds, "_ex_iterable", None), "iter_arrow", None) is not None


def _redact_stream(batch: pa.Table, indices: list[int], spec: DatasetSpec) -> pa.Table:
    data, audit = _process(batch, indices, spec)
    if spec.audit_dir is not None and audit.num_rows:
        _write_audit_part(Path(spec.audit_dir), audit, indices[0])
    return pa.Table.from_batches([data])


def _redact_stream_rows(batch: dict[str, list[Any]], indices: list[int], spec: DatasetSpec) -> dict[str, list[Any]]:
    table = pa.Table.from_pydict(batch, schema=spec.run.input_schema)
    return _redact_stream(table, indices, spec).to_pydict()


def _write_audit_part(directory: Path, audit: pa.RecordBatch, first_row: int) -> None:
    """One file per batch, named by its first row and content: iterating again rewrites the
    same files, and DataLoader workers (whose row counters each start at 0) never collide."""
    content = hashlib.sha256()
    for name in ("row_id", "source"):
        content.update(json.dumps(audit.column(audit.schema.get_field_index(name)).to_pylist()).encode())
    path = directory / f"part-{first_row:012d}-{content.hexdigest()[:12]}.parquet"
    writer = ShardWriter(path, A.AUDIT_SCHEMA)
    try:
        writer.write(audit)
        writer.close()
    except BaseException:
        writer.abort()
        raise


# -- shared -----------------------------------------------------------------------------------


def _process(batch: pa.Table, indices: list[int], spec: DatasetSpec) -> tuple[pa.RecordBatch, pa.RecordBatch]:
    """Run the `redact run` pipeline on one batch: (kept rows, redacted; audit rows)."""
    pipeline = _pipeline(spec)
    data, rows = pipeline.process(SourceBatch(_batch_of(batch), list(indices)), spec.source, Counts())
    audit = A.audit_batch(rows, pipeline.policy_sha, spec.run_id)
    return data, audit


def _batch_of(table: pa.Table) -> pa.RecordBatch:
    batches = table.combine_chunks().to_batches()
    if len(batches) == 1:
        return batches[0]
    if not batches:
        return pa.RecordBatch.from_pylist([], schema=table.schema)
    return pa.RecordBatch.from_struct_array(pa.concat_arrays([b.to_struct_array() for b in batches]))


def clear_pipelines() -> None:
    """Free this process's cached pipeline (and its models)."""
    _pipelines.clear()


__all__ = ["AUDIT_PREFIX", "DatasetSpec", "clear_pipelines", "redact_dataset", "write_audit"]
