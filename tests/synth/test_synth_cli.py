"""`python -m redact.synth`: the entry point the lead's `redact generate` mirrors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.json as pa_json
import pyarrow.parquet as pq
import pytest

from redact.synth import CANONICAL_SCHEMA, LEDGER_SCHEMA, generate_ledger, generate_posts
from redact.synth.__main__ import main


def test_posts_with_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, ledger = tmp_path / "in" / "posts.parquet", tmp_path / "in" / "ledger.parquet"
    assert main(["posts", str(out), "--rows", "120", "--seed", "4", "--ledger", str(ledger)]) == 0
    table = pq.read_table(out)
    assert table.schema == CANONICAL_SCHEMA and table.num_rows == 120
    expected = list(generate_posts(120, seed=4))
    assert table.column("text").to_pylist() == [t for b in expected for t in b.column("text").to_pylist()]
    written_ledger = pq.read_table(ledger)
    assert written_ledger.schema == LEDGER_SCHEMA
    # The default member count for 120 rows is shared by posts and ledger.
    assert written_ledger.equals(generate_ledger(4, 20))
    assert set(written_ledger.column("author_id").to_pylist()) <= set(
        table.column("author_id").to_pylist()
    ) | {f"m4-{i:06d}" for i in range(20)}
    assert "wrote 120 posts" in capsys.readouterr().err


def test_posts_as_jsonl_by_extension_or_flag(tmp_path: Path) -> None:
    assert main(["posts", str(tmp_path / "a.jsonl"), "--rows", "30"]) == 0
    assert main(["posts", str(tmp_path / "b.out"), "--rows", "30", "--format", "jsonl"]) == 0
    for name in ("a.jsonl", "b.out"):
        lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == 30 and set(json.loads(lines[0])) == set(CANONICAL_SCHEMA.names)
        table = pa_json.read_json(
            tmp_path / name,
            parse_options=pa_json.ParseOptions(explicit_schema=CANONICAL_SCHEMA),
        )
        assert table.num_rows == 30


def test_labeled(tmp_path: Path) -> None:
    out = tmp_path / "dev.jsonl"
    assert main(["labeled", str(out), "--n", "12", "--seed", "1", "--split", "dev"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"dev-{i:05d}" for i in range(12)]


@pytest.mark.parametrize(
    "argv",
    [
        ["posts", "x.parquet"],  # --rows missing
        ["labeled", "x.jsonl", "--n", "3", "--split", "train"],
        ["posts", "x.parquet", "--rows", "3", "--format", "csv"],
        ["nothing"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([argv[0], str(tmp_path / argv[1]), *argv[2:]] if len(argv) > 1 else argv)
    assert exit_info.value.code == 2
    assert not any(tmp_path.iterdir())


def test_runs_as_a_module(tmp_path: Path) -> None:
    out = tmp_path / "p.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "redact.synth", "posts", str(out), "--rows", "5", "--seed", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert pq.read_table(out).num_rows == 5
