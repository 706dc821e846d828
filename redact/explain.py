"""`redact explain`: why a row was dropped, or what was found in it, from the audit log.

The audit holds no raw value, only entity types, offsets, scores and recognizers, so an
explanation is safe to share. Values are shown only when asked (`show_values`) and only
read from the original input, which must be the very file the run read (its content hash
is checked against the manifest): offsets into another file would point at other text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from redact import audit as A
from redact.consent import (
    CONSENT_MISSING,
    KIND_UNKNOWN,
    OPTED_OUT,
    PRIVATE_MESSAGE,
    REGION_EXCLUDED,
    REGION_UNKNOWN,
)
from redact.errors import InputError, RedactError
from redact.forget import FORGET_REQUEST, LEDGER, finish_interrupted, read_manifest, shard_pairs
from redact.io.readers import InputFile, discover_inputs, plan_tasks, read_schema, read_task
from redact.io.writers import file_sha256
from redact.progress import printable

READ_ROWS_PER_TASK = 20_000
READ_BATCH_SIZE = 1024

REASONS: dict[str, str] = {
    CONSENT_MISSING: "the member's opt-out state is unknown (null and not in the ledger)",
    OPTED_OUT: "the member opted out of AI training",
    REGION_UNKNOWN: "the account's country is missing or malformed",
    REGION_EXCLUDED: "the account's country is in an excluded region",
    PRIVATE_MESSAGE: "a private message without an explicit opt-in",
    KIND_UNKNOWN: "the kind of content is not one the policy allows",
    FORGET_REQUEST: "removed from the output on request (redact forget --member)",
    LEDGER: "removed from the output: the member's ledger entry opts out (redact forget --ledger)",
}


def describe_reason(reason: str) -> str:
    """One plain sentence for a reason code."""
    if reason in REASONS:
        return REASONS[reason]
    kind, _, what = reason.partition(":")
    if kind == "pii":
        return f"the policy drops rows containing {what} (operator drop_row)"
    if kind == "error":
        return f"dropped to fail closed: {what.replace('_', ' ')} failed on this row"
    return reason


def describe(action: str, reason: str | None) -> str:
    """Why the row ended as it did, in one sentence."""
    if reason is not None:
        return describe_reason(reason)
    if action == A.REDACTED:
        return "consent allows the row; the personal data found in it was redacted"
    if action == A.KEPT:
        return "consent allows the row and no personal data was found in it"
    return action


@dataclass(frozen=True)
class EntityView:
    type: str
    column: str
    start: int
    end: int
    score: float
    recognizer: str
    value: str | None = None  # only with show_values


@dataclass(frozen=True)
class Explanation:
    row_id: str | None
    source: str
    audit_file: str
    user_key: str | None
    action: str
    reason: str | None
    why: str
    entities: tuple[EntityView, ...] = ()
    forgotten: str | None = None  # the reason of its `forgotten` record, if removed since
    values_shown: bool = field(default=False)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["entities"] = [{k: v for k, v in e.items() if k != "value" or self.values_shown} for e in d["entities"]]
        return d


def explain(out: Path, row_id: str, *, show_values: bool = False, input_path: Path | None = None) -> list[Explanation]:
    """Every audit row with this row id (ids need not be unique), in shard order."""
    out = Path(out)
    if show_values and input_path is None:
        raise RedactError("--show-values needs --input PATH, the input the run read")
    finish_interrupted(out)
    manifest = read_manifest(out)
    found: list[Explanation] = []
    for _data_info, audit_info in shard_pairs(manifest, out):
        rel = audit_info["path"]
        table = pq.read_table(out / rel, filters=pc.field("row_id") == row_id)
        rows = table.to_pylist()
        forgotten = {r["source"]: r["reason"] for r in rows if r["action"] == A.FORGOTTEN}
        for r in rows:
            if r["action"] == A.FORGOTTEN:
                continue
            entities = tuple(EntityView(**e) for e in r["entities"] or [])
            found.append(
                Explanation(
                    row_id=r["row_id"],
                    source=r["source"],
                    audit_file=rel,
                    user_key=r["user_key"],
                    action=r["action"],
                    reason=r["reason"],
                    why=describe(r["action"], r["reason"]),
                    entities=entities,
                    forgotten=forgotten.get(r["source"]),
                )
            )
    if not found:
        raise InputError(f"no row with row_id {printable(row_id)!r} in {out}")
    if show_values:
        assert input_path is not None
        found = [_with_values(e, manifest, input_path) for e in found]
    return found


# -- values, read back from the input -----------------------------------------------------------


def _with_values(e: Explanation, manifest: Mapping[str, Any], input_path: Path) -> Explanation:
    if not e.entities:
        return replace(e, values_shown=True)
    name, _, index = e.source.rpartition(":")
    if not index.isdigit():
        raise InputError(f"audit source {printable(e.source)!r} does not name a file row")
    row = read_input_row(_input_file(input_path, name, manifest), int(index))
    entities = []
    for ent in e.entities:
        text = row.get(ent.column) if row is not None else None
        value = text[ent.start : ent.end] if isinstance(text, str) and ent.end <= len(text) else None
        entities.append(replace(ent, value=value))
    return replace(e, entities=tuple(entities), values_shown=True)


def _input_file(input_path: Path, name: str, manifest: Mapping[str, Any]) -> InputFile:
    """The file of `input_path` that the run knew as `name`, checked by content hash."""
    files = discover_inputs([input_path])
    exact = [f for f in files if f.name == name or f.path.resolve() == Path(name).resolve()]
    same_name = [f for f in files if f.path.name == Path(name).name]
    candidates = exact or same_name or (files if len(files) == 1 else [])
    if len(candidates) != 1:
        raise InputError(f"{input_path}: cannot tell which file is the run's input {printable(name)!r}")
    chosen = candidates[0]
    inputs = [i for i in manifest.get("inputs") or [] if isinstance(i, Mapping) and i.get("path") == name]
    expected = inputs[0].get("sha256") if inputs else None
    if not expected:
        raise InputError(f"the manifest does not list the input {printable(name)!r}")
    if file_sha256(chosen.path) != expected:
        raise InputError(f"{chosen.path} is not the file the run read (its content hash differs)")
    return chosen


def read_input_row(f: InputFile, index: int) -> dict[str, Any] | None:
    """Row `index` of the file, or None when it could not be decoded (a bad JSONL line)."""
    schema = read_schema(f)
    for task in plan_tasks([f], READ_ROWS_PER_TASK):
        if task.rows is not None and not task.first_row <= index < task.first_row + task.rows:
            continue
        for sb in read_task(task, READ_BATCH_SIZE, schema):
            if sb.row_indices and sb.row_indices[0] <= index <= sb.row_indices[-1]:
                if index in sb.row_indices:
                    return dict(sb.batch.slice(sb.row_indices.index(index), 1).to_pylist()[0])
                return None
            if any(b.row_index == index for b in sb.bad_rows):
                return None
    raise InputError(f"{f.name} has no row {index}: is it the file the run read?")


# -- text ------------------------------------------------------------------------------------------


def format_explanation(e: Explanation) -> str:
    lines = [
        f"row_id:    {printable(str(e.row_id))}",
        f"source:    {printable(e.source)}",
        f"audit:     {printable(e.audit_file)}",
        f"user_key:  {e.user_key or '-'}",
        f"decision:  {e.action}",
        f"reason:    {printable(e.reason) if e.reason else '-'}",
        f"why:       {printable(e.why)}",
    ]
    if e.forgotten is not None:
        lines.append(f"forgotten: yes, {printable(describe_reason(e.forgotten))}")
    if not e.entities:
        lines.append("entities:  none")
        return "\n".join(lines) + "\n"
    lines.append(f"entities:  {len(e.entities)}")
    header = ["type", "column", "start", "end", "score", "recognizer"]
    rows = [
        [x.type, x.column, str(x.start), str(x.end), f"{x.score:.2f}", x.recognizer]
        + ([_shown(x.value)] if e.values_shown else [])
        for x in e.entities
    ]
    if e.values_shown:
        header.append("value")
    lines += ["  " + line for line in _table(header, rows, numeric={2, 3, 4})]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    cells = [header, *[[printable(c) for c in r] for r in rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    return [
        "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in cells
    ]


def _shown(value: str | None) -> str:
    return "<unavailable>" if value is None else repr(value)
