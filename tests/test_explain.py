"""`redact explain`: the decision, the reason and the entities of a row; values only when asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from redact import forget as F
from redact.cli import main
from redact.explain import explain, format_explanation
from redact.run import RunOptions, run
from tests.conftest import TEST_KEY
from tests.fakes import FakeDetectorFactory
from tests.test_forget import POSTS, RAW_VALUES, copy_output, make_output, posts_table, user_key

TEXTS = {pid: text for pid, *_, text in POSTS}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REDACT_SECRET_KEY", TEST_KEY)
        return make_output(tmp_path_factory.mktemp("template"))


@pytest.fixture
def out(template: Path, tmp_path: Path) -> Path:
    return copy_output(template, tmp_path)


def input_dir(template: Path) -> Path:
    """Where `make_output` wrote the input the template run read."""
    return template.parent / "in"


def audit_row(out: Path, row_id: str) -> dict[str, Any]:
    (row,) = [a for a in pq.read_table(out / "audit").to_pylist() if a["row_id"] == row_id]
    return dict(row)


@pytest.mark.parametrize(
    ("row_id", "action", "reason", "why"),
    [
        ("p01", "redacted", None, "redacted"),
        ("p03", "kept", None, "no personal data was found"),
        ("p04", "dropped", "region_excluded", "excluded region"),
        ("p05", "dropped", "opted_out", "opted out"),
        ("p06", "dropped", "private_message", "private message"),
        ("p09", "dropped", "consent_missing", "unknown"),
    ],
)
def test_decision_and_reason_come_from_the_audit(
    template: Path, row_id: str, action: str, reason: str | None, why: str
) -> None:
    (e,) = explain(template, row_id)
    assert (e.row_id, e.action, e.reason) == (row_id, action, reason)
    assert why in e.why
    assert e.user_key == audit_row(template, row_id)["user_key"]
    assert e.forgotten is None


@pytest.mark.parametrize("row_id", ["p01", "p02", "p08", "p10"])
def test_entities_match_the_audit_without_values(template: Path, row_id: str) -> None:
    (e,) = explain(template, row_id)
    expected = audit_row(template, row_id)["entities"]
    assert expected  # the fake detector finds something in each of these rows
    assert [{k: v for k, v in vars(x).items() if k != "value"} for x in e.entities] == expected
    assert all(x.value is None for x in e.entities)
    text = format_explanation(e)
    for x in expected:
        assert f"{x['start']}" in text and x["type"] in text and x["recognizer"] in text
    assert not any(value in text for value in RAW_VALUES)


def test_cli_never_prints_values_without_the_flag(template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for row_id in TEXTS:
        assert main(["explain", str(template), "--row-id", row_id]) == 0
        assert main(["explain", str(template), "--row-id", row_id, "--json"]) == 0
    captured = capsys.readouterr()
    for value in [*RAW_VALUES, *TEXTS.values()]:
        assert value not in captured.out + captured.err


def test_cli_json_has_no_value_field(template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(template), "--row-id", "p02", "--json"]) == 0
    (e,) = json.loads(capsys.readouterr().out)
    assert e["action"] == "redacted" and e["reason"] is None
    assert e["entities"] == [
        {"type": "PHONE_NUMBER", "column": "text", "start": 11, "end": 26, "score": 0.9, "recognizer": "FakePhone"}
    ]


@pytest.mark.parametrize(
    ("row_id", "values"),
    [
        ("p01", ["alice@example.com"]),
        ("p02", ["+1 415 555 0100"]),
        ("p08", ["Alice Martin"]),
        ("p10", ["bob@example.org"]),
    ],
)
def test_show_values_reads_them_from_the_input(
    template: Path, capsys: pytest.CaptureFixture[str], row_id: str, values: list[str]
) -> None:
    (e,) = explain(template, row_id, show_values=True, input_path=input_dir(template))
    assert [x.value for x in e.entities] == values
    assert all(TEXTS[row_id][x.start : x.end] == x.value for x in e.entities)
    assert (
        main(["explain", str(template), "--row-id", row_id, "--show-values", "--input", str(input_dir(template))]) == 0
    )
    captured = capsys.readouterr()
    assert all(repr(v) in captured.out for v in values)
    assert "treat this output as personal data" in captured.err


def test_show_values_accepts_the_input_file_itself(template: Path) -> None:
    (e,) = explain(template, "p01", show_values=True, input_path=input_dir(template) / "posts.parquet")
    assert [x.value for x in e.entities] == ["alice@example.com"]


def test_show_values_reads_the_right_jsonl_line_after_a_bad_one(tmp_path: Path) -> None:
    rows = posts_table().to_pylist()
    source = tmp_path / "posts.jsonl"
    lines = [json.dumps(r, default=str) for r in rows]
    lines.insert(1, "{not json")  # line 1 is bad: p02 is now line 2
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    run(RunOptions(inputs=[source], out=out, workers=1, quiet=True, detector_factory=FakeDetectorFactory()))
    (e,) = explain(out, "p02", show_values=True, input_path=source)
    assert e.source.endswith(":2")
    assert [x.value for x in e.entities] == ["+1 415 555 0100"]
    (bad,) = explain(out, f"{source}:1")
    assert (bad.action, bad.reason) == ("dropped", "error:invalid_json")


def test_a_forgotten_row_says_so(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    F.forget(out, ["alice"])
    (e,) = explain(out, "p01")
    assert (e.action, e.forgotten) == ("redacted", "forget_request")
    assert e.user_key == user_key("alice")
    assert "forgotten: yes, removed from the output on request" in format_explanation(e)
    (kept,) = explain(out, "p03")
    assert kept.forgotten is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["explain", "{out}", "--row-id", "p99"], "no row with row_id 'p99'"),
        (["explain", "{out}", "--row-id", "p1"], "no row with row_id 'p1'"),  # near miss of p01
        (["explain", "{out}", "--row-id", "p01", "--show-values"], "--show-values needs --input"),
        (["explain", "{tmp}/nowhere", "--row-id", "p01"], "not a redact output"),
        (
            ["explain", "{out}", "--row-id", "p01", "--show-values", "--input", "{tmp}/other.parquet"],
            "not the file the run read",
        ),
    ],
)
def test_cli_user_errors_exit_2(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    other = posts_table().slice(0, 9)  # same schema and name, other content
    other_dir = tmp_path / "other.parquet"
    pq.write_table(other, other_dir)
    assert main([a.format(out=out, tmp=tmp_path) for a in argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "alice@example.com" not in captured.out + captured.err
