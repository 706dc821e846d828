"""`redact scan`: the run's counts without writing data, and the HTML report."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from redact import scan as S
from redact.cli import main
from redact.records import DetectorFactory
from redact.run import RunOptions, run
from redact.summary import format_scan
from tests.fakes import FakeDetectorFactory
from tests.test_forget import POSTS, RAW_VALUES, posts_table, snapshot, write_ledger, write_posts

TEXTS = [text for *_, text in POSTS]
CHARTS = ("entities-by-type", "drops-by-reason", "redactions-per-1k-words")


class Report(HTMLParser):
    """The tags, the bars of each chart (label -> value) and the text of an HTML report."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.bars: dict[str, dict[str, float]] = {}
        self.text: list[str] = []
        self._chart: str | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "svg" and a.get("data-chart"):
            self._chart = str(a["data-chart"])
            self.bars[self._chart] = {}
        elif tag == "rect" and self._chart and a.get("class") == "bar":
            self.bars[self._chart][str(a["data-label"])] = float(str(a["data-value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._chart = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def scan_of(inputs: list[Path], **options: Any) -> dict[str, Any]:
    return S.scan(S.ScanOptions(inputs, detector_factory=FakeDetectorFactory(), **options))


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_posts(tmp_path_factory.mktemp("scan") / "posts.parquet")


@pytest.fixture
def fake_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI builds Presidio; the tests swap in the fake detector."""

    def factory(policy: object) -> DetectorFactory:
        return FakeDetectorFactory()

    monkeypatch.setattr(S, "default_detector_factory", factory)


@pytest.mark.parametrize("with_ledger", [False, True])
def test_scan_counts_what_a_run_would(posts: Path, tmp_path: Path, with_ledger: bool) -> None:
    ledger = (
        write_ledger(tmp_path / "ledger.parquet", [("alice", True, "2024-06-01T00:00:00")]) if with_ledger else None
    )
    summary = scan_of([posts], consent=ledger)
    manifest = run(
        RunOptions(
            inputs=[posts],
            out=tmp_path / "out",
            consent=ledger,
            workers=1,
            quiet=True,
            detector_factory=FakeDetectorFactory(),
            report=False,
        )
    )
    assert summary["counts"] == manifest["counts"]
    assert summary["inputs"] == manifest["inputs"]
    assert summary["counts"]["by_reason"].get("opted_out") == (4 if with_ledger else 1)


def test_scan_writes_nothing(posts: Path) -> None:
    before = snapshot(posts.parent)
    scan_of([posts])
    assert snapshot(posts.parent) == before


@pytest.mark.parametrize("limit", [1, 3, 4, 9, 10, 11])
def test_limit_scans_the_first_rows(posts: Path, tmp_path: Path, limit: int) -> None:
    head = tmp_path / "head.parquet"
    pq.write_table(posts_table().slice(0, limit), head)
    limited = scan_of([posts], limit=limit, rows_per_task=3)
    assert limited["counts"]["rows_in"] == min(limit, len(POSTS))
    assert limited["counts"] == scan_of([head])["counts"]


@pytest.mark.parametrize(("limit", "rows", "bad"), [(1, 1, 0), (2, 2, 1), (3, 3, 1), (None, 11, 1)])
def test_bad_jsonl_lines_are_rows_too(tmp_path: Path, limit: int | None, rows: int, bad: int) -> None:
    lines = [json.dumps(r, default=str) for r in posts_table().to_pylist()]
    lines.insert(1, "{not json")
    source = tmp_path / "posts.jsonl"
    source.write_text("\n".join(lines) + "\n")
    counts = scan_of([source], limit=limit)["counts"]
    assert counts["rows_in"] == rows
    assert counts["by_reason"].get("error:invalid_json", 0) == bad


def test_workers_give_the_same_counts(posts: Path) -> None:
    assert scan_of([posts], workers=2, rows_per_task=3)["counts"] == scan_of([posts])["counts"]


@pytest.mark.parametrize("once", [True, False])
def test_a_dead_worker_is_replaced_and_counts_match_the_run(tmp_path: Path, once: bool) -> None:
    """The scan shares the run's pool: a task whose worker dies is retried, then its rows dropped."""
    from tests.reliability.faults import DIE, DyingDetectorFactory
    from tests.reliability.rows import post, write_parquet

    rows = [post(i, country="US", kind="post", ai_training_opt_out=False) for i in range(12)]
    rows[7]["text"] = f"hello {DIE}"
    source = write_parquet(tmp_path / "posts.parquet", rows, row_group_size=4)
    factory = DyingDetectorFactory(str(tmp_path / "died-once") if once else None)
    summary = S.scan(S.ScanOptions([source], workers=2, rows_per_task=4, detector_factory=factory))
    assert summary["counts"]["rows_in"] == 12
    died = summary["counts"]["by_reason"].get("error:worker_died", 0)
    assert died == (0 if once else 4)  # the four rows of the task that kills its worker twice
    manifest = run(
        RunOptions(inputs=[source], out=tmp_path / "out", workers=2, rows_per_task=4, quiet=True,
                   detector_factory=DyingDetectorFactory(str(tmp_path / "died-again") if once else None),
                   report=False)
    )  # fmt: skip
    assert summary["counts"] == manifest["counts"]


def test_scan_needs_no_key(posts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDACT_SECRET_KEY")
    summary = scan_of([posts])
    assert summary["counts"]["by_action"]["redacted"] == 4
    assert "key_fingerprint" not in summary


# -- the command line and the report -----------------------------------------------------------------


def test_cli_prints_the_scan_table(posts: Path, capsys: pytest.CaptureFixture[str], fake_detector: None) -> None:
    assert main(["scan", str(posts), "--workers", "1", "--json", "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert main(["scan", str(posts), "--workers", "1", "--quiet"]) == 0
    text = capsys.readouterr().out

    def without_timing(s: str) -> list[str]:
        return [line for line in s.splitlines() if not line.startswith("Throughput")]

    assert without_timing(text) == without_timing(format_scan(summary))
    assert "Entities by type and language" in text and "region_excluded" in text


def test_cli_report_has_the_charts_and_no_values(
    posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_detector: None
) -> None:
    report = tmp_path / "report.html"
    assert main(["scan", str(posts), "--workers", "1", "--json", "--report", str(report)]) == 0
    summary = json.loads(capsys.readouterr().out)
    source = report.read_text("utf-8")
    parsed = Report(source)
    assert set(CHARTS) <= set(parsed.bars)
    counts = summary["counts"]
    assert parsed.bars["entities-by-type"] == counts["by_entity"]
    assert parsed.bars["drops-by-reason"] == counts["by_reason"]
    words, entities = counts["words_by_language"]["en"], sum(counts["entities_by_language"]["en"].values())
    assert parsed.bars["redactions-per-1k-words"] == {"en": pytest.approx(1000 * entities / words)}
    assert "script" not in parsed.tags
    assert "http://" not in source and "https://" not in source
    for value in [*RAW_VALUES, *TEXTS, "alice", "bob"]:
        assert value not in source


def test_a_run_writes_the_same_report_next_to_its_manifest(posts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    manifest = run(RunOptions(inputs=[posts], out=out, workers=1, quiet=True, detector_factory=FakeDetectorFactory()))
    source = (out / "report.html").read_text("utf-8")
    parsed = Report(source)
    assert parsed.bars["entities-by-type"] == manifest["counts"]["by_entity"]
    assert parsed.bars["drops-by-reason"] == manifest["counts"]["by_reason"]
    for value in [*RAW_VALUES, *TEXTS]:
        assert value not in source


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scan", "{tmp}/missing.parquet"], "input not found"),
        (["scan", "{posts}", "--policy", "{tmp}/missing.yaml"], "cannot read policy"),
        (["scan", "{posts}", "--consent", "{tmp}/missing.csv"], "consent ledger not found"),
    ],
)
def test_cli_user_errors_exit_2(
    posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_detector: None, argv: list[str], message: str
) -> None:
    assert main([a.format(tmp=tmp_path, posts=posts) for a in argv]) == 2
    assert message in capsys.readouterr().err
