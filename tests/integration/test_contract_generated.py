"""The issue-2 acceptance run: generated canonical posts + a consent ledger, real models.

The expected decision of every row is recomputed here from the contract's rules, written
independently of `redact.consent` (plain Python, row by row), and compared with the audit.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.regions import EEA
from redact.run import RunOptions, run
from redact.synth import default_member_count, generate_ledger, generate_posts_with_truth, latest_decisions
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.models

ROWS = 300
SEED = 11
EXCLUDED = EEA | {"GB", "CH"}


def expected_reason(row: dict[str, Any], ledger: dict[str, bool]) -> str | None:
    opt_out = ledger.get(row["author_id"], row["ai_training_opt_out"])
    if opt_out is None:
        return "consent_missing"
    if opt_out:
        return "opted_out"
    if row["country"] in EXCLUDED:
        return "region_excluded"
    if row["kind"] == "message" and row["ai_training_opt_in"] is not True:
        return "private_message"
    return None


def _contains_word(haystack: str, value: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", haystack) is not None


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("generated")
    members = default_member_count(ROWS)
    batches, truths = [], []
    for batch, truth in generate_posts_with_truth(ROWS, SEED, members=members):
        batches.append(batch)
        truths.extend(truth)
    table = pa.Table.from_batches(batches)
    pq.write_table(table, root / "posts.parquet", row_group_size=100)
    ledger = generate_ledger(SEED, members)
    pq.write_table(ledger, root / "ledger.parquet")
    return {"root": root, "table": table, "truth": truths, "ledger": latest_decisions(ledger)}


@pytest.fixture(scope="module")
def result(generated: dict[str, Any]) -> dict[str, Any]:
    mp = pytest.MonkeyPatch()
    mp.setenv("REDACT_SECRET_KEY", TEST_KEY)
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        out = generated["root"] / "out"
        manifest = run(
            RunOptions(
                inputs=[generated["root"] / "posts.parquet"],
                consent=generated["root"] / "ledger.parquet",
                out=out,
                workers=1,
                quiet=True,
            )
        )
    finally:
        logging.getLogger().removeHandler(handler)
        mp.undo()
    return {"out": out, "manifest": manifest, "logs": "\n".join(records)}


def test_kept_rows_and_reasons_follow_the_contract(generated: dict[str, Any], result: dict[str, Any]) -> None:
    rows = generated["table"].to_pylist()
    audit = pq.read_table(result["out"] / "audit").to_pylist()
    assert len(audit) == len(rows) == ROWS
    assert [a["row_id"] for a in audit] == [r["post_id"] for r in rows]
    expected = [expected_reason(r, generated["ledger"]) for r in rows]
    assert [a["reason"] for a in audit] == expected
    assert {a["reason"] for a in audit} >= {None, "consent_missing", "opted_out", "region_excluded", "private_message"}
    kept = [r["post_id"] for r, e in zip(rows, expected, strict=True) if e is None]
    data = pq.read_table(result["out"] / "data").to_pylist()
    assert [d["post_id"] for d in data] == kept
    counts = result["manifest"]["counts"]
    assert counts["rows_in"] == ROWS
    assert counts["by_action"]["dropped"] == sum(e is not None for e in expected)


def test_no_seeded_value_survives_anywhere(generated: dict[str, Any], result: dict[str, Any]) -> None:
    rows = generated["table"].to_pylist()
    out = result["out"]
    data = {d["post_id"]: d["text"] for d in pq.read_table(out / "data").to_pylist()}
    leaks = []
    for row, spans in zip(rows, generated["truth"], strict=True):
        text = data.get(row["post_id"])
        if text is None:
            continue
        for s in spans:
            value = row["text"][s.start : s.end]
            if _contains_word(text, value):
                leaks.append(s.entity_type)
    assert leaks == []
    # The audit, manifest, report and logs hold no seeded value at all (kept or dropped rows).
    seeded = {row["text"][s.start : s.end] for row, spans in zip(rows, generated["truth"], strict=True) for s in spans}
    seeded |= {v for r in rows for k in ("author_name", "author_email", "author_phone") if (v := r[k])}
    audit_text = json.dumps(pq.read_table(out / "audit").to_pylist(), default=str)
    manifest_text = (out / "manifest.json").read_text()
    report_text = (out / "report.html").read_text()
    for blob in (audit_text, manifest_text, report_text, result["logs"]):
        found = [v for v in seeded if len(v) >= 4 and _contains_word(blob, v)]
        assert found == []
    assert TEST_KEY not in audit_text + manifest_text + report_text + result["logs"]
