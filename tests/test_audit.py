"""Audit batches: column-built audits (the pipeline's) equal row-built ones, bytes included."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from redact import audit as A
from redact.io.writers import ShardWriter
from redact.pipeline import Counts
from redact.records import Span

SHA, RUN = "a" * 64, "run-1"
EMAIL = Span("EMAIL_ADDRESS", 3, 20, 1.0, "EmailRecognizer")
PERSON = Span("PERSON", 0, 2, 0.85, "NameListRecognizer")
PHONE = Span("PHONE_NUMBER", 5, 17, 0.4, "PhoneRecognizer")

# (row_index, row_id, user_key, action, reason, [(span, column)])
ROWS = [
    (10, "p10", "u1", A.REDACTED, None, [(PERSON, "text"), (EMAIL, "text")]),
    (11, None, None, A.DROPPED, "consent_missing", []),
    (12, "p12", "u2", A.KEPT, None, []),
    (13, "p13", "u1", A.DROPPED, "pii:FR_NIR", [(PHONE, "title"), (PERSON, "text")]),
]
BAD_ROWS = [(9, "error:invalid_json"), (14, "error:empty_line")]  # come last, sorted into place


def build(rows: list[tuple[int, str | None, str | None, str, str | None, list[tuple[Span, str]]]],
          bad: list[tuple[int, str]]) -> tuple[A.AuditColumns, list[A.AuditRow]]:  # fmt: skip
    columns = A.AuditColumns()
    listed: list[A.AuditRow] = []
    for index, row_id, user_key, action, reason, entities in rows:
        source = f"in.jsonl:{index}"
        for span, column in entities:
            columns.add_entity(span, column)
        columns.append_row(index, row_id, source, user_key, action, reason)
        records = [A.entity_record(span, column) for span, column in entities]
        listed.append(A.AuditRow(index, row_id, source, user_key, action, reason, records))
    for index, reason in bad:
        source = f"in.jsonl:{index}"
        columns.append_row(index, source, source, None, A.DROPPED, reason)
        listed.append(A.AuditRow(index, source, source, None, A.DROPPED, reason))
    return columns, listed


def rowwise_batch(rows: list[A.AuditRow]) -> pa.RecordBatch:
    """The audit batch built row by row, straight from the schema: the reference."""
    ordered = sorted(rows, key=lambda r: r.row_index)
    n = len(ordered)
    return pa.RecordBatch.from_arrays(
        [
            pa.array([r.row_id for r in ordered], pa.string()),
            pa.array([r.source for r in ordered], pa.string()),
            pa.array([r.user_key for r in ordered], pa.string()),
            pa.array([r.action for r in ordered], pa.string()),
            pa.array([r.reason for r in ordered], pa.string()),
            pa.array([r.entities for r in ordered], pa.list_(A.ENTITY_TYPE)),
            pa.array([SHA] * n, pa.string()),
            pa.array([RUN] * n, pa.string()),
        ],
        schema=A.AUDIT_SCHEMA,
    )


@pytest.mark.parametrize(
    ("rows", "bad"),
    [
        (ROWS, []),  # already in row order
        (ROWS, BAD_ROWS),  # bad rows appended after the decoded ones
        (ROWS[::-1], []),  # no order at all
        (ROWS[1:3], []),  # no entity anywhere
        ([], BAD_ROWS),  # only undecodable rows
        ([], []),
    ],
)
def test_column_built_audit_equals_row_built_audit(
    rows: list[tuple[int, str | None, str | None, str, str | None, list[tuple[Span, str]]]],
    bad: list[tuple[int, str]],
    tmp_path: Path,
) -> None:
    columns, listed = build(rows, bad)
    from_columns = A.audit_batch(columns, SHA, RUN)
    from_rows = A.audit_batch(listed, SHA, RUN)
    reference = rowwise_batch(listed)
    assert from_columns.schema.equals(A.AUDIT_SCHEMA, check_metadata=True)
    assert from_columns.equals(from_rows)
    assert from_columns.equals(reference)
    assert from_columns.column(1).to_pylist() == sorted(from_columns.column(1).to_pylist(), key=lambda s: int(s[9:]))
    paths = []
    for name, batch in (("columns", from_columns), ("rows", from_rows), ("reference", reference)):
        writer = ShardWriter(tmp_path / f"{name}.parquet", A.AUDIT_SCHEMA)
        writer.write(batch)
        writer.close()
        paths.append(tmp_path / f"{name}.parquet")
    assert paths[0].read_bytes() == paths[1].read_bytes() == paths[2].read_bytes()


def test_audit_columns_read_as_a_sequence_of_rows() -> None:
    columns, listed = build(ROWS, BAD_ROWS)
    assert len(columns) == len(listed) == 6
    assert list(columns) == listed
    assert columns[0].entities == [A.entity_record(PERSON, "text"), A.entity_record(EMAIL, "text")]
    assert columns[1].entities == []
    assert columns[-1] == listed[-1]
    assert columns[2:4] == listed[2:4]
    with pytest.raises(IndexError):
        columns[6]
    with pytest.raises(IndexError):
        columns[-7]


def test_a_row_owns_only_the_entities_added_before_it() -> None:
    columns = A.AuditColumns()
    columns.append_row(0, "p0", "in:0", None, A.KEPT, None)
    columns.add_entity(EMAIL, "text")
    columns.append_row(1, "p1", "in:1", None, A.REDACTED, None)
    columns.append_row(2, "p2", "in:2", None, A.KEPT, None)
    assert [len(row.entities) for row in columns] == [0, 1, 0]
    assert columns.entity_offsets == [0, 0, 1, 1]


def test_batch_counts_equal_row_by_row_counts() -> None:
    rows = [  # action, reason, language, entity types
        (A.REDACTED, None, "en", ["PERSON", "EMAIL_ADDRESS", "PERSON"]),
        (A.DROPPED, "consent_missing", None, []),
        (A.KEPT, None, "fr", []),
        (A.DROPPED, "pii:FR_NIR", "fr", ["FR_NIR"]),
        (A.DROPPED, "error:detection", "en", []),
        (A.DROPPED, "error:invalid_json", None, []),  # a bad row: past the languages' end
    ]
    one_by_one = Counts()
    for action, reason, lang, types in rows:
        one_by_one.add_row(action, reason, [{"type": t} for t in types], lang)
    batched = Counts()
    batched.add_rows(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows[:-1]],
        [t for r in rows for t in r[3]],
        [r[2] for r in rows for _ in r[3]],
    )
    assert batched.to_json() == one_by_one.to_json()
    assert batched.by_entity == Counter({"PERSON": 2, "EMAIL_ADDRESS": 1, "FR_NIR": 1})
    assert batched.entities_by_language == {"en": Counter({"PERSON": 2, "EMAIL_ADDRESS": 1}), "fr": {"FR_NIR": 1}}


def test_entities_array_is_a_list_per_row() -> None:
    columns, _ = build(ROWS, [])
    entities = columns.entities_array()
    assert entities.type == pa.list_(A.ENTITY_TYPE)
    assert [len(e) for e in entities.to_pylist()] == [2, 0, 0, 2]
    assert entities.to_pylist()[3][0] == A.entity_record(PHONE, "title")
