"""Consent rules of the default policy, row by row (shared/CONTRACT.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.consent import ConsentRules, Ledger
from redact.errors import ConsentLedgerError, InputError
from redact.policy import LedgerColumns, Policy

POLICY = Policy.default()
LEDGER_COLUMNS = POLICY.consent.ledger


def _batch(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    schema = pa.schema(
        [
            ("author_id", pa.string()),
            ("country", pa.string()),
            ("kind", pa.string()),
            ("ai_training_opt_out", pa.bool_()),
            ("ai_training_opt_in", pa.bool_()),
        ]
    )
    full = [{"author_id": "m1", "country": "US", "kind": "post", "ai_training_opt_out": False,
             "ai_training_opt_in": None} | r for r in rows]  # fmt: skip
    return pa.RecordBatch.from_pylist(full, schema=schema)


def _reasons(rows: list[dict[str, Any]], ledger: Ledger | None = None) -> list[str | None]:
    rules = ConsentRules.from_policy(POLICY, ledger)
    return rules.reasons(_batch(rows), "country", "kind", "author_id").to_pylist()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({}, None),
        ({"kind": "comment"}, None),
        ({"ai_training_opt_out": None}, "consent_missing"),
        ({"ai_training_opt_out": True}, "opted_out"),
        ({"country": "FR"}, "region_excluded"),
        ({"country": "de"}, "region_excluded"),  # case-insensitive
        ({"country": " IE "}, "region_excluded"),
        ({"country": "NO"}, "region_excluded"),  # EEA
        ({"country": "IS"}, "region_excluded"),
        ({"country": "LI"}, "region_excluded"),
        ({"country": "GB"}, "region_excluded"),
        ({"country": "CH"}, "region_excluded"),
        ({"country": "CA"}, None),  # near miss: not Europe
        ({"country": "TR"}, None),  # near miss: European, but not EU/EEA/GB/CH
        ({"country": None}, "region_unknown"),
        ({"country": "USA"}, "region_unknown"),
        ({"kind": "message"}, "private_message"),
        ({"kind": "message", "ai_training_opt_in": False}, "private_message"),
        ({"kind": "message", "ai_training_opt_in": True}, None),
        ({"kind": "dm"}, "kind_unknown"),
        ({"kind": None}, "kind_unknown"),
        # the first reason that applies wins, in the contract's order
        ({"ai_training_opt_out": None, "country": "FR", "kind": "message"}, "consent_missing"),
        ({"ai_training_opt_out": True, "country": "FR"}, "opted_out"),
        ({"country": "FR", "kind": "message"}, "region_excluded"),
    ],
)
def test_default_policy_reasons(row: dict[str, Any], expected: str | None) -> None:
    assert _reasons([row]) == [expected]


def _ledger(entries: list[tuple[str, bool, int]]) -> Ledger:
    table = pa.table(
        {
            "author_id": [e[0] for e in entries],
            "ai_training_opt_out": [e[1] for e in entries],
            "changed_at": [datetime(2024, 1, e[2], tzinfo=UTC) for e in entries],
        }
    )
    return Ledger.from_table(table, LEDGER_COLUMNS)


def test_ledger_overrides_row_flag_both_ways() -> None:
    ledger = _ledger([("m1", True, 1), ("m2", False, 1), ("m3", False, 1)])
    rows: list[dict[str, Any]] = [
        {"author_id": "m1", "ai_training_opt_out": False},  # stale flag: ledger says out
        {"author_id": "m2", "ai_training_opt_out": True},  # ledger says back in
        {"author_id": "m3", "ai_training_opt_out": None},  # unknown flag, ledger knows
        {"author_id": "m4", "ai_training_opt_out": None},  # not in the ledger: fail closed
    ]
    assert _reasons(rows, ledger) == ["opted_out", None, None, "consent_missing"]


def test_ledger_latest_entry_wins_and_ties_fail_closed() -> None:
    ledger = _ledger([("m1", True, 1), ("m1", False, 5), ("m2", False, 2), ("m2", True, 2)])
    assert _reasons([{"author_id": "m1"}, {"author_id": "m2"}], ledger) == [None, "opted_out"]


def test_ledger_loads_parquet_and_csv(tmp_path: Path) -> None:
    pq.write_table(pa.table({"author_id": ["a"], "ai_training_opt_out": [True]}), tmp_path / "l.parquet")
    (tmp_path / "l.csv").write_text("author_id,ai_training_opt_out,changed_at\na,false,2024-01-01T00:00:00Z\n")
    assert Ledger.load(tmp_path / "l.parquet", LEDGER_COLUMNS).opt_out.to_pylist() == [True]
    assert Ledger.load(tmp_path / "l.csv", LEDGER_COLUMNS).opt_out.to_pylist() == [False]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pa.table({"member": ["a"], "ai_training_opt_out": [True]}), "missing column 'author_id'"),
        (pa.table({"author_id": ["a"], "ai_training_opt_out": ["maybe"]}), "not true/false"),
        (pa.table({"author_id": ["a"], "ai_training_opt_out": pa.array([None], pa.bool_())}), "null"),
        (pa.table({"author_id": pa.array([None], pa.string()), "ai_training_opt_out": [True]}), "null author_id"),
        (pa.table({"author_id": ["a"], "ai_training_opt_out": [2]}), "other than 0/1"),
        (pa.table({"author_id": [1.5], "ai_training_opt_out": [True]}), "must be a string column"),
    ],
)
def test_malformed_ledger_is_a_user_error(table: pa.Table, message: str) -> None:
    with pytest.raises(ConsentLedgerError, match=message):
        Ledger.from_table(table, LEDGER_COLUMNS)


def test_unreadable_ledger(tmp_path: Path) -> None:
    bad = tmp_path / "ledger.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(ConsentLedgerError, match="unreadable"):
        Ledger.load(bad, LedgerColumns())
    with pytest.raises(ConsentLedgerError, match="not found"):
        Ledger.load(tmp_path / "missing.parquet", LedgerColumns())


def test_wrong_column_type_is_named() -> None:
    batch = pa.RecordBatch.from_pylist(
        [{"author_id": "m1", "country": "US", "kind": "post", "ai_training_opt_out": "no", "ai_training_opt_in": None}]
    )
    with pytest.raises(InputError, match="'ai_training_opt_out' must be a boolean"):
        ConsentRules.from_policy(POLICY).reasons(batch, "country", "kind", "author_id")


def test_keep_dispositions_let_unknowns_through() -> None:
    policy = Policy.from_dict(
        {
            "columns": {"text": ["text"], "country": "country", "kind": "kind"},
            "consent": {
                "opt_out_column": "ai_training_opt_out",
                "excluded_regions": ["EU"],
                "unknown_consent": "keep",
                "unknown_region": "keep",
                "allowed_kinds": ["post"],
                "unknown_kind": "keep",
            },
        }
    )
    rules = ConsentRules.from_policy(policy)
    batch = _batch([{"ai_training_opt_out": None, "country": None, "kind": "other"}, {"country": "FR"}])
    assert rules.reasons(batch, "country", "kind", "author_id").to_pylist() == [None, "region_excluded"]
