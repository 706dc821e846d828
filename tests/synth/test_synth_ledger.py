"""Consent ledger: coverage, several entries per member, latest wins, stale row flags."""

from __future__ import annotations

import collections
import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.synth import LEDGER_SCHEMA, build_members, generate_ledger, latest_decisions, write_ledger

MEMBERS = 2_000


@pytest.fixture(scope="module")
def ledger() -> pa.Table:
    return generate_ledger(5, MEMBERS)


def _latest_by_sorting(table: pa.Table) -> dict[str, bool]:
    # Independent of latest_decisions: sort by time, the last write per member wins.
    rows = sorted(table.to_pylist(), key=lambda r: r["changed_at"])
    return {r["author_id"]: r["ai_training_opt_out"] for r in rows}


def test_schema_and_determinism(ledger: pa.Table) -> None:
    assert ledger.schema == LEDGER_SCHEMA
    assert ledger.schema.field("changed_at").type == pa.timestamp("us", tz="UTC")
    assert generate_ledger(5, MEMBERS).equals(ledger)
    assert not generate_ledger(6, MEMBERS).equals(ledger)


def test_covers_about_a_tenth_of_members_some_several_times(ledger: pa.Table) -> None:
    pool_ids = {m.member_id for m in build_members(5, MEMBERS)}
    counts = collections.Counter(ledger.column("author_id").to_pylist())
    assert set(counts) <= pool_ids
    assert len(counts) == MEMBERS // 10
    assert sum(n > 1 for n in counts.values()) > 0.2 * len(counts)
    times = ledger.column("changed_at").to_pylist()
    per_member = collections.defaultdict(list)
    for member, time in zip(ledger.column("author_id").to_pylist(), times, strict=True):
        per_member[member].append(time)
    assert all(len(set(ts)) == len(ts) for ts in per_member.values())  # no ties
    # File order is not time order: a reader must compare changed_at.
    assert any(ts != sorted(ts) for ts in per_member.values())


def test_latest_entry_wins(ledger: pa.Table) -> None:
    expected = _latest_by_sorting(ledger)
    assert latest_decisions(ledger) == expected
    rows = ledger.to_pylist()
    first_seen: dict[str, bool] = {}
    for row in rows:
        first_seen.setdefault(row["author_id"], row["ai_training_opt_out"])
    # Reading the file top to bottom would give a different answer for some members.
    assert any(first_seen[m] != expected[m] for m in expected)


def test_changed_minds_and_stale_row_flags_both_ways(ledger: pa.Table) -> None:
    latest = latest_decisions(ledger)
    row_flags = {m.member_id: m.opt_out for m in build_members(5, MEMBERS)}
    values = collections.defaultdict(set)
    for row in ledger.to_pylist():
        values[row["author_id"]].add(row["ai_training_opt_out"])
    assert any(len(v) == 2 for v in values.values())  # someone flipped
    pairs = collections.Counter((row_flags[m], flag) for m, flag in latest.items())
    assert pairs[False, True] > 0  # opted out after the rows were exported
    assert pairs[True, False] > 0  # opted back in
    assert pairs[None, True] + pairs[None, False] > 0  # unknown on rows, settled by the ledger
    assert pairs[False, False] + pairs[True, True] > 0  # and some agree


def test_written_parquet_and_csv(tmp_path: Path, ledger: pa.Table) -> None:
    write_ledger(tmp_path / "ledger.parquet", 5, MEMBERS)
    assert pq.read_table(tmp_path / "ledger.parquet").equals(ledger)
    write_ledger(tmp_path / "ledger.csv", 5, MEMBERS)
    with (tmp_path / "ledger.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["author_id", "ai_training_opt_out", "changed_at"]
    assert len(rows) == ledger.num_rows
    first = ledger.slice(0, 1).to_pylist()[0]
    assert rows[0]["author_id"] == first["author_id"]
    assert rows[0]["ai_training_opt_out"] == str(first["ai_training_opt_out"]).lower()
    assert rows[0]["changed_at"] == first["changed_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
