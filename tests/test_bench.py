"""`redact bench`, its strict leak rate, and the CI regression check (benchmarks/compare.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import psutil
import pyarrow.parquet as pq
import pytest

from redact.bench import PeakRss, combine_runs, ratios
from redact.leakage import LeakReport, Seeded, leaked

ROOT = Path(__file__).resolve().parents[1]

# -- fragments and leaks --------------------------------------------------------------------------


def _seeded(text: str, entity: str, value: str) -> Seeded:
    start = text.index(value)
    return Seeded(entity, start, start + len(value))


@pytest.mark.parametrize(
    ("original", "entity", "value", "output", "expected"),
    [
        ("Thanks Derek Bailey!", "PERSON", "Derek Bailey", "Thanks <PERSON>!", False),
        ("Thanks Derek Bailey!", "PERSON", "Derek Bailey", "Thanks <PERSON> Bailey!", True),
        ("Thanks Derek Bailey!", "PERSON", "Derek Bailey", "Thanks DEREK <PERSON>!", True),  # any case
        # a name word that is also an everyday word elsewhere is not blamed on the redactor...
        ("Will Smith will come", "PERSON", "Will Smith", "<PERSON> will come", False),
        # ...unless it survives more often than the rest of the text explains
        ("Will Smith will come", "PERSON", "Will Smith", "Will <PERSON> will come", True),
        ("Derekson is here, Derek too", "PERSON", "Derek", "Derekson is here, <PERSON> too", False),  # whole words
        ("Call +1 415-555-0134 now", "PHONE_NUMBER", "+1 415-555-0134", "Call <PHONE_NUMBER> now", False),
        ("Call +1 415-555-0134 now", "PHONE_NUMBER", "+1 415-555-0134", "Call +1 415-555-<X> now", True),
        ("Call +1 415-555-0134 now", "PHONE_NUMBER", "+1 415-555-0134", "Call 415 <X> now", False),  # 3 digits
        # a year in the text that the number also holds: present before, so no leak
        ("In 2024 call 415-555-2024", "PHONE_NUMBER", "415-555-2024", "In 2024 call <PHONE_NUMBER>", False),
        # a pseudonym tag's hex digits are not the value's digits
        ("Call 415-555-0134", "PHONE_NUMBER", "415-555-0134", "Call <PHONE_NUMBER_4155a0>", False),
        ("Mail c.theriault@lumen.co", "EMAIL_ADDRESS", "c.theriault@lumen.co", "Mail c.theriault@<X>", True),
        ("Mail c.theriault@lumen.co", "EMAIL_ADDRESS", "c.theriault@lumen.co", "Mail <EMAIL_ADDRESS>", False),
        ("Mail c.theriault@lumen.co", "EMAIL_ADDRESS", "c.theriault@lumen.co", None, False),  # row dropped
        # the fragments are `redact.fragments`' (as for `redact eval`): titles identify nobody...
        ("Ask Dr. Derek Bailey", "PERSON", "Dr. Derek Bailey", "Ask Dr. <PERSON>", False),
        # ...a house number of four digits does, wherever it is read
        ("At 3986 Highland Road", "STREET_ADDRESS", "3986 Highland Road", "At 3986 <STREET> Road", True),
        ("At 3986 Highland Road", "STREET_ADDRESS", "3986 Highland Road", "At <STREET_ADDRESS>", False),
    ],
)
def test_leaked(original: str, entity: str, value: str, output: str | None, expected: bool) -> None:
    assert leaked(original, [_seeded(original, entity, value)], output) == [expected]


def test_leak_report_counts_by_entity() -> None:
    text = "Derek Bailey: 415-555-0134"
    seeded = [_seeded(text, "PERSON", "Derek Bailey"), _seeded(text, "PHONE_NUMBER", "415-555-0134")]
    report = LeakReport()
    report.add(text, seeded, "<PERSON>: 415-555-<X>")
    report.add(text, seeded, None)
    data: dict[str, Any] = report.to_json()
    assert data["values"] == 4 and data["leaked"] == 1 and data["leak_rate"] == 0.25
    assert data["rows"] == 2 and data["rows_missing"] == 1
    assert data["by_entity"]["PHONE_NUMBER"] == {"values": 2, "leaked": 1, "leak_rate": 0.5}
    assert data["by_entity"]["PERSON"]["leaked"] == 0


# -- benchmarks/compare.py --------------------------------------------------------------------------


def _compare_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_compare", ROOT / "benchmarks" / "compare.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report(default: float, fast: float, leak: float = 0.01, presidio_leak: float = 0.1) -> dict[str, Any]:
    return {
        "ratios": {"default_vs_presidio": default, "fast_vs_presidio": fast},
        "presidio": {"leak": {"leak_rate": presidio_leak}},
        "redact_default": {"leak": {"leak_rate": leak}},
        "redact_fast": {"leak": {"leak_rate": leak}},
    }


@pytest.mark.parametrize(
    ("latest", "code"),
    [
        (_report(6.0, 100.0), 0),
        (_report(5.2, 86.0), 0),  # within 15% of the baseline
        (_report(5.0, 100.0), 1),  # default mode: more than 15% slower
        (_report(6.0, 84.0), 1),  # fast mode: more than 15% slower
        (_report(6.0, 100.0, leak=0.02), 1),  # leaks more than the baseline allows
        (_report(6.0, 100.0, leak=0.012, presidio_leak=0.011), 1),  # leaks more than plain Presidio
    ],
)
def test_compare_fails_on_regressions(tmp_path: Path, latest: dict[str, Any], code: int) -> None:
    compare = _compare_module()
    baseline, new = tmp_path / "baseline.json", tmp_path / "latest.json"
    baseline.write_text(json.dumps(_report(6.0, 100.0)))
    new.write_text(json.dumps(latest))
    assert compare.main([str(baseline), str(new)]) == code


def test_compare_rejects_what_is_not_a_report(tmp_path: Path) -> None:
    compare = _compare_module()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    assert compare.main([str(bad), str(bad)]) == 2
    assert compare.main([str(tmp_path / "missing.json"), str(bad)]) == 2


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"rows": 1000}, 2),
        ({"seed": 1}, 2),
        ({"members": 10000}, 2),
        ({"workers": 4}, 2),  # a runner with more cores than the baseline's machine
        ({"machine": {"cpus": 4}}, 0),  # where it ran is not what it measured
    ],
)
def test_compare_refuses_reports_of_different_workloads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, Any], code: int
) -> None:
    compare = _compare_module()
    workload = {"rows": 10000, "seed": 0, "members": 500, "workers": 2}
    baseline, new = tmp_path / "baseline.json", tmp_path / "latest.json"
    baseline.write_text(json.dumps({**_report(6.0, 100.0), **workload}))
    new.write_text(json.dumps({**_report(6.0, 100.0), **workload, **changes}))
    assert compare.main([str(baseline), str(new)]) == code
    if code == 2:
        ((key, value),) = changes.items()
        assert f"{key} {workload[key]!r} in the baseline, {value!r} in the latest" in capsys.readouterr().err


def test_compare_checks_only_the_workload_keys_both_reports_have(tmp_path: Path) -> None:
    """A baseline written before `members` was reported still compares with a newer report."""
    compare = _compare_module()
    baseline, new = tmp_path / "baseline.json", tmp_path / "latest.json"
    baseline.write_text(json.dumps({**_report(6.0, 100.0), "rows": 10000, "workers": 2}))
    new.write_text(json.dumps({**_report(6.0, 100.0), "rows": 10000, "workers": 2, "members": 500}))
    assert compare.main([str(baseline), str(new)]) == 0


def test_committed_baseline_is_a_passing_report() -> None:
    compare = _compare_module()
    baseline = ROOT / "benchmarks" / "baseline.json"
    assert compare.main([str(baseline), str(baseline)]) == 0


# -- measuring ------------------------------------------------------------------------------------


def test_peak_rss_sums_the_processes_and_asks_who_they_are_only_now_and_then() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        asked: list[int] = []

        def pids() -> list[int]:
            asked.append(len(asked))
            return [os.getpid(), child.pid]

        rss = PeakRss(pids, refresh_every=4)
        for _ in range(9):
            rss.sample()
        # Samples 0, 4 and 8 ask for the processes; the others read the ones known.
        assert len(asked) == 3
        assert rss.peak > psutil.Process().memory_info().rss  # this process and the child, summed
        rss.sample(refresh=True)
        assert len(asked) == 4
    finally:
        child.kill()
        child.wait()
    rss.sample()  # the child is gone between two refreshes: left out, not an error


def test_peak_rss_leaves_out_a_process_that_has_ended() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    rss = PeakRss(lambda: [child.pid])
    rss.sample()
    assert rss.peak == 0


def test_peak_rss_samples_in_its_thread_until_the_block_ends() -> None:
    with PeakRss(lambda: [os.getpid()]) as rss:
        pass
    assert rss.peak > 0  # the last sample, taken on the way out
    assert not rss._thread.is_alive()


def _run(texts_per_s: float, cpu: float = 1.0, rss: float = 100.0, tag: str = "") -> dict[str, Any]:
    return {"texts_per_s": texts_per_s, "texts_per_cpu_s": cpu, "peak_rss_mb": rss, "tag": tag}


def test_repeated_runs_give_the_median_of_each_repetitions_own_ratio() -> None:
    runs = {
        "presidio": [_run(100, tag="p1"), _run(200, tag="p2"), _run(150, tag="p3")],
        "redact_fast": [_run(1000, tag="f1"), _run(1000, tag="f2"), _run(300, tag="f3")],
    }
    out = combine_runs(runs)
    # Repetitions' ratios 10, 5 and 2: their median, not 1000 / 150 (the medians' ratio).
    assert out["ratios"]["fast_vs_presidio"] == 5.0
    assert out["ratios_runs"]["fast_vs_presidio"] == [10.0, 5.0, 2.0]
    # Each section is a run that happened: the median one by texts/s, all its figures kept.
    assert out["presidio"]["tag"] == "p3"
    assert out["redact_fast"]["tag"] == "f1"  # 300, 1000, 1000: the first of the equal two
    assert out["presidio"]["texts_per_s_runs"] == [100, 200, 150]
    assert set(out["ratios"]) == {"fast_vs_presidio", "fast_vs_presidio_per_cpu", "fast_rss_vs_presidio"}


def test_an_even_number_of_runs_takes_the_lower_middle_run_and_the_mean_middle_ratio() -> None:
    out = combine_runs({"presidio": [_run(100, tag="a"), _run(100, tag="b")], "redact_fast": [_run(400), _run(600)]})
    assert out["ratios"]["fast_vs_presidio"] == 5.0
    assert out["redact_fast"]["texts_per_s"] == 400


def test_one_run_is_reported_as_it_was() -> None:
    runs = {"presidio": [_run(170, cpu=160, rss=460)], "redact_default": [_run(2400, cpu=1300, rss=1100)]}
    out = combine_runs(runs)
    assert out["presidio"] == runs["presidio"][0] and out["redact_default"] == runs["redact_default"][0]
    assert out["ratios"] == ratios({name: results[0] for name, results in runs.items()})
    assert "ratios_runs" not in out and "texts_per_s_runs" not in out["presidio"]


def test_without_presidio_there_are_no_ratios() -> None:
    out = combine_runs({"redact_fast": [_run(900), _run(1100), _run(1000)]})
    assert out["ratios"] == {}
    assert out["redact_fast"]["texts_per_s"] == 1000


# -- redact bench --------------------------------------------------------------------------------------

TOOL_KEYS = {"texts", "seconds", "startup_s", "texts_per_s", "mb_per_s", "cpu_s", "texts_per_cpu_s", "peak_rss_mb"}


@pytest.mark.models
@pytest.mark.slow
def test_bench_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fast mode only: default mode runs the same code with another policy, and a model."""
    from redact.cli import main

    out = tmp_path / "bench.json"
    code = main(["bench", "--rows", "200", "--workers", "1", "--mode", "fast", "--out", str(out), "--quiet"])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    report = json.loads(out.read_text())
    assert printed == report
    assert report["schema"] == "redact.bench/1"
    assert report["rows"] == 200 and report["workers"] == 1
    assert report["members"] == 20  # one per 20 posts, 20 at least
    assert report["repeat"] == 1 and "ratios_runs" not in report
    assert 0 < report["texts"] < 200  # the consented rows only
    assert "redact_default" not in report
    for tool in ("presidio", "redact_fast"):
        section = report[tool]
        assert set(section) >= {*TOOL_KEYS, "leak"}
        assert section["texts"] == report["texts"]
        assert section["texts_per_s"] > 0 and section["peak_rss_mb"] > 0
        leak = section["leak"]
        assert leak["rows"] == report["texts"]
        assert 0 <= leak["leaked"] <= leak["values"] > 0
        assert leak["leak_rate"] == pytest.approx(leak["leaked"] / leak["values"], abs=1e-6)
    assert report["redact_fast"]["mode"] == "fast" and report["redact_fast"]["workers"] == 1
    fast = report["redact_fast"]
    assert fast["rows"] == 200 and fast["rows_per_s"] == pytest.approx(200 / fast["seconds"], rel=0.01)
    assert fast["rows_per_s"] > fast["texts_per_s"]  # every row is read, fewer are analyzed
    expected = report["redact_fast"]["texts_per_s"] / report["presidio"]["texts_per_s"]
    assert report["ratios"]["fast_vs_presidio"] == pytest.approx(expected, rel=0.01)
    assert "default_vs_presidio" not in report["ratios"]


@pytest.mark.slow
def test_bench_repeat_runs_each_tool_again_in_fresh_processes(capsys: pytest.CaptureFixture[str]) -> None:
    from redact.cli import main

    args = ["bench", "--rows", "100", "--workers", "1", "--mode", "fast", "--no-presidio", "--repeat", "2", "--quiet"]
    assert main([*args, "--members", "40"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["repeat"] == 2 and report["members"] == 40
    fast = report["redact_fast"]
    runs = fast["texts_per_s_runs"]
    assert len(runs) == 2 and all(r > 0 for r in runs)
    assert fast["texts_per_s"] == min(runs)  # of two runs, the lower middle one
    assert report["ratios"] == {}  # nothing to divide by without Presidio


def test_bench_needs_one_repetition_at_least(capsys: pytest.CaptureFixture[str]) -> None:
    from redact.bench import BenchOptions, run_bench
    from redact.cli import main

    with pytest.raises(ValueError, match="repeat"):
        run_bench(BenchOptions(rows=10, presidio=False, repeat=0))
    assert main(["bench", "--rows", "10", "--no-presidio", "--repeat", "0"]) == 2
    assert "--repeat" in capsys.readouterr().err


def test_bench_needs_a_pool_of_four_members_at_least(capsys: pytest.CaptureFixture[str]) -> None:
    from redact.bench import BenchOptions, run_bench
    from redact.cli import main

    with pytest.raises(ValueError, match="members"):
        run_bench(BenchOptions(rows=10, presidio=False, members=3))
    assert main(["bench", "--rows", "10", "--no-presidio", "--members", "3"]) == 2
    assert "--members" in capsys.readouterr().err


def test_bench_rows_are_written_by_the_member_pool_asked_for(tmp_path: Path) -> None:
    from redact.bench import make_data

    def authors(members: int | None) -> set[str]:
        directory = tmp_path / str(members)
        directory.mkdir()
        data = make_data(400, 0, directory, workers=1, members=members)
        return set(pq.read_table(data.path, columns=["author_id"]).column(0).to_pylist())

    assert authors(8) == {f"m0-{i:06d}" for i in range(8)}
    assert 8 < len(authors(None)) <= 20  # by default, one member per 20 posts


def test_bench_rejects_an_unknown_mode(capsys: pytest.CaptureFixture[str]) -> None:
    from redact.cli import main

    assert main(["bench", "--rows", "10", "--mode", "turbo", "--no-presidio"]) == 2
    assert "turbo" in capsys.readouterr().err


@pytest.mark.slow
def test_output_is_identical_for_any_number_of_workers(tmp_path: Path) -> None:
    """The real detector (fast mode: no model), one worker or two: the same bytes of data."""
    import pyarrow.parquet as pq

    from redact.policy import Policy
    from redact.run import RunOptions, run
    from redact.synth import write_posts

    source = tmp_path / "posts.parquet"
    write_posts(source, 300, seed=3, row_group_size=60)
    policy = Policy.default().with_ner(False)
    tables: dict[int, list[Any]] = {}
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        manifest = run(RunOptions([source], out, policy=policy, workers=workers, rows_per_task=60, quiet=True))
        assert manifest["workers"] == workers
        parts = sorted((out / "data").glob("*.parquet")) + sorted((out / "audit").glob("*.parquet"))
        tables[workers] = [(p.relative_to(out), pq.read_table(p)) for p in parts]
    assert len(tables[1]) == 10  # 5 tasks: data and audit
    assert [name for name, _ in tables[1]] == [name for name, _ in tables[2]]
    for (_, one), (_, two) in zip(tables[1], tables[2], strict=True):
        assert one.equals(two)
    redacted = sum(t.column("action").to_pylist().count("redacted") for name, t in tables[1] if "audit" in str(name))
    assert redacted > 0
