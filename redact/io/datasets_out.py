"""`redact run --format datasets`: OUT/data as a `datasets` `save_to_disk` directory.

The engines always write Parquet shards; once they are all done, each becomes one
`data-NNNNN-of-NNNNN.arrow` file (Arrow stream with the `datasets` features in its metadata,
written by `datasets`' own writer), and `state.json` / `dataset_info.json` are added, so
`datasets.load_from_disk("OUT/data")` opens the output without copying it. Shard i holds
the rows of task i, as with Parquet, and the manifest lists the `.arrow` files.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from redact.errors import RedactError
from redact.io.writers import DATA_DIR, file_sha256
from redact.pipeline import ShardResult

STATE_FILE = "state.json"
INFO_FILE = "dataset_info.json"
_READ_BATCH_ROWS = 8192


def shard_name(index: int, total: int) -> str:
    return f"data-{index:05d}-of-{total:05d}.arrow"


def write_save_to_disk(
    work_dir: Path, results: list[ShardResult], schema: pa.Schema, fingerprint: str
) -> list[ShardResult]:
    """Convert the data shards under `work_dir/data` in place; returns the updated results.

    `results` must be ordered by task index; `fingerprint` becomes the dataset's fingerprint.
    """
    try:
        from datasets import DatasetInfo, Features
        from datasets.arrow_writer import ArrowWriter
        from datasets.utils.py_utils import asdict
    except ImportError:
        raise RedactError("--format datasets needs the datasets package: pip install 'redact[hf]'") from None
    features = Features.from_arrow_schema(schema)
    data_dir = work_dir / DATA_DIR
    converted: list[ShardResult] = []
    files = [shard_name(i, len(results)) for i in range(len(results))]
    if not results:  # no input rows: one empty shard, so that the dataset still loads
        files = [shard_name(0, 1)]
        _write_arrow(ArrowWriter(features=features, path=str(data_dir / files[0])), None)
    for i, result in enumerate(results):
        name = shard_name(i, len(results))
        target = data_dir / name
        tmp = target.with_name(name + ".inprogress")
        rows = _write_arrow(ArrowWriter(features=features, path=str(tmp)), work_dir / result.data["path"])
        os.replace(tmp, target)
        (work_dir / result.data["path"]).unlink()
        info = {"path": f"{DATA_DIR}/{name}", "rows": rows, "bytes": target.stat().st_size,
                "sha256": file_sha256(target)}  # fmt: skip
        converted.append(replace(result, data=info))
    state: dict[str, Any] = {
        "_data_files": [{"filename": name} for name in files],
        "_fingerprint": fingerprint,
        "_format_columns": None,
        "_format_kwargs": {},
        "_format_type": None,
        "_output_all_columns": False,
        "_split": None,
    }
    _write_json(data_dir / STATE_FILE, state, sort_keys=True)
    dataset_info = asdict(DatasetInfo(features=features))
    # Like save_to_disk: sort the top level only; nested features keep the column order.
    _write_json(data_dir / INFO_FILE, {k: dataset_info[k] for k in sorted(dataset_info)}, sort_keys=False)
    return converted


def _write_arrow(writer: Any, parquet_path: Path | None) -> int:
    """Stream a Parquet shard (or nothing) through a `datasets` ArrowWriter; returns rows."""
    try:
        if parquet_path is not None:
            for batch in pq.ParquetFile(parquet_path).iter_batches(batch_size=_READ_BATCH_ROWS):
                writer.write_table(pa.Table.from_batches([batch]))
        rows, _ = writer.finalize()
    finally:
        writer.close()
    return int(rows)


def _write_json(path: Path, payload: Any, *, sort_keys: bool) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=2, sort_keys=sort_keys)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
