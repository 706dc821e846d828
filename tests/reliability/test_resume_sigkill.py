"""Resume: a run killed with SIGKILL mid-way, then resumed, equals an uninterrupted run.

The kill test drives the real CLI in a subprocess (tests/reliability/launch.py swaps only
the detector for a slow fake), kills its whole process group once a shard is complete,
resumes it, and compares every data and audit shard with a clean run, byte for byte.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from redact.io.writers import file_sha256, partial_dir_for
from redact.run import RunOptions, run
from tests.conftest import TEST_KEY
from tests.fakes import FakeDetectorFactory
from tests.reliability.faults import InterruptingDetectorFactory
from tests.reliability.rows import manifest, posts, shards, write_parquet

REPO = Path(__file__).resolve().parents[2]
ROWS_PER_TASK = 25
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    rows = posts(600)
    folder = tmp_path / "in"
    write_parquet(folder / "a.parquet", rows[:450], row_group_size=ROWS_PER_TASK)
    write_parquet(folder / "b.parquet", rows[450:], row_group_size=ROWS_PER_TASK)
    return folder


def clean_run(inputs: Path, out: Path) -> dict[str, object]:
    return run(
        RunOptions(
            inputs=[inputs],
            out=out,
            workers=1,
            quiet=True,
            rows_per_task=ROWS_PER_TASK,
            detector_factory=FakeDetectorFactory(),
            report=False,
        )
    )


def shard_hashes(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): file_sha256(p) for p in sorted(out.glob("*/part-*.parquet"))
    }


def assert_same_output(out: Path, expected: Path) -> None:
    """Same shards byte for byte, hence the same rows; and every input row audited once."""
    assert shard_hashes(out) == shard_hashes(expected)
    assert shards(out, "data").equals(shards(expected, "data"))
    audit = shards(out, "audit")
    assert audit.equals(shards(expected, "audit"))
    sources = audit["source"].to_pylist()
    assert len(sources) == len(set(sources)) == manifest(out)["counts"]["rows_in"]


def launch(args: list[object], delay_s: float) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "REDACT_SECRET_KEY": TEST_KEY,
        "REDACT_TEST_DELAY_S": str(delay_s),
        "PYTHONPATH": str(REPO),
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    }
    cmd = [sys.executable, "-m", "tests.reliability.launch", *map(str, args)]
    # A session of its own: the kill reaches the parent and every worker at once.
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for_journals(progress: Path, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not list(progress.glob("part-*.json")):
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(
                f"the run ended before the kill (exit {proc.returncode}): {err.decode()[-500:]}"
            )
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("no shard completed in time")
        time.sleep(0.02)


def test_sigkill_mid_run_then_resume_equals_a_clean_run(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [
        "run",
        inputs,
        "--out",
        out,
        "--workers",
        2,
        "--rows-per-task",
        ROWS_PER_TASK,
        "--quiet",
    ]
    proc = launch(args, delay_s=0.01)
    progress = partial_dir_for(out) / "_progress"
    wait_for_journals(progress, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()  # nothing published by the killed run

    survived = {
        f"{kind}/{j.stem}.parquet": (p.stat().st_ino, p.stat().st_mtime_ns)
        for j in progress.glob("part-*.json")
        for kind in ("data", "audit")
        if (p := partial_dir_for(out) / kind / f"{j.stem}.parquet").exists()
    }
    total_tasks = 24
    assert 0 < len(survived) // 2 < total_tasks, "the kill did not land mid-way"

    resumed = launch([*args[:-1], "--resume"], delay_s=0)
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err.decode()
    assert b"already complete" in err  # "resuming: k of 24 shards already complete"

    # The shards completed before the kill were kept as they were, not redone.
    for rel, (inode, mtime) in survived.items():
        assert ((out / rel).stat().st_ino, (out / rel).stat().st_mtime_ns) == (inode, mtime), rel
    clean_run(inputs, tmp_path / "clean")
    assert_same_output(out, tmp_path / "clean")
    assert manifest(out)["run_id"] == manifest(tmp_path / "clean")["run_id"]


# -- in-process interruptions: what resume accepts and refuses -------------------------------------


def interrupted(inputs: Path, out: Path) -> None:
    """A run stopped like by Ctrl-C after five shards, leaving its partial directory."""
    with pytest.raises(KeyboardInterrupt):
        run(
            RunOptions(
                inputs=[inputs],
                out=out,
                workers=1,
                quiet=True,
                rows_per_task=ROWS_PER_TASK,
                detector_factory=InterruptingDetectorFactory(after_calls=5),
            )
        )
    assert len(list((partial_dir_for(out) / "_progress").glob("part-*.json"))) == 5
    assert not out.exists()


def assert_resume_equals_a_clean_run(inputs: Path, out: Path, tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("run", inputs, "--out", out, "--rows-per-task", ROWS_PER_TASK, "--workers", 1, "--resume", "-q")
    assert code == 0, err
    clean_run(inputs, tmp_path / "clean")
    assert_same_output(out, tmp_path / "clean")


def test_resume_after_interrupt_equals_a_clean_run(inputs: Path, tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "out"
    interrupted(inputs, out)
    assert_resume_equals_a_clean_run(inputs, out, tmp_path, cli)


def test_resume_redoes_a_shard_whose_file_was_damaged(
    inputs: Path, tmp_path: Path, cli: Cli
) -> None:
    out = tmp_path / "out"
    interrupted(inputs, out)
    damaged = partial_dir_for(out) / "audit" / "part-00001.parquet"
    damaged.write_bytes(damaged.read_bytes()[:-10])
    assert_resume_equals_a_clean_run(inputs, out, tmp_path, cli)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("input", "the inputs, policy or key changed since the interrupted run"),
        ("key", "the inputs, policy or key changed since the interrupted run"),
        ("rows_per_task", "--rows-per-task changed since the interrupted run"),
        ("journal", "unreadable progress journal (run without --resume)"),
    ],
)
def test_resume_refuses_what_would_mix_two_runs(
    change: str,
    message: str,
    inputs: Path,
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    interrupted(inputs, out)
    rows_per_task = ROWS_PER_TASK
    if change == "input":
        write_parquet(inputs / "b.parquet", posts(100, start=1000), row_group_size=ROWS_PER_TASK)
    elif change == "key":
        monkeypatch.setenv("REDACT_SECRET_KEY", "another-key-0123456789abcdef")
    elif change == "rows_per_task":
        rows_per_task = 50
    else:
        (partial_dir_for(out) / "_progress" / "run.json").write_text('{"run_id": ')
    code, _, err = cli(
        "run", inputs, "--out", out, "--rows-per-task", rows_per_task, "--workers", 1, "--resume"
    )
    assert code == 2
    assert err == f"redact: error: cannot resume into {out}: {message}\n"
    assert not out.exists()


def test_resume_without_a_journal_starts_over(inputs: Path, tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "out"
    interrupted(inputs, out)
    partial = partial_dir_for(out)
    (partial / "_progress" / "run.json").unlink()
    stray = partial / "data" / "part-09999.parquet"  # belongs to no known run
    pq.write_table(pq.read_table(partial / "data" / "part-00000.parquet"), stray)
    code, _, err = cli(
        "run",
        inputs,
        "--out",
        out,
        "--rows-per-task",
        ROWS_PER_TASK,
        "--workers",
        1,
        "--resume",
        "-q",
    )
    assert code == 0, err
    assert not (out / "data" / "part-09999.parquet").exists()
    clean_run(inputs, tmp_path / "clean")
    assert_same_output(out, tmp_path / "clean")
