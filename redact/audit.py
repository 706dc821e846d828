"""The audit record: exactly one row per input row, and never a raw value.

Entities carry type, column, offsets into the original text, score and recognizer: enough
to prove what happened to a row (and to re-derive the values from the input, when a person
authorized to see it asks), but nothing readable on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

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


@dataclass(slots=True)
class AuditColumns(Sequence[AuditRow]):
    """The audit rows of one batch held column by column.

    The pipeline fills these lists directly, which costs far less than one `AuditRow` and
    one dict per entity for every input row; it still reads as a sequence of `AuditRow`s
    for callers that want them. Entities are flat: row `i` owns the entries from
    `entity_offsets[i]` to `entity_offsets[i + 1]` (the layout of an Arrow list array).
    """

    row_index: list[int] = field(default_factory=list)
    row_id: list[str | None] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    user_key: list[str | None] = field(default_factory=list)
    action: list[str] = field(default_factory=list)
    reason: list[str | None] = field(default_factory=list)
    entity_offsets: list[int] = field(default_factory=lambda: [0])
    entity_type: list[str] = field(default_factory=list)
    entity_column: list[str] = field(default_factory=list)
    entity_start: list[int] = field(default_factory=list)
    entity_end: list[int] = field(default_factory=list)
    entity_score: list[float] = field(default_factory=list)
    entity_recognizer: list[str] = field(default_factory=list)

    @classmethod
    def of_rows(cls, rows: Iterable[AuditRow]) -> AuditColumns:
        """The same rows, column by column (for the few built one by one: failed tasks, forget)."""
        cols = cls()
        for r in rows:
            for e in r.entities:
                cols.add_entity(Span(e["type"], e["start"], e["end"], e["score"], e["recognizer"]), e["column"])
            cols.append_row(r.row_index, r.row_id, r.source, r.user_key, r.action, r.reason)
        return cols

    def add_entity(self, span: Span, column: str) -> None:
        """An entity of the row about to be appended with `append_row`."""
        self.entity_type.append(span.entity_type)
        self.entity_column.append(column)
        self.entity_start.append(span.start)
        self.entity_end.append(span.end)
        self.entity_score.append(span.score)
        self.entity_recognizer.append(span.recognizer)

    def append_row(self, row_index: int, row_id: str | None, source: str, user_key: str | None, action: str,
                   reason: str | None) -> None:  # fmt: skip
        """One row, owning the entities added since the previous row."""
        self.row_index.append(row_index)
        self.row_id.append(row_id)
        self.source.append(source)
        self.user_key.append(user_key)
        self.action.append(action)
        self.reason.append(reason)
        self.entity_offsets.append(len(self.entity_type))

    def __len__(self) -> int:
        return len(self.row_index)

    @overload
    def __getitem__(self, i: int) -> AuditRow: ...
    @overload
    def __getitem__(self, i: slice) -> list[AuditRow]: ...
    def __getitem__(self, i: int | slice) -> AuditRow | list[AuditRow]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("audit row index out of range")
        return AuditRow(self.row_index[i], self.row_id[i], self.source[i], self.user_key[i], self.action[i],
                        self.reason[i], self._entities(i))  # fmt: skip

    def _entities(self, i: int) -> list[dict[str, Any]]:
        return [
            {
                "type": self.entity_type[k],
                "column": self.entity_column[k],
                "start": self.entity_start[k],
                "end": self.entity_end[k],
                "score": self.entity_score[k],
                "recognizer": self.entity_recognizer[k],
            }
            for k in range(self.entity_offsets[i], self.entity_offsets[i + 1])
        ]

    def entities_array(self) -> pa.ListArray:
        entities = pa.StructArray.from_arrays(
            [
                pa.array(self.entity_type, pa.string()),
                pa.array(self.entity_column, pa.string()),
                pa.array(self.entity_start, pa.int64()),
                pa.array(self.entity_end, pa.int64()),
                pa.array(self.entity_score, pa.float64()),
                pa.array(self.entity_recognizer, pa.string()),
            ],
            fields=list(ENTITY_TYPE),
        )
        return pa.ListArray.from_arrays(pa.array(self.entity_offsets, pa.int32()), entities, pa.list_(ENTITY_TYPE))


def audit_batch(rows: Sequence[AuditRow], policy_sha256: str, run_id: str) -> pa.RecordBatch:
    """The audit rows as a record batch, sorted by row index (a stable sort)."""
    return _columns_batch(rows if isinstance(rows, AuditColumns) else AuditColumns.of_rows(rows), policy_sha256, run_id)


def _columns_batch(cols: AuditColumns, policy_sha256: str, run_id: str) -> pa.RecordBatch:
    n = len(cols)
    arrays = [
        pa.array(cols.row_id, pa.string()),
        pa.array(cols.source, pa.string()),
        pa.array(cols.user_key, pa.string()),
        pa.array(cols.action, pa.string()),
        pa.array(cols.reason, pa.string()),
        cols.entities_array(),
        # The same value on every row: repeated by Arrow (~10x cheaper than a list of n strings).
        pa.repeat(pa.scalar(policy_sha256, pa.string()), n),
        pa.repeat(pa.scalar(run_id, pa.string()), n),
    ]
    index = cols.row_index
    if index != sorted(index):  # e.g. bad rows come after the decoded ones
        order = pa.array(sorted(range(n), key=index.__getitem__), pa.int64())  # stable, like sorting rows
        arrays = [a.take(order) for a in arrays]
    return pa.RecordBatch.from_arrays(arrays, schema=AUDIT_SCHEMA)
