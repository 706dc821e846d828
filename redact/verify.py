"""`redact verify`: re-check a written output against its manifest.

What is checked, each mismatch reported as one line that names a file or a count, never a
value from the data:

- files: every data and audit shard the manifest lists exists, inside the output, with the
  listed size, SHA-256 and row count; no unlisted file sits in `data/` or `audit/`;
- the audit: every shard carries the manifest's run id and policy hash; its counts by
  action and by reason equal the manifest's; each input row has exactly one record (for
  every input file, the row indices in `source` are exactly 0..rows-1, none twice);
- row accounting: rows in = kept + redacted + dropped = the inputs' rows; each data shard
  holds as many rows as its audit shard has live records (kept or redacted, not forgotten).
  `redact forget` appends `forgotten` records, so audit rows = rows in + forgotten.
- with `check_inputs`, the inputs still at their recorded paths hash as recorded.

A tamperer who rewrites a file *and* its hash in the manifest consistently is not caught:
the manifest is not signed. The checks catch corruption, truncation, accidental edits,
lost or extra shards, and any edit that breaks the accounting.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from redact import audit as A
from redact.errors import InputError
from redact.io.writers import AUDIT_DIR, DATA_DIR, MANIFEST, file_sha256
from redact.keys import SecretKey
from redact.signing import SIGNATURE
from redact.signing import check as check_signature

FORGET_JOURNAL = "_forget.journal.json"  # see redact/forget.py
STATE_FILE, INFO_FILE = "state.json", "dataset_info.json"  # see redact/io/datasets_out.py
_SOURCE = r"^(?P<file>.*):(?P<row>\d+)$"


@dataclass
class Verification:
    out: Path
    files_checked: int = 0
    rows_in: int = 0
    by_action: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # "ok", "none" (a run without a key signs nothing) or "not checked" (no key given).
    signature: str = "not checked"

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        a = self.by_action
        line = (
            f"{self.out}: {self.files_checked} files match the manifest; {self.rows_in} rows in = "
            f"{a.get(A.KEPT, 0)} kept + {a.get(A.REDACTED, 0)} redacted + "
            f"{a.get(A.DROPPED, 0)} dropped"
        )
        if a.get(A.FORGOTTEN):
            line += f"; {a[A.FORGOTTEN]} forgotten since"
        return line + ("; no signature" if self.signature == "none" else f"; signature {self.signature}")


def verify_output(out: Path, *, check_inputs: bool = False, key: SecretKey | None = None) -> Verification:
    """Every problem found in `out`; raises `InputError` only when `out` is no directory.

    With `key`, the manifest's signature is checked too (`redact.signing`).
    """
    out = Path(out)
    if not out.is_dir():
        raise InputError(f"output not found: {out}")
    v = Verification(out)
    manifest = _read_manifest(out, v)
    if manifest is None:
        return v
    checked, problems = check_signature(manifest, key)
    v.problems += problems
    if SIGNATURE not in manifest:
        v.signature = "none"
    elif checked and not problems:
        v.signature = "ok"
    if (out / FORGET_JOURNAL).exists():
        v.problems.append(
            "an interrupted `redact forget` is pending: run `redact forget` again to finish it"
        )
    data, audit = manifest["outputs"]["data"], manifest["outputs"]["audit"]
    if len(data) != len(audit):
        v.problems.append(
            f"the manifest lists {len(data)} data shards but {len(audit)} audit shards"
        )
    listed = [_check_file(out, entry, v) for entry in [*data, *audit]]
    datasets_dir = manifest.get("data_format") == "datasets"
    _check_unlisted(out, {p for p in listed if p is not None}, v, datasets_dir)
    if datasets_dir:
        _check_datasets_state(out, data, v)
    tally = _Tally()
    for d, a in zip(data, audit, strict=False):
        _check_shard(out, d, a, manifest, tally, v)
    _check_accounting(manifest, tally, v)
    if check_inputs:
        _check_inputs(manifest, v)
    return v


# -- the manifest -------------------------------------------------------------------------------


def _read_manifest(out: Path, v: Verification) -> dict[str, Any] | None:
    path = out / MANIFEST
    if not path.is_file():
        v.problems.append(f"no {MANIFEST}: not a redact output, or an incomplete one")
        return None
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        v.problems.append(f"{MANIFEST} is not valid JSON")
        return None
    problem = _manifest_shape_problem(manifest)
    if problem:
        v.problems.append(f"{MANIFEST}: {problem}")
        return None
    return dict(manifest)


def _manifest_shape_problem(m: Any) -> str | None:
    if not isinstance(m, dict):
        return "not a JSON object"
    outputs = m.get("outputs")
    if not isinstance(outputs, dict):
        return "no outputs section"
    for kind in ("data", "audit"):
        entries = outputs.get(kind)
        if not isinstance(entries, list):
            return f"outputs.{kind} is not a list"
        for i, e in enumerate(entries):
            if not isinstance(e, dict) or not isinstance(e.get("path"), str):
                return f"outputs.{kind}[{i}] has no path"
            for key in ("rows", "bytes"):
                if not _is_count(e.get(key)):
                    return f"outputs.{kind}[{i}].{key} is not a count"
            if not isinstance(e.get("sha256"), str):
                return f"outputs.{kind}[{i}] has no sha256"
    counts = m.get("counts")
    if not isinstance(counts, dict) or not isinstance(counts.get("by_action"), dict):
        return "no counts.by_action section"
    for key in ("run_id", "policy_sha256"):
        if not isinstance(m.get(key), str):
            return f"no {key}"
    return None


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# -- files --------------------------------------------------------------------------------------


def _safe_relative(path: str) -> bool:
    p = PurePosixPath(path)
    return (
        not p.is_absolute()
        and ".." not in p.parts
        and len(p.parts) == 2
        and p.parts[0] in (DATA_DIR, AUDIT_DIR)
    )


def _check_file(out: Path, entry: Mapping[str, Any], v: Verification) -> str | None:
    """Check one listed shard; returns its relative path when it is a safe one."""
    rel = entry["path"]
    if not _safe_relative(rel):
        v.problems.append(f"the manifest lists a path outside data/ and audit/: {rel!r}")
        return None
    path = out / rel
    if not path.is_file():
        v.problems.append(f"{rel}: missing")
        return rel
    v.files_checked += 1
    size = path.stat().st_size
    if size != entry["bytes"]:
        v.problems.append(f"{rel}: {size} bytes, the manifest says {entry['bytes']}")
    elif file_sha256(path) != entry["sha256"]:
        v.problems.append(f"{rel}: content does not match its SHA-256 in the manifest")
    rows = _shard_rows(path)
    if rows is None:
        v.problems.append(
            f"{rel}: not a readable {'Arrow' if path.suffix == '.arrow' else 'Parquet'} file"
        )
    elif rows != entry["rows"]:
        v.problems.append(f"{rel}: {rows} rows, the manifest says {entry['rows']}")
    return rel


def _shard_rows(path: Path) -> int | None:
    """Rows of a Parquet shard, or of an Arrow stream shard (`--format datasets`)."""
    try:
        if path.suffix == ".arrow":
            with ipc.open_stream(path) as reader:
                return sum(batch.num_rows for batch in reader)
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (pa.ArrowException, OSError, ValueError):
        return None


def _check_unlisted(out: Path, listed: set[str], v: Verification, datasets_dir: bool) -> None:
    # A `datasets` save_to_disk directory also holds its two metadata files.
    allowed = {f"{DATA_DIR}/{STATE_FILE}", f"{DATA_DIR}/{INFO_FILE}"} if datasets_dir else set()
    for sub in (DATA_DIR, AUDIT_DIR):
        folder = out / sub
        if not folder.is_dir():
            continue
        for child in sorted(folder.rglob("*")):
            rel = child.relative_to(out).as_posix()
            if child.is_file() and rel not in listed and rel not in allowed:
                v.problems.append(f"{rel}: not listed in the manifest")


def _check_datasets_state(out: Path, data: list[dict[str, Any]], v: Verification) -> None:
    """`datasets.load_from_disk` reads the files `state.json` names: the listed ones, exactly."""
    try:
        state = json.loads((out / DATA_DIR / STATE_FILE).read_text("utf-8"))
        named = [f"{DATA_DIR}/{entry['filename']}" for entry in state["_data_files"]]
    except (OSError, ValueError, KeyError, TypeError):
        v.problems.append(f"{DATA_DIR}/{STATE_FILE}: missing or unreadable")
        return
    if named != [e["path"] for e in data]:
        v.problems.append(f"{DATA_DIR}/{STATE_FILE}: names other data files than the manifest")


# -- the audit and the row accounting -------------------------------------------------------


@dataclass
class _Tally:
    audit_rows: int = 0
    data_rows: int = 0
    by_action: Counter[str] = field(default_factory=Counter)
    by_reason: Counter[str] = field(default_factory=Counter)  # of the run's records (not forgotten)
    rows_by_file: dict[str, list[pa.Array]] = field(default_factory=dict)
    readable: bool = True


def _check_shard(
    out: Path,
    data: Mapping[str, Any],
    audit: Mapping[str, Any],
    manifest: Mapping[str, Any],
    tally: _Tally,
    v: Verification,
) -> None:
    rel = audit["path"]
    table = _read_audit(out, rel, v) if _safe_relative(rel) else None
    data_rows = _shard_rows(out / data["path"]) if _safe_relative(data["path"]) else None
    if table is None or data_rows is None:
        tally.readable = False
        return
    tally.audit_rows += table.num_rows
    tally.data_rows += data_rows
    for key in ("run_id", "policy_sha256"):
        found = set(pc.unique(table[key]).to_pylist())
        if found - {manifest[key]}:
            v.problems.append(f"{rel}: records with another {key} than the manifest's")
    action, source = table["action"], table["source"]
    tally.by_action.update(_value_counts(action))
    is_forgotten = pc.equal(action, A.FORGOTTEN)
    run_rows = table.filter(pc.invert(is_forgotten))
    tally.by_reason.update(_value_counts(run_rows["reason"]))
    forgotten = pc.filter(source, is_forgotten)
    live = pc.is_in(run_rows["action"], value_set=pa.array([A.KEPT, A.REDACTED]))
    live_sources = pc.filter(run_rows["source"], live)
    if len(forgotten):
        if pc.count_distinct(forgotten).as_py() != len(forgotten):
            v.problems.append(f"{rel}: a row is forgotten twice")
        if not pc.all(pc.is_in(forgotten, value_set=pc.unique(live_sources))).as_py():
            v.problems.append(
                f"{rel}: a forgotten record names no kept or redacted row of this shard"
            )
    expected = len(live_sources) - len(forgotten)
    if data_rows != expected:
        v.problems.append(
            f"{data['path']}: {data_rows} rows, but its audit shard has {expected} rows in the data"
        )
    parsed = pc.extract_regex(run_rows["source"].combine_chunks(), _SOURCE)
    if parsed.null_count:
        v.problems.append(f"{rel}: {parsed.null_count} records have a malformed source")
        parsed = parsed.filter(pc.is_valid(parsed))
    files, rows = parsed.field("file"), pc.cast(parsed.field("row"), pa.int64())
    for name in pc.unique(files).to_pylist():
        tally.rows_by_file.setdefault(name, []).append(pc.filter(rows, pc.equal(files, name)))


def _read_audit(out: Path, rel: str, v: Verification) -> pa.Table | None:
    try:
        table = pq.read_table(out / rel)
    except (pa.ArrowException, OSError, ValueError):
        return None  # already reported by the file check
    missing = [f.name for f in A.AUDIT_SCHEMA if f.name not in table.column_names]
    if missing:
        v.problems.append(f"{rel}: not an audit shard (missing {', '.join(missing)})")
        return None
    return table


def _value_counts(arr: pa.ChunkedArray | pa.Array) -> Counter[str]:
    out: Counter[str] = Counter()
    for item in pc.value_counts(arr).to_pylist():
        if item["values"] is not None:
            out[str(item["values"])] += int(item["counts"])
    return out


def _check_accounting(manifest: Mapping[str, Any], t: _Tally, v: Verification) -> None:
    counts = manifest["counts"]
    by_action = {k: n for k, n in counts["by_action"].items() if _is_count(n)}
    kept, redacted = by_action.get(A.KEPT, 0), by_action.get(A.REDACTED, 0)
    dropped, forgotten = by_action.get(A.DROPPED, 0), by_action.get(A.FORGOTTEN, 0)
    rows_in = counts.get("rows_in")
    v.rows_in, v.by_action = rows_in if _is_count(rows_in) else 0, by_action
    if not _is_count(rows_in):
        v.problems.append("counts.rows_in is missing")
    elif kept + redacted + dropped != rows_in:
        v.problems.append(
            f"rows in ({rows_in}) != kept ({kept}) + redacted ({redacted}) + dropped ({dropped})"
        )
    inputs = manifest.get("inputs")
    input_rows = {i.get("path"): i.get("rows") for i in (inputs if isinstance(inputs, list) else [])
                  if isinstance(i, dict)}  # fmt: skip
    input_total = sum(n for n in input_rows.values() if _is_count(n))
    if _is_count(rows_in) and input_total != rows_in:
        v.problems.append(f"the inputs' rows do not add up to rows in ({rows_in})")
    if not t.readable:
        return  # the shard problems are reported; the sums below would only echo them
    if t.audit_rows != (rows_in or 0) + forgotten:
        v.problems.append(
            f"the audit has {t.audit_rows} records; "
            f"expected rows in ({rows_in}) + forgotten ({forgotten})"
        )
    if t.data_rows != kept + redacted - forgotten:
        v.problems.append(
            f"the data has {t.data_rows} rows; "
            f"expected kept ({kept}) + redacted ({redacted}) - forgotten ({forgotten})"
        )
    for action in sorted(set(t.by_action) | set(by_action)):
        if t.by_action.get(action, 0) != by_action.get(action, 0):
            v.problems.append(
                f"the audit has {t.by_action.get(action, 0)} {action!r} records; "
                f"counts.by_action says {by_action.get(action, 0)}"
            )
    by_reason = counts.get("by_reason") if isinstance(counts.get("by_reason"), dict) else {}
    for reason in sorted(set(t.by_reason) | set(by_reason)):
        if t.by_reason.get(reason, 0) != by_reason.get(reason, 0):
            v.problems.append(
                f"the audit has {t.by_reason.get(reason, 0)} records with reason {reason!r}; "
                f"counts.by_reason says {by_reason.get(reason, 0)}"
            )
    _check_one_record_per_row(input_rows, t, v)


def _check_one_record_per_row(input_rows: Mapping[Any, Any], t: _Tally, v: Verification) -> None:
    """For each input file, the audit's row indices are exactly 0..rows-1: none lost or twice."""
    for name in sorted(set(t.rows_by_file) | {k for k in input_rows if isinstance(k, str)}):
        expected = input_rows.get(name)
        parts = t.rows_by_file.get(name, [])
        rows = pa.concat_arrays(parts) if parts else pa.array([], pa.int64())
        if not _is_count(expected):
            v.problems.append(
                f"the audit has {len(rows)} records of {name}, an input the manifest does not list"
            )
            continue
        distinct = pc.count_distinct(rows).as_py() if len(rows) else 0
        if distinct != len(rows):
            v.problems.append(
                f"input {name}: {len(rows) - distinct} rows have more than one audit record"
            )
        in_range = len(rows) == 0 or (pc.min(rows).as_py() >= 0 and pc.max(rows).as_py() < expected)
        if distinct != expected or not in_range:
            v.problems.append(
                f"input {name}: {expected} rows, but audit records for {distinct} of them"
            )


def _check_inputs(manifest: Mapping[str, Any], v: Verification) -> None:
    inputs = manifest.get("inputs")
    for entry in inputs if isinstance(inputs, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        path = Path(entry["path"])
        if not path.is_file():
            v.problems.append(f"input {path}: not found (use it from the directory the run used)")
        elif file_sha256(path) != entry.get("sha256"):
            v.problems.append(f"input {path}: changed since the run (SHA-256 differs)")
