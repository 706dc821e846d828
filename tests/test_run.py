"""End-to-end `redact run` with the fake detector: outputs, accounting, atomicity, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.cli import main
from redact.errors import InputError, OutputExistsError, SecretKeyError
from redact.io.writers import partial_dir_for
from redact.pipeline import Pipeline, RowBatch, _mention_names
from redact.policy import Policy
from redact.run import RunOptions, run
from tests.fakes import FakeDetectorFactory

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
POSTS = DATA / "posts_small.jsonl"
LEDGER = DATA / "ledger_small.csv"

EXPECTED_REASONS = {
    "p01": None,
    "p02": "region_excluded",
    "p03": "private_message",
    "p04": None,
    "p05": "consent_missing",
    "p06": "opted_out",
    "p07": "region_excluded",
    "p08": None,
    "p09": "opted_out",  # stale row flag, the ledger says out
    "p10": None,  # unknown row flag, the ledger's latest entry says in
    "p11": "kind_unknown",
    "p12": None,  # empty text is kept as is
}


def _run(tmp_path: Path, **kw: Any) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "out"
    opts = RunOptions(
        inputs=[POSTS], out=out, consent=LEDGER, workers=1, quiet=True, detector_factory=FakeDetectorFactory()
    )
    for k, v in kw.items():
        setattr(opts, k, v)
    return out, run(opts)


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def test_run_applies_the_contract(tmp_path: Path) -> None:
    out, manifest = _run(tmp_path)
    audit = _rows(out / "audit")
    assert [a["row_id"] for a in audit] == list(EXPECTED_REASONS)
    assert {a["row_id"]: a["reason"] for a in audit} == EXPECTED_REASONS
    kept_ids = [k for k, v in EXPECTED_REASONS.items() if v is None]
    data = _rows(out / "data")
    assert [r["post_id"] for r in data] == kept_ids
    # profile columns and mentions are gone, author_id is the audit's user key
    assert set(data[0]) == {"post_id", "author_id", "country", "kind", "lang", "created_at", "text",
                            "ai_training_opt_out", "ai_training_opt_in"}  # fmt: skip
    by_id = {a["row_id"]: a for a in audit}
    for row in data:
        assert row["author_id"] == by_id[row["post_id"]]["user_key"]
        assert len(row["author_id"]) == 32
    actions = {a["row_id"]: a["action"] for a in audit}
    assert actions["p01"] == "redacted" and actions["p08"] == "kept" and actions["p02"] == "dropped"
    assert manifest["counts"]["rows_in"] == 12
    assert manifest["counts"]["by_action"] == {"kept": 2, "redacted": 3, "dropped": 7}
    assert json.loads((out / "manifest.json").read_text()) == manifest
    assert (out / "report.html").exists()


def test_no_seeded_value_leaks_anywhere(tmp_path: Path) -> None:
    out, _ = _run(tmp_path)
    seeded = ["john.smith@example.com", "+1 415 555 0134", "John Smith", "Ann Lee", "Eve Adams", "212 555 0199",
              "marie@example.fr", "jsmith", "m1", "m11"]  # fmt: skip
    texts = " ".join(r["text"] for r in _rows(out / "data"))
    for value in seeded[:6]:
        assert value not in texts
    blob = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix != ".parquet")
    audit_blob = json.dumps(_rows(out / "audit"), default=str)
    for value in seeded:
        assert value.encode() not in blob, value
        assert f'"{value}"' not in audit_blob, value
    assert b"test-key-0123456789abcdef" not in blob


def test_output_is_the_same_for_any_number_of_workers(tmp_path: Path) -> None:
    one, _ = _run(tmp_path / "a", workers=1, rows_per_task=1)
    two, _ = _run(tmp_path / "b", workers=2, rows_per_task=1)
    assert pq.read_table(one / "data").equals(pq.read_table(two / "data"))
    assert pq.read_table(one / "audit").equals(pq.read_table(two / "audit"))
    assert sorted(p.name for p in (one / "data").iterdir()) == sorted(p.name for p in (two / "data").iterdir())


def test_golden_small_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `source` names the input as given: run from the data folder so the golden file holds
    # no machine-specific absolute path.
    monkeypatch.chdir(DATA)
    out, manifest = _run(tmp_path, inputs=[Path(POSTS.name)], consent=Path(LEDGER.name))
    got = {
        "data": _rows(out / "data"),
        "audit": _rows(out / "audit"),
        "counts": manifest["counts"],
    }
    got_text = json.dumps(got, indent=1, sort_keys=True, default=str, ensure_ascii=False) + "\n"
    golden = GOLDEN / "run_small.json"
    if os.environ.get("REDACT_UPDATE_GOLDEN"):
        golden.write_text(got_text, encoding="utf-8")
    assert got_text == golden.read_text(encoding="utf-8")


def test_existing_output_needs_overwrite(tmp_path: Path) -> None:
    out, first = _run(tmp_path)
    with pytest.raises(OutputExistsError, match="--overwrite"):
        _run(tmp_path)
    out2, second = _run(tmp_path, overwrite=True)
    assert out2 == out and second["run_id"] == first["run_id"]
    assert not partial_dir_for(out).exists()


def test_failed_run_leaves_no_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(InputError):
        run(RunOptions(inputs=[POSTS], out=out, workers=1, quiet=True, detector_factory=FakeDetectorFactory(),
                       policy=Policy.from_dict({"columns": {"text": ["body"]}})))  # fmt: skip
    assert not out.exists()


def test_missing_key_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDACT_SECRET_KEY")
    with pytest.raises(SecretKeyError, match="REDACT_SECRET_KEY"):
        _run(tmp_path)


def test_detection_failure_drops_only_that_row(tmp_path: Path) -> None:
    from tests.fakes import BOOM

    lines = POSTS.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[7])
    row["text"] = f"boom {BOOM} here"
    lines[7] = json.dumps(row, ensure_ascii=False)
    bad = tmp_path / "posts.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, _ = _run(tmp_path, inputs=[bad])
    audit = {a["row_id"]: a for a in _rows(out / "audit")}
    assert audit["p08"]["action"] == "dropped" and audit["p08"]["reason"] == "error:detection"
    assert audit["p01"]["action"] == "redacted"
    assert BOOM not in " ".join(r["text"] for r in _rows(out / "data"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "nope.parquet", "--out", "{tmp}/o"], "input not found"),
        (["run", str(POSTS), "--out", "{tmp}/o", "--policy", "{tmp}/bad.yaml"], "operators.PERSON.type"),
        (["run", str(POSTS), "--out", "{tmp}/o", "--consent", "{tmp}/missing.csv"], "consent ledger not found"),
        (["run", str(POSTS), "--out", "{tmp}/o", "--engine", "spark"], "--engine"),
    ],
)
def test_cli_user_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "bad.yaml").write_text("columns: {text: [text]}\noperators: {PERSON: {type: blur}}\n")
    code = main([a.replace("{tmp}", str(tmp_path)) for a in args])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", str(POSTS), "--out", "o", "--bogus"], "No such option: --bogus"),
        (["run", "--out", "o"], "Missing argument"),
        (["run", str(POSTS), "--out", "o", "--workers", "0"], "'--workers'"),
        (["bench", "--rows", "zero"], "'--rows'"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
        # near misses of the above that are fine: `--help` exits 0
        (["run", "--help"], None),
    ],
)
def test_cli_usage_errors_exit_2_with_click_s_message(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str | None
) -> None:
    """A bad option or argument is a user error: click's usage and message, exit 2, never
    "internal error" (Typer raises its own copy of click's exceptions)."""
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert "internal error" not in err and "Traceback" not in err
    if message is None:
        assert code == 0
    else:
        assert code == 2
        assert err.startswith("Usage: redact") and message in err.splitlines()[-1]


def test_cli_without_a_command_shows_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "Commands:" in err and "run" in err and "internal error" not in err


def test_cli_missing_key_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REDACT_SECRET_KEY")
    code = main(["run", str(POSTS), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "set REDACT_SECRET_KEY" in err and len(err.splitlines()) == 1


def test_schema_errors_name_file_and_column(tmp_path: Path) -> None:
    table = pa.table({"post_id": ["a"], "text": [5], "author_id": ["m"], "country": ["US"], "kind": ["post"],
                      "lang": ["en"], "ai_training_opt_out": [False], "ai_training_opt_in": [None]})  # fmt: skip
    path = tmp_path / "wrong.parquet"
    pq.write_table(table, path)
    with pytest.raises(InputError, match=r"wrong.parquet: column 'text' must be string, not int64"):
        _run(tmp_path, inputs=[path])
    pq.write_table(table.drop_columns(["country"]), path)
    with pytest.raises(InputError, match=r"missing column 'country'"):
        _run(tmp_path, inputs=[path])


# -- tagged members' names and row ids -------------------------------------------------------------

MENTION = pa.struct([("member_id", pa.string()), ("name", pa.string())])


def _mentions_batch(values: pa.Array) -> RowBatch:
    batch = pa.RecordBatch.from_arrays([values], names=["mentions"])
    return RowBatch(batch, list(range(len(values))), "in")


@pytest.mark.parametrize(
    ("mentions", "names"),
    [
        ([{"member_id": "m1", "name": "Ann Lee"}], ("Ann Lee",)),
        ([{"member_id": "m1", "name": "Ann"}, {"member_id": "m2", "name": "Bo"}], ("Ann", "Bo")),
        ([{"member_id": "m1", "name": "Ann"}, None, {"member_id": "m2", "name": "Bo"}], ("Ann", "Bo")),
        ([{"member_id": "m1", "name": None}], ()),  # near miss: no name
        ([{"member_id": "m1", "name": "  "}], ()),  # near miss: blank name
        ([{"member_id": "m1", "name": "\u2003"}], ()),  # near miss: a Unicode space only
        ([{"member_id": "m1", "name": ""}], ()),
        ([None], ()),
        ([], ()),
        (None, ()),
    ],
)
def test_mention_names(mentions: list[dict[str, Any] | None] | None, names: tuple[str, ...]) -> None:
    values = pa.array([None, mentions, [{"member_id": "x", "name": "Zed"}]], pa.list_(MENTION))
    rb = _mentions_batch(values)
    assert [_mention_names(m) if m else () for m in rb.live_values("mentions", [1, 2])] == [names, ("Zed",)]


def test_mention_names_skip_a_null_mention_over_a_named_child() -> None:
    # A null struct whose child slot still holds a name (as Arrow allows): not a mention.
    structs = pa.StructArray.from_arrays([pa.array(["a", "b"]), pa.array(["Ann", "Bob"])], names=["member_id", "name"],
                                         mask=pa.array([False, True]))  # fmt: skip
    values = pa.ListArray.from_arrays(pa.array([0, 2, 2], pa.int32()), structs, mask=pa.array([False, True]))
    rb = _mentions_batch(values)
    assert [_mention_names(m) if m else () for m in rb.live_values("mentions", [0, 1])] == [("Ann",), ()]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (pa.array(["p1", "p2"]), ["p1", "p2"]),  # strings, none missing: the quick path
        (pa.array(["p1", None]), ["p1", "in:8"]),  # near miss: one missing
        (pa.array([1, 2], pa.int64()), ["1", "2"]),  # near miss: not strings
        (pa.array(["p1", "p2"], pa.large_string()), ["p1", "p2"]),
        (None, ["in:7", "in:8"]),  # no id column
    ],
)
def test_row_ids_fall_back_to_the_source(ids: pa.Array | None, expected: list[str]) -> None:
    columns = {"text": pa.array(["a", "b"])} if ids is None else {"post_id": ids, "text": pa.array(["a", "b"])}
    rb = RowBatch(pa.RecordBatch.from_pydict(columns), [7, 8], "in")
    pipeline = Pipeline.__new__(Pipeline)
    pipeline.policy = Policy.default()
    sources = ["in:7", "in:8"]
    row_ids = pipeline._row_ids(rb, sources)
    assert row_ids == expected
    assert row_ids is not sources  # the audit appends to both lists
