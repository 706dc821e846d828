"""Fail closed: a failing recognizer, transform, task or worker process never lets a row through.

A row whose analysis fails is dropped with an `error:` reason and the run goes on; a worker
process that dies is replaced and its task retried once, then its rows are dropped with
`error:worker_died`; every input row keeps exactly one audit record.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.cli import main
from redact.errors import SecretKeyError
from redact.executor import TASK_FAILED, WORKER_DIED, write_failed_shard
from redact.io.writers import file_sha256, prepare_output
from redact.keys import Pseudonymizer, SecretKey
from redact.pipeline import RowBatch, RunSpec, TransformStep
from redact.policy import Policy
from redact.run import RunOptions, make_plan, run
from redact.verify import verify_output
from tests.conftest import TEST_KEY
from tests.fakes import BOOM, FakeDetectorFactory
from tests.reliability.faults import (
    BAD_SPAN,
    BUG,
    DIE,
    BrokenDetectorFactory,
    DyingDetectorFactory,
    FailingSetupFactory,
)
from tests.reliability.rows import (
    audit_by_id,
    data_by_id,
    manifest,
    post,
    posts,
    write_jsonl,
    write_parquet,
)

ROWS_PER_TASK = 10


def kept_post(i: int, **overrides: Any) -> dict[str, Any]:
    """A row that consent keeps, so that it reaches detection."""
    return post(i, country="US", kind="post", ai_training_opt_out=False, **overrides)


def run_with(factory: Any, inputs: Path, out: Path, workers: int = 1) -> dict[str, Any]:
    return run(
        RunOptions(
            inputs=[inputs],
            out=out,
            workers=workers,
            quiet=True,
            rows_per_task=ROWS_PER_TASK,
            detector_factory=factory,
            report=False,
        )
    )


def input_with(tmp_path: Path, marked: dict[int, str], n: int = 40) -> Path:
    """`n` kept rows; row i's text gets the marker `marked[i]` appended."""
    rows = [kept_post(i) for i in range(n)]
    for i, marker in marked.items():
        rows[i]["text"] += f" {marker}"
    return write_parquet(tmp_path / "in.parquet", rows, row_group_size=ROWS_PER_TASK)


def reasons(out: Path) -> dict[str, str | None]:
    return {k: r["reason"] for k, r in audit_by_id(out).items()}


def test_a_detector_raising_on_one_row_drops_only_that_row(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inputs = input_with(tmp_path, {3: BOOM})
    with caplog.at_level(logging.WARNING, logger="redact"):
        m = run_with(FakeDetectorFactory(), inputs, tmp_path / "out")
    got = reasons(tmp_path / "out")
    assert got["p00003"] == "error:detection"
    assert {k: v for k, v in got.items() if k != "p00003"} == {
        f"p{i:05d}": None for i in range(40) if i != 3
    }
    data = data_by_id(tmp_path / "out")
    assert "p00003" not in data and len(data) == 39
    # The other rows of the same batch were analyzed: their emails are gone.
    assert all("@example.com" not in r["text"] for r in data.values())
    assert m["counts"]["by_reason"] == {"error:detection": 1}
    assert "detection failed on one text (RuntimeError); the row is dropped" in caplog.text


@pytest.mark.parametrize(
    ("marker", "reason"),
    [
        (BAD_SPAN, "error:transform"),  # a span past the end of the text: the row alone
        (BUG, TASK_FAILED),  # not a span at all: the task raises, is retried, then failed
    ],
)
def test_a_broken_detector_result_fails_closed(marker: str, reason: str, tmp_path: Path) -> None:
    inputs = input_with(tmp_path, {13: marker})
    m = run_with(BrokenDetectorFactory(), inputs, tmp_path / "out")
    got = reasons(tmp_path / "out")
    failed = {k for k, v in got.items() if v is not None}
    # error:transform drops one row; a failed task drops its whole shard (rows 10..19).
    expected = {"p00013"} if reason == "error:transform" else {f"p{i:05d}" for i in range(10, 20)}
    assert failed == expected
    assert {got[k] for k in failed} == {reason}
    assert set(data_by_id(tmp_path / "out")) == {f"p{i:05d}" for i in range(40)} - expected
    assert m["counts"]["by_action"]["dropped"] == len(expected)
    assert verify_output(tmp_path / "out").problems == []


def test_a_worker_killed_twice_on_a_task_drops_that_task_only(tmp_path: Path) -> None:
    inputs = input_with(tmp_path, {25: DIE})
    m = run_with(DyingDetectorFactory(), inputs, tmp_path / "out", workers=2)
    run_with(FakeDetectorFactory(), inputs, tmp_path / "clean")
    got = reasons(tmp_path / "out")
    died = {f"p{i:05d}" for i in range(20, 30)}  # the shard of row 25
    assert {k for k, v in got.items() if v == WORKER_DIED} == died
    assert {v for k, v in got.items() if k not in died} == {None}
    assert len(got) == 40
    assert m["counts"]["by_reason"] == {WORKER_DIED: 10}
    assert set(data_by_id(tmp_path / "out")) == {f"p{i:05d}" for i in range(40)} - died
    # The failed shard still carries the rows' user keys, like any other audit record.
    clean = audit_by_id(tmp_path / "clean")
    assert all(audit_by_id(tmp_path / "out")[k]["user_key"] == clean[k]["user_key"] for k in died)
    for i in (0, 1, 3):  # the other shards are exactly those of an undisturbed run
        for kind in ("data", "audit"):
            rel = f"{kind}/part-{i:05d}.parquet"
            assert file_sha256(tmp_path / "out" / rel) == file_sha256(tmp_path / "clean" / rel)
    assert verify_output(tmp_path / "out").problems == []


def test_a_worker_killed_once_is_replaced_and_the_task_retried(tmp_path: Path) -> None:
    inputs = input_with(tmp_path, {5: DIE, 33: DIE})
    flag = tmp_path / "died-once"
    run_with(DyingDetectorFactory(once_flag=str(flag)), inputs, tmp_path / "out", workers=2)
    assert flag.exists()  # a worker did die
    run_with(FakeDetectorFactory(), inputs, tmp_path / "clean")
    assert Counter(reasons(tmp_path / "out").values()) == {None: 40}
    for kind in ("data", "audit"):
        for entry in manifest(tmp_path / "clean")["outputs"][kind]:
            assert file_sha256(tmp_path / "out" / entry["path"]) == entry["sha256"]


@pytest.mark.parametrize(
    ("user_error", "code", "message"),
    [
        (True, 2, "redact: error: detection.models.en: cannot load a spaCy model (test)\n"),
        (False, 1, "redact: internal error: WorkerSetupError (set REDACT_DEBUG=1 for details)\n"),
    ],
)
def test_a_worker_that_cannot_start_stops_the_run(
    user_error: bool,
    code: int,
    message: str,
    tmp_path: Path,
    use_detector: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not a per-row fault: dropping every row instead would hide a broken installation."""
    write_parquet(tmp_path / "in.parquet", posts(30), row_group_size=ROWS_PER_TASK)
    use_detector(FailingSetupFactory(user_error=user_error))
    args = [
        "run",
        str(tmp_path / "in.parquet"),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "2",
        "-q",
        "--rows-per-task",
        str(ROWS_PER_TASK),
    ]
    assert main(args) == code
    assert capsys.readouterr().err == message
    assert not (tmp_path / "out").exists()


NO_IDS = Policy.from_dict({"columns": {"text": ["text"]}})  # no id, no user column


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
@pytest.mark.parametrize("policy", [Policy.default(), NO_IDS], ids=["default", "no_id_columns"])
def test_a_failed_shard_accounts_for_every_row_of_its_task(
    fmt: str, policy: Policy, tmp_path: Path
) -> None:
    """Written by the parent from the ids alone: one dropped record per row, bad lines too."""
    kept = [kept_post(i) for i in range(6)]
    rows: list[dict[str, Any] | bytes] = list(kept)
    if fmt == "jsonl":
        rows[2] = b"{broken\n"
        inputs = write_jsonl(tmp_path / "in.jsonl", rows)
    else:
        inputs = write_parquet(tmp_path / "in.parquet", kept, row_group_size=3)
    plan = make_plan(policy, [inputs], rows_per_task=3)
    task = plan.tasks[-1]
    work = prepare_output(tmp_path / "out", overwrite=False, resume=False)
    spec = RunSpec(policy=policy, run_id="r1", key_material=TEST_KEY.encode(), ledger_path=None,
                   detector_factory=FakeDetectorFactory(), input_schema=plan.schema,
                   work_dir=str(work), batch_size=2)  # fmt: skip
    result = write_failed_shard(spec, task, WORKER_DIED)
    audit = pq.read_table(work / result.audit["path"]).to_pylist()
    first = 0 if fmt == "jsonl" else 3  # JSON Lines: one task for the file
    expected_rows = range(first, 6)
    pseudo = Pseudonymizer(SecretKey(TEST_KEY.encode()))
    expected = [
        (
            f"{inputs}:{i}",
            f"{inputs}:{i}" if policy is NO_IDS or rows[i] == b"{broken\n" else f"p{i:05d}",
            None
            if policy is NO_IDS or rows[i] == b"{broken\n"
            else pseudo.member(f"m{i % 37:03d}"),
            "error:invalid_json" if rows[i] == b"{broken\n" else WORKER_DIED,
        )
        for i in expected_rows
    ]
    assert [(a["source"], a["row_id"], a["user_key"], a["reason"]) for a in audit] == expected
    assert {a["action"] for a in audit} == {"dropped"} and {a["run_id"] for a in audit} == {"r1"}
    assert pq.read_table(work / result.data["path"]).num_rows == 0
    assert result.rows_in == len(expected) and result.counts["by_action"] == {
        "dropped": len(expected)
    }
    journal = json.loads((work / "_progress" / f"part-{task.index:05d}.json").read_text())
    assert journal == result.to_json()


class RaisingTransformer:
    """Raises on texts holding the marker: a bug in an operator, not a user error."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def rewrite(self, text: str, spans: Any) -> tuple[str, Any, str | None]:
        if "\u2620" in text:
            raise self.error
        return text.upper(), spans, None


def test_a_transform_that_raises_drops_only_its_row() -> None:
    batch = pa.record_batch({"text": ["fine", "bad \u2620", "also fine"]})
    rb = RowBatch(batch, [0, 1, 2], "in", reasons=[None, None, None])
    rb.spans = {(i, "text"): [] for i in range(3)}
    TransformStep(RaisingTransformer(TypeError("boom"))).process(rb)  # type: ignore[arg-type]
    assert rb.reasons == [None, "error:transform", None]
    assert rb.texts == {(0, "text"): "FINE", (2, "text"): "ALSO FINE"}


def test_a_transform_user_error_stops_the_run() -> None:
    batch = pa.record_batch({"text": ["bad \u2620"]})
    rb = RowBatch(batch, [0], "in", reasons=[None], spans={(0, "text"): []})
    error = SecretKeyError("the policy pseudonymizes PERSON but no pseudonym key is set")
    with pytest.raises(SecretKeyError):
        TransformStep(RaisingTransformer(error)).process(rb)  # type: ignore[arg-type]
