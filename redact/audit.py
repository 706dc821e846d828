"""The audit record: exactly one row per input row, and never a raw value.

Entities carry type, column, offsets into the original text, score and recognizer: enough
to prove what happened to a row (and to re-derive the values from the input, when a person
authorized to see it asks), but nothing readable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from redact.records import Span

KEPT = "kept"
REDACTED = "redacted"
DROPPED = "dropped"
FORGOTTEN = "forgotten"
ACTIONS = (KEPT, REDACTED, DROPPED, FORGOTTEN)

ENTITY_TYPE = pa.struct(
    [
        pa.field("type", pa.string()),
        pa.field("column", pa.string()),
        pa.field("start", pa.int64()),
        pa.field("end", pa.int64()),
        pa.field("score", pa.float64()),
        pa.field("recognizer", pa.string()),
    ]
)

AUDIT_SCHEMA = pa.schema(
    [
        pa.field("row_id", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        pa.field("user_key", pa.string()),
        pa.field("action", pa.string(), nullable=False),
        pa.field("reason", pa.string()),
        pa.field("entities", pa.list_(ENTITY_TYPE)),
        pa.field("policy_sha256", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)


def entity_record(span: Span, column: str) -> dict[str, Any]:
    return {
        "type": span.entity_type,
        "column": column,
        "start": span.start,
        "end": span.end,
        "score": span.score,
        "recognizer": span.recognizer,
    }


@dataclass(slots=True)
class AuditRow:
    row_index: int
    row_id: str | None
    source: str
    user_key: str | None
    action: str
    reason: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)


def audit_batch(rows: list[AuditRow], policy_sha256: str, run_id: str) -> pa.RecordBatch:
    rows = sorted(rows, key=lambda r: r.row_index)
    n = len(rows)
    return pa.RecordBatch.from_arrays(
        [
            pa.array([r.row_id for r in rows], pa.string()),
            pa.array([r.source for r in rows], pa.string()),
            pa.array([r.user_key for r in rows], pa.string()),
            pa.array([r.action for r in rows], pa.string()),
            pa.array([r.reason for r in rows], pa.string()),
            pa.array([r.entities for r in rows], pa.list_(ENTITY_TYPE)),
            pa.array([policy_sha256] * n, pa.string()),
            pa.array([run_id] * n, pa.string()),
        ],
        schema=AUDIT_SCHEMA,
    )
