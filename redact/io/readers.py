"""Discover inputs, split them into independent read tasks, and stream record batches.

Every format is read incrementally: Parquet by row group (`ParquetFile.iter_batches`), Arrow
IPC files by record batch, Arrow streams (what `datasets.save_to_disk` writes) sequentially,
and JSON Lines by byte ranges aligned on newlines. A task never materializes a whole file,
so memory is bounded by `batch_size` whatever the input size.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from redact.errors import InputError

Format = Literal["parquet", "arrow_file", "arrow_stream", "jsonl"]

_PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
_ARROW_SUFFIXES = (".arrow", ".feather", ".ipc", ".arrows")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_ARROW_FILE_MAGIC = b"ARROW1"
JSONL_CHUNK_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    format: Format
    name: str  # how the file is named in `source` and the manifest

    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True, slots=True)
class ReadTask:
    """A slice of one input file that a worker reads on its own."""

    index: int
    file: InputFile
    first_row: int  # index in the file of the task's first row
    rows: int | None  # known up front for Parquet and Arrow files
    row_groups: tuple[int, ...] = ()  # parquet
    record_batches: tuple[int, ...] = ()  # arrow_file
    byte_range: tuple[int, int] | None = None  # jsonl


@dataclass(frozen=True, slots=True)
class BadRow:
    """An input row that could not be decoded; it gets a `dropped` audit record."""

    row_index: int
    # A short code, never raw content: invalid_utf8, invalid_json, not_an_object, empty_line,
    # bad_types (values that don't fit the planned schema), invalid_value (corrupt Arrow data).
    error: str


@dataclass(slots=True)
class SourceBatch:
    """Decoded rows plus their row indices in the file, and rows that failed to decode."""

    batch: pa.RecordBatch
    row_indices: list[int]
    bad_rows: list[BadRow] = field(default_factory=list)


# -- discovery ----------------------------------------------------------------------------


def discover_inputs(paths: Sequence[str | os.PathLike[str]]) -> list[InputFile]:
    """Expand the user's INPUT arguments into a sorted, de-duplicated list of files."""
    if not paths:
        raise InputError("no input given")
    found: list[InputFile] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input not found: {path}")
        if path.is_dir():
            found.extend(_discover_dir(path))
        else:
            found.append(InputFile(path, _sniff_format(path), str(path)))
    seen: set[Path] = set()
    unique: list[InputFile] = []
    for f in found:
        key = f.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    if not unique:
        raise InputError("no readable input files found in " + ", ".join(str(p) for p in paths))
    return unique


def _discover_dir(path: Path) -> list[InputFile]:
    if (path / "dataset_dict.json").exists():
        raise InputError(f"{path} is a DatasetDict; pass one split directory, e.g. {path}/train")
    state = path / "state.json"
    if state.exists():  # a `datasets` save_to_disk directory
        try:
            files = [entry["filename"] for entry in json.loads(state.read_text())["_data_files"]]
        except (OSError, ValueError, KeyError, TypeError):
            raise InputError(f"{state} is not a valid datasets state file") from None
        return [InputFile(path / f, "arrow_stream", str(path / f)) for f in files]
    out: list[InputFile] = []
    for child in sorted(path.rglob("*")):
        if not child.is_file() or any(part.startswith((".", "_")) for part in child.relative_to(path).parts):
            continue
        suffix = child.suffix.lower()
        if suffix in _PARQUET_SUFFIXES + _ARROW_SUFFIXES + _JSONL_SUFFIXES:
            out.append(InputFile(child, _sniff_format(child), str(child)))
    return out


def _sniff_format(path: Path) -> Format:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1") or suffix in _PARQUET_SUFFIXES:
        return "parquet"
    if head.startswith(_ARROW_FILE_MAGIC):
        return "arrow_file"
    if suffix in _ARROW_SUFFIXES:
        return "arrow_stream"
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    raise InputError(f"{path}: unknown input format (expected Parquet, Arrow IPC/Feather or JSON Lines)")


# -- schema ---------------------------------------------------------------------------------


def read_schema(f: InputFile) -> pa.Schema:
    """The file's Arrow schema, read from metadata (or inferred from the first JSONL rows)."""
    try:
        if f.format == "parquet":
            return pq.ParquetFile(f.path).schema_arrow
        if f.format == "arrow_file":
            with ipc.open_file(f.path) as reader:
                return reader.schema
        if f.format == "arrow_stream":
            with ipc.open_stream(f.path) as reader:
                return reader.schema
        return _infer_jsonl_schema(f.path)
    except _READ_ERRORS as exc:
        raise InputError(f"{f.name}: cannot read {f.format} input ({_short(exc)})") from None


def _infer_jsonl_schema(path: Path, sample_rows: int = 2000) -> pa.Schema:
    rows: list[dict[str, object]] = []
    with path.open("rb") as fh:
        for line in fh:
            obj = _decode_line(line)
            if isinstance(obj, dict):
                rows.append(obj)
            if len(rows) >= sample_rows:
                break
    if not rows:
        raise InputError(f"{path}: no valid JSON object lines")
    try:
        return pa.Table.from_pylist(rows).schema
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    # A few lines disagree with the others (a string where the rest have booleans): take the
    # type most lines agree on, so those lines become `bad_types` rows, not a rejected file.
    schema = _vote_schema(rows)
    if schema is None:
        raise InputError(f"{path}: columns have inconsistent types in the first {len(rows)} lines")
    return schema


_CONVERSION_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError)


def _vote_schema(rows: list[dict[str, object]]) -> pa.Schema | None:
    seen: dict[str, Counter[pa.DataType]] = {}
    for row in rows:
        try:
            row_schema = pa.Table.from_pylist([row]).schema
        except _CONVERSION_ERRORS:
            continue  # no type fits this line on its own: it will be a bad row
        for f in row_schema:
            seen.setdefault(f.name, Counter())[f.type] += 1
    fields = []
    for name, types in seen.items():
        ranked = [t for t, _ in types.most_common()]
        # Drop the rarest types until the rest unify (int64 and double do; string and bool don't).
        for keep in range(len(ranked), 0, -1):
            parts = [pa.schema([(name, t)]) for t in ranked[:keep]]
            try:
                unified = pa.unify_schemas(parts, promote_options="permissive")
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                continue
            fields.append(unified.field(name))
            break
    return pa.schema(fields) if fields else None


# Errors a corrupt, truncated or unsupported file can raise while it is read.
_READ_ERRORS = (pa.ArrowException, OSError, EOFError, ValueError)
# Quoted fragments of library messages can hold cell values ("Could not convert 'x'").
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")


def _short(exc: BaseException) -> str:
    """The first line of a library error, without quoted fragments (they may hold data)."""
    text = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = _QUOTED.sub("...", text)
    return text[:160]


# -- planning ---------------------------------------------------------------------------------


def plan_tasks(files: Sequence[InputFile], rows_per_task: int) -> list[ReadTask]:
    """Split every file into tasks of about `rows_per_task` rows, in a deterministic order."""
    tasks: list[ReadTask] = []
    for f in files:
        try:
            if f.format == "parquet":
                tasks.extend(_plan_parquet(f, rows_per_task, len(tasks)))
            elif f.format == "arrow_file":
                tasks.extend(_plan_arrow_file(f, rows_per_task, len(tasks)))
            elif f.format == "arrow_stream":
                tasks.append(ReadTask(len(tasks), f, first_row=0, rows=None))
            else:
                tasks.extend(_plan_jsonl(f, len(tasks)))
        except _READ_ERRORS as exc:
            raise InputError(f"{f.name}: cannot read {f.format} input ({_short(exc)})") from None
    return tasks


def _group(sizes: Sequence[int], target: int) -> Iterator[tuple[list[int], int, int]]:
    """Yield (indices, first_row, rows) groups of consecutive parts of about `target` rows."""
    start, first, acc = 0, 0, 0
    group: list[int] = []
    for i, n in enumerate(sizes):
        group.append(i)
        acc += n
        if acc >= target:
            yield group, first, acc
            start += acc
            first, acc, group = start, 0, []
    if group:
        yield group, first, acc


def _plan_parquet(f: InputFile, target: int, offset: int) -> list[ReadTask]:
    meta = pq.ParquetFile(f.path).metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    return [
        ReadTask(offset + i, f, first_row=first, rows=rows, row_groups=tuple(group))
        for i, (group, first, rows) in enumerate(_group(sizes, target))
    ]


def _plan_arrow_file(f: InputFile, target: int, offset: int) -> list[ReadTask]:
    with ipc.open_file(f.path) as reader:
        sizes = [reader.get_batch(i).num_rows for i in range(reader.num_record_batches)]
    return [
        ReadTask(offset + i, f, first_row=first, rows=rows, record_batches=tuple(group))
        for i, (group, first, rows) in enumerate(_group(sizes, target))
    ]


def _plan_jsonl(f: InputFile, offset: int, chunk: int = JSONL_CHUNK_BYTES) -> list[ReadTask]:
    """Byte ranges ending on newlines; counting lines per range gives each one's first row."""
    size = f.size()
    tasks: list[ReadTask] = []
    start, first_row = 0, 0
    with f.path.open("rb") as fh:
        while start < size:
            fh.seek(min(start + chunk, size))
            fh.readline()  # move to the end of the line that straddles the boundary
            end = min(fh.tell(), size) if start + chunk < size else size
            fh.seek(start)
            lines = _count_lines(fh, end - start)
            tasks.append(ReadTask(offset + len(tasks), f, first_row, lines, byte_range=(start, end)))
            first_row += lines
            start = end
    return tasks


def _count_lines(fh: object, length: int) -> int:
    read = fh.read  # type: ignore[attr-defined]
    count, remaining, last = 0, length, b"\n"
    while remaining > 0:
        block = read(min(remaining, 1 << 22))
        if not block:
            break
        count += block.count(b"\n")
        remaining -= len(block)
        last = block[-1:]
    return count + (0 if last == b"\n" else 1)


# -- reading ------------------------------------------------------------------------------------


def read_task(
    task: ReadTask,
    batch_size: int,
    schema: pa.Schema | None = None,
    columns: Sequence[str] | None = None,
) -> Iterator[SourceBatch]:
    """Stream a task's rows as record batches of at most `batch_size` rows.

    `columns` reads only those columns (those the file lacks are left out). A row whose
    values are not valid (e.g. invalid UTF-8 in a Parquet string) becomes a `BadRow`; a file
    that cannot be decoded at all raises `InputError` naming it, never a value.
    """
    f = task.file
    try:
        if f.format == "parquet":
            batches = _read_parquet(task, batch_size, columns)
        elif f.format == "arrow_file":
            batches = _read_arrow_file(task, batch_size, columns)
        elif f.format == "arrow_stream":
            batches = _read_arrow_stream(task, batch_size, columns)
        else:
            full = schema or read_schema(f)
            if columns is not None:
                full = pa.schema([fld for fld in full if fld.name in set(columns)])
            yield from _read_jsonl(task, batch_size, full)
            return
        yield from (_valid_rows(sb) for sb in batches)
    except _READ_ERRORS as exc:
        raise InputError(f"{f.name}: corrupt or truncated {f.format} input ({_short(exc)})") from None


def _numbered(batches: Iterator[pa.RecordBatch], first_row: int) -> Iterator[SourceBatch]:
    row = first_row
    for b in batches:
        if b.num_rows:
            yield SourceBatch(b, list(range(row, row + b.num_rows)))
            row += b.num_rows


def _valid_rows(sb: SourceBatch) -> SourceBatch:
    """Set aside rows whose values Arrow did not validate on read (invalid UTF-8 strings).

    Parquet and Arrow IPC readers don't check string contents; such a row would later fail
    deep in a step (or crash a worker), so it is dropped here with a precise code.
    """
    try:
        sb.batch.validate(full=True)
        return sb
    except pa.ArrowInvalid:
        pass
    keep: list[int] = []
    bad: list[BadRow] = list(sb.bad_rows)
    for pos, row in enumerate(sb.row_indices):
        try:
            sb.batch.slice(pos, 1).validate(full=True)
        except pa.ArrowInvalid as exc:
            code = "invalid_utf8" if "utf8" in str(exc).lower() else "invalid_value"
            bad.append(BadRow(row, code))
        else:
            keep.append(pos)
    batch = sb.batch.take(pa.array(keep, pa.int64()))
    rows = [sb.row_indices[p] for p in keep]
    return SourceBatch(batch, rows, sorted(bad, key=lambda b: b.row_index))


Columns = Sequence[str] | None  # a column projection; None reads them all
Batches = Iterator[pa.RecordBatch]


def _present(schema: pa.Schema, columns: Columns) -> list[str] | None:
    if columns is None:
        return None
    return [c for c in columns if schema.get_field_index(c) >= 0]


def _read_parquet(task: ReadTask, batch_size: int, columns: Columns) -> Iterator[SourceBatch]:
    # Page checksums, when the writer stored them, turn silent bit rot into a clear error.
    pf = pq.ParquetFile(task.file.path, page_checksum_verification=True)
    batches = pf.iter_batches(
        batch_size=batch_size,
        row_groups=list(task.row_groups),
        columns=_present(pf.schema_arrow, columns),
    )
    yield from _numbered(batches, task.first_row)


def _project(batches: Iterator[pa.RecordBatch], columns: list[str] | None) -> Batches:
    return batches if columns is None else (batch.select(columns) for batch in batches)


def _rebatch(batches: Iterator[pa.RecordBatch], batch_size: int) -> Iterator[pa.RecordBatch]:
    for b in batches:
        for start in range(0, b.num_rows, batch_size):
            yield b.slice(start, batch_size)


def _read_arrow_file(task: ReadTask, batch_size: int, columns: Columns) -> Iterator[SourceBatch]:
    with ipc.open_file(task.file.path) as reader:
        batches = (reader.get_batch(i) for i in task.record_batches)
        projected = _project(batches, _present(reader.schema, columns))
        yield from _numbered(_rebatch(projected, batch_size), task.first_row)


def _read_arrow_stream(task: ReadTask, batch_size: int, columns: Columns) -> Iterator[SourceBatch]:
    with ipc.open_stream(task.file.path) as reader:
        projected = _project(iter(reader), _present(reader.schema, columns))
        yield from _numbered(_rebatch(projected, batch_size), task.first_row)


def _decode_line(line: bytes) -> object:
    """Parse one JSONL line; returns a BadRow error code string on failure."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return "invalid_utf8"
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return "invalid_json"
    if b"\\u" in line and _has_lone_surrogate(obj):
        return "invalid_utf8"  # e.g. "\ud800": valid JSON, but not encodable text
    return obj


def _has_lone_surrogate(obj: object) -> bool:
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _read_jsonl(task: ReadTask, batch_size: int, schema: pa.Schema) -> Iterator[SourceBatch]:
    assert task.byte_range is not None
    start, end = task.byte_range
    rows: list[dict[str, object]] = []
    indices: list[int] = []
    bad: list[BadRow] = []
    row = task.first_row
    with task.file.path.open("rb") as fh:
        fh.seek(start)
        while fh.tell() < end:
            line = fh.readline()
            if not line:
                break
            if line.strip():
                obj = _decode_line(line)
                if isinstance(obj, dict):
                    rows.append(obj)
                    indices.append(row)
                else:
                    bad.append(BadRow(row, obj if isinstance(obj, str) else "not_an_object"))
            else:
                bad.append(BadRow(row, "empty_line"))
            row += 1
            if len(rows) >= batch_size:
                yield _to_batch(rows, indices, bad, schema)
                rows, indices, bad = [], [], []
    if rows or bad:
        yield _to_batch(rows, indices, bad, schema)


def _from_rows(rows: list[dict[str, object]], schema: pa.Schema) -> pa.RecordBatch:
    if not len(schema):  # a projection onto no column: the rows still count
        return pa.record_batch([pa.nulls(len(rows))], names=["_"]).select([])
    return pa.RecordBatch.from_pylist(rows, schema=schema)


def _to_batch(rows: list[dict[str, object]], indices: list[int], bad: list[BadRow], schema: pa.Schema) -> SourceBatch:
    """Build a batch with the planned schema; rows whose values don't fit become BadRows."""
    try:
        return SourceBatch(_from_rows(rows, schema), indices, bad)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        pass
    good_rows: list[dict[str, object]] = []
    good_idx: list[int] = []
    for obj, idx in zip(rows, indices, strict=True):
        try:
            pa.RecordBatch.from_pylist([obj], schema=schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            bad.append(BadRow(idx, "bad_types"))
        else:
            good_rows.append(obj)
            good_idx.append(idx)
    bad.sort(key=lambda b: b.row_index)
    return SourceBatch(_from_rows(good_rows, schema), good_idx, bad)
