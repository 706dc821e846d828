"""Shard writers and the atomic output directory.

A run writes into a hidden sibling of OUT_DIR (`.OUT_DIR.redact-partial`) and renames it
into place only after the manifest is written, so OUT_DIR never shows a partial output.
Each shard file is itself written to a temporary name and renamed once closed, so a
killed worker leaves no half-written shard that could be mistaken for a complete one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from redact.errors import OutputExistsError, RedactError

DATA_DIR = "data"
AUDIT_DIR = "audit"
PROGRESS_DIR = "_progress"
MANIFEST = "manifest.json"


def file_sha256(path: Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def partial_dir_for(out: Path) -> Path:
    return out.parent / f".{out.name}.redact-partial"


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_json_atomic(path: Path, payload: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=2, sort_keys=True)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class ShardWriter:
    """Streams record batches into one Parquet file, published by rename on close."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self.rows = 0
        self._tmp = path.with_name(path.name + ".inprogress")
        self._writer = pq.ParquetWriter(self._tmp, schema, compression="zstd")

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self._writer.write_batch(batch)
            self.rows += batch.num_rows

    def close(self) -> dict[str, Any]:
        self._writer.close()
        with self._tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self._tmp, self.path)
        return {"rows": self.rows, "bytes": self.path.stat().st_size, "sha256": file_sha256(self.path)}

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()


def prepare_output(out: Path, *, overwrite: bool, resume: bool) -> Path:
    """Check OUT_DIR and return the partial directory to write into."""
    if out.exists() and not overwrite:
        raise OutputExistsError(f"output {out} already exists (use --overwrite to replace it)")
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"output {out} exists and is not a directory")
    partial = partial_dir_for(out)
    if partial.exists() and not resume:
        shutil.rmtree(partial)
    try:
        for sub in (DATA_DIR, AUDIT_DIR, PROGRESS_DIR):
            (partial / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RedactError(f"cannot create output next to {out}: {exc.strerror or exc}") from None
    return partial


def publish(partial: Path, out: Path) -> None:
    """Move the finished partial directory into place, replacing an old output if any."""
    shutil.rmtree(partial / PROGRESS_DIR, ignore_errors=True)
    fsync_dir(partial)
    if out.exists():
        trash = out.parent / f".{out.name}.redact-old"
        shutil.rmtree(trash, ignore_errors=True)
        os.replace(out, trash)
        os.replace(partial, out)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(partial, out)
    fsync_dir(out.parent)
