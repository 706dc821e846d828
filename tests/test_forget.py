"""`redact forget`: rows gone, audit and manifest updated, the output still consistent, atomic."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact import forget as F
from redact.cli import main
from redact.errors import RedactError
from redact.io.writers import file_sha256
from redact.keys import Pseudonymizer, SecretKey
from redact.policy import Policy
from redact.run import RunOptions, run
from redact.verify import verify_output
from tests.conftest import TEST_KEY
from tests.fakes import FakeDetectorFactory

# -- a small output, shared with the lineage, explain and scan tests ---------------------------

NAMES = {"alice": "Alice Martin", "bob": "Bob Stone", "carol": "Carol King", "dave": "Dave Nash", "erin": "Erin Cole"}

# post_id, author, country, kind, opt_out, opt_in, text
POSTS: list[tuple[str, str, str, str, bool | None, bool | None, str]] = [
    ("p01", "alice", "US", "post", False, None, "Write to alice@example.com please"),
    ("p02", "alice", "US", "comment", False, None, "Call me on +1 415 555 0100 today"),
    ("p03", "bob", "US", "post", False, None, "Plain words only"),
    ("p04", "bob", "FR", "post", False, None, "Bonjour Bob Stone"),  # region_excluded
    ("p05", "carol", "US", "post", True, None, "Carol King opted out"),  # opted_out
    ("p06", "dave", "US", "message", False, None, "A private note"),  # private_message
    ("p07", "dave", "US", "post", False, None, "Nothing to see"),
    ("p08", "alice", "CA", "post", False, None, "Alice Martin says hi"),
    ("p09", "erin", "US", "post", None, None, "No consent known"),  # consent_missing
    ("p10", "bob", "US", "post", False, None, "Reach bob@example.org soon"),
]
HELD = {"alice": ["p01", "p02", "p08"], "bob": ["p03", "p10"], "carol": [], "dave": ["p07"], "erin": []}
DROPPED = {"alice": 0, "bob": 1, "carol": 1, "dave": 1, "erin": 1}
# Values the fake detector finds: they must never show up where no value is asked for.
RAW_VALUES = ["alice@example.com", "+1 415 555 0100", "bob@example.org", "Alice Martin", "Bob Stone"]


def posts_table() -> pa.Table:
    created = datetime(2024, 3, 1, tzinfo=UTC)
    return pa.Table.from_pylist(
        [
            {
                "post_id": pid,
                "author_id": author,
                "author_name": NAMES[author],
                "author_handle": None,
                "author_email": None,
                "author_phone": None,
                "country": country,
                "kind": kind,
                "lang": "en",
                "created_at": created,
                "text": text,
                "mentions": [],
                "ai_training_opt_out": opt_out,
                "ai_training_opt_in": opt_in,
            }
            for pid, author, country, kind, opt_out, opt_in, text in POSTS
        ],
        schema=pa.schema(
            [
                ("post_id", pa.string()),
                ("author_id", pa.string()),
                ("author_name", pa.string()),
                ("author_handle", pa.string()),
                ("author_email", pa.string()),
                ("author_phone", pa.string()),
                ("country", pa.string()),
                ("kind", pa.string()),
                ("lang", pa.string()),
                ("created_at", pa.timestamp("us", tz="UTC")),
                ("text", pa.string()),
                ("mentions", pa.list_(pa.struct([("member_id", pa.string()), ("name", pa.string())]))),
                ("ai_training_opt_out", pa.bool_()),
                ("ai_training_opt_in", pa.bool_()),
            ]
        ),
    )


def write_posts(path: Path) -> Path:
    """Row groups of 3 rows, so a run with rows_per_task=3 writes four shards."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(posts_table(), path, row_group_size=3)
    return path


def make_output(tmp_path: Path, name: str = "out", **options: Any) -> Path:
    source = tmp_path / "in" / "posts.parquet"
    if not source.exists():
        write_posts(source)
    out = tmp_path / name
    run(
        RunOptions(
            inputs=[source],
            out=out,
            workers=1,
            quiet=True,
            rows_per_task=3,
            detector_factory=FakeDetectorFactory(),
            **options,
        )
    )
    return out


def user_key(member: str, key: str = TEST_KEY) -> str:
    return Pseudonymizer(SecretKey(key.encode())).member(member)


def manifest_of(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def assert_consistent(out: Path) -> None:
    """`redact verify` passes, and what it checks holds, written out here too."""
    verification = verify_output(out)
    assert verification.ok, verification.problems
    manifest = manifest_of(out)
    listed = {e["path"] for kind in ("data", "audit") for e in manifest["outputs"][kind]}
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*.parquet")}
    assert on_disk == listed
    assert not [p for p in out.rglob("*") if p.name.endswith(F.TMP_SUFFIX) or p.name == F.JOURNAL]
    for kind in ("data", "audit"):
        for entry in manifest["outputs"][kind]:
            path = out / entry["path"]
            assert file_sha256(path) == entry["sha256"]
            assert path.stat().st_size == entry["bytes"]
            assert pq.ParquetFile(path).metadata.num_rows == entry["rows"]
    counts = manifest["counts"]
    by_action = counts["by_action"]
    forgotten = counts.get("forgotten", 0)
    audit = pq.read_table(out / "audit")
    data = pq.read_table(out / "data")
    assert audit.num_rows == counts["rows_in"] + forgotten
    assert sum(by_action.values()) == audit.num_rows
    assert by_action.get("forgotten", 0) == forgotten
    assert data.num_rows == by_action["kept"] + by_action["redacted"] - forgotten
    # Shard by shard, the data rows are the live audit rows, in order.
    for data_entry, audit_entry in zip(manifest["outputs"]["data"], manifest["outputs"]["audit"], strict=True):
        shard_audit = pq.read_table(out / audit_entry["path"])
        live = F.live_mask(shard_audit["action"], shard_audit["source"]).to_pylist()
        expected = [r for r, is_live in zip(shard_audit.to_pylist(), live, strict=True) if is_live]
        rows = pq.read_table(out / data_entry["path"]).to_pylist()
        assert [r["post_id"] for r in rows] == [a["row_id"] for a in expected]
        assert [r["author_id"] for r in rows] == [a["user_key"] for a in expected]


def data_ids(out: Path) -> list[str]:
    return [str(r) for r in pq.read_table(out / "data", columns=["post_id"])["post_id"].to_pylist()]


def write_ledger(path: Path, entries: list[tuple[str, bool, str]]) -> Path:
    pq.write_table(
        pa.table(
            {
                "author_id": [m for m, _, _ in entries],
                "ai_training_opt_out": [o for _, o, _ in entries],
                "changed_at": pa.array(
                    [datetime.fromisoformat(t) for _, _, t in entries], pa.timestamp("us", tz="UTC")
                ),
            }
        ),
        path,
    )
    return path


def copy_output(template: Path, tmp_path: Path, name: str = "out") -> Path:
    """A fresh copy of a prepared output: one run per module keeps the suite fast."""
    target = tmp_path / name
    shutil.copytree(template, target)
    return target


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REDACT_SECRET_KEY", TEST_KEY)
        return make_output(tmp_path_factory.mktemp("template"))


@pytest.fixture
def out(template: Path, tmp_path: Path) -> Path:
    return copy_output(template, tmp_path)


# -- forget ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "removed"),
    [
        (["alice"], ["p01", "p02", "p08"]),
        (["bob"], ["p03", "p10"]),  # p04 was dropped by the run: nothing to remove there
        (["alice", "bob"], ["p01", "p02", "p03", "p08", "p10"]),
        (["carol"], []),  # only a dropped row
        (["zed"], []),  # not in the output at all
        (["Alice"], []),  # member ids are exact: a near miss matches nothing
        (["alic"], []),
    ],
)
def test_forget_removes_exactly_the_members_rows(out: Path, members: list[str], removed: list[str]) -> None:
    before = data_ids(out)
    result = F.forget(out, members)
    assert result.rows_removed == len(removed)
    assert result.by_reason == ({"forget_request": len(removed)} if removed else {})
    assert data_ids(out) == [i for i in before if i not in removed]
    forgotten = [a for a in pq.read_table(out / "audit").to_pylist() if a["action"] == "forgotten"]
    assert sorted(a["row_id"] for a in forgotten) == removed
    assert_consistent(out)


def test_forget_keeps_the_original_audit_rows_and_appends_records(out: Path) -> None:
    before = pq.read_table(out / "audit").to_pylist()
    F.forget(out, ["alice"])
    after = pq.read_table(out / "audit").to_pylist()
    assert len(after) == len(before) + 3
    originals = [a for a in after if a["action"] != "forgotten"]
    assert sorted(originals, key=lambda a: a["source"]) == sorted(before, key=lambda a: a["source"])
    by_source = {a["source"]: a for a in before}
    for record in (a for a in after if a["action"] == "forgotten"):
        original = by_source[record["source"]]
        assert record["row_id"] == original["row_id"]
        assert record["user_key"] == user_key("alice")
        assert record["reason"] == "forget_request"
        assert record["entities"] == []
        assert record["run_id"] == original["run_id"]
        assert record["policy_sha256"] == original["policy_sha256"]


def test_forget_updates_the_manifest(out: Path) -> None:
    before = manifest_of(out)
    F.forget(out, ["alice", "dave"])
    after = manifest_of(out)
    assert after["counts"]["forgotten"] == 4
    assert after["counts"]["by_action"] == {**before["counts"]["by_action"], "forgotten": 4}
    assert after["counts"]["rows_in"] == before["counts"]["rows_in"]
    assert after["counts"]["by_entity"] == before["counts"]["by_entity"]
    assert after["run_id"] == before["run_id"]
    (entry,) = after["forgotten"]
    assert entry["members"] == sorted([user_key("alice"), user_key("dave")])
    assert entry["rows_removed"] == 4
    assert entry["by_reason"] == {"forget_request": 4}
    assert datetime.strptime(entry["at"], "%Y-%m-%dT%H:%M:%SZ")
    changed = [
        i for i, (a, b) in enumerate(zip(before["outputs"]["data"], after["outputs"]["data"], strict=True)) if a != b
    ]
    # alice: p01 p02 (shard 0), p08 (shard 2); dave: p07 (shard 2)
    assert changed == [0, 2]
    assert_consistent(out)


def test_forget_twice_is_a_no_op_the_second_time(out: Path) -> None:
    F.forget(out, ["alice"])
    once = snapshot(out)
    again = F.forget(out, ["alice"])
    assert again.rows_removed == 0
    assert snapshot(out) == once
    assert len(manifest_of(out)["forgotten"]) == 1


def test_successive_forgets_add_up(out: Path) -> None:
    F.forget(out, ["alice"])
    F.forget(out, ["bob"])
    manifest = manifest_of(out)
    assert manifest["counts"]["forgotten"] == 5
    assert [e["rows_removed"] for e in manifest["forgotten"]] == [3, 2]
    assert data_ids(out) == ["p07"]
    assert_consistent(out)


def test_nothing_to_remove_changes_nothing(out: Path) -> None:
    before = snapshot(out)
    assert F.forget(out, ["carol", "zed"]).rows_removed == 0
    assert snapshot(out) == before


def test_dry_run_counts_and_changes_nothing(out: Path) -> None:
    before = snapshot(out)
    result = F.forget(out, ["alice"], dry_run=True)
    assert (result.rows_removed, result.dry_run, result.shards_rewritten) == (3, True, 2)
    assert snapshot(out) == before


def test_report_is_rewritten_with_the_forgotten_rows(out: Path) -> None:
    F.forget(out, ["alice"])
    html = (out / "report.html").read_text()
    assert 'data-label="forgotten" data-value="3"' in html


def test_no_raw_member_id_is_written(out: Path) -> None:
    F.forget(out, ["alice", "bob"])
    manifest_text = (out / "manifest.json").read_text()
    audit_values = json.dumps(pq.read_table(out / "audit").to_pylist())
    for member in ("alice", "bob"):
        assert f'"{member}"' not in manifest_text
        assert f'"{member}"' not in audit_values


# -- the ledger ----------------------------------------------------------------------------------


def test_ledger_forgets_members_whose_latest_entry_opts_out(tmp_path: Path, out: Path) -> None:
    ledger = write_ledger(
        tmp_path / "ledger.parquet",
        [
            ("alice", False, "2024-01-01T00:00:00"),
            ("alice", True, "2024-06-01T00:00:00"),  # latest: out
            ("bob", True, "2024-01-01T00:00:00"),
            ("bob", False, "2024-06-01T00:00:00"),  # near miss: opted back in
            ("dave", True, "2024-02-01T00:00:00"),
            ("carol", True, "2024-02-01T00:00:00"),  # out, but nothing of hers is in the data
        ],
    )
    result = F.forget(out, [], ledger=ledger)
    assert result.by_reason == {"ledger": 4}
    assert data_ids(out) == ["p03", "p10"]
    reasons = {a["row_id"]: a["reason"] for a in pq.read_table(out / "audit").to_pylist() if a["action"] == "forgotten"}
    assert reasons == {"p01": "ledger", "p02": "ledger", "p08": "ledger", "p07": "ledger"}
    assert manifest_of(out)["forgotten"][0]["ledger_sha256"] == file_sha256(ledger)
    assert_consistent(out)


def test_a_member_named_explicitly_is_a_forget_request_even_if_in_the_ledger(tmp_path: Path, out: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger.parquet", [("alice", True, "2024-06-01T00:00:00")])
    result = F.forget(out, ["alice", "dave"], ledger=ledger)
    assert result.by_reason == {"forget_request": 4}


# -- the key -------------------------------------------------------------------------------------


def test_another_key_is_refused_and_changes_nothing(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(out)
    monkeypatch.setenv("REDACT_SECRET_KEY", "another-key-0123456789abcdef")
    assert main(["forget", str(out), "--member", "alice"]) == 2
    err = capsys.readouterr().err
    assert "key differs" in err and "alice" not in err
    assert snapshot(out) == before


def test_no_key_is_refused(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("REDACT_SECRET_KEY")
    assert main(["forget", str(out), "--member", "alice"]) == 2
    assert "REDACT_SECRET_KEY" in capsys.readouterr().err


# -- the command line ------------------------------------------------------------------------------


def test_cli_members_and_members_file(tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = tmp_path / "members.txt"
    members.write_text("# one id per line\nbob\n\n  dave  \n")
    assert main(["forget", str(out), "--member", "alice", "--members-file", str(members), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rows_removed"] == 6
    assert result["members_requested"] == 3
    assert result["members_matched"] == 3
    assert data_ids(out) == []
    assert_consistent(out)


def test_cli_prints_counts_not_ids(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forget", str(out), "-m", "alice"]) == 0
    text = capsys.readouterr().out
    assert "removed 3 row(s) of 1 member(s)" in text
    assert "alice" not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["forget", "{out}"], "no members given"),
        (["forget", "{tmp}/nowhere", "-m", "alice"], "not a redact output"),
        (["forget", "{out}", "--ledger", "{tmp}/missing.parquet"], "consent ledger not found"),
        (["forget", "{out}", "--members-file", "{tmp}/missing.txt"], "cannot read members file"),
    ],
)
def test_cli_user_errors_exit_2(
    tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    args = [a.format(out=out, tmp=tmp_path) for a in argv]
    assert main(args) == 2
    assert message in capsys.readouterr().err


# -- atomicity --------------------------------------------------------------------------------------


def test_a_crash_before_the_commit_leaves_the_output_untouched(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(out)
    real = F._write_parquet
    calls = {"n": 0}

    def failing(table: pa.Table, path: Path) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 3:  # the second shard's data file
            raise OSError("disk full")
        return real(table, path)

    monkeypatch.setattr(F, "_write_parquet", failing)
    with pytest.raises(OSError):
        F.forget(out, ["alice"])
    monkeypatch.setattr(F, "_write_parquet", real)
    leftovers = {k for k in snapshot(out) if k not in before}
    assert leftovers and all(k.endswith(F.TMP_SUFFIX) for k in leftovers)
    assert {k: v for k, v in snapshot(out).items() if k in before} == before
    assert not verify_output(out).ok  # the leftovers are files the manifest does not list
    assert not F.finish_interrupted(out)  # nothing was committed: only cleaned up
    assert snapshot(out) == before
    F.forget(out, ["alice"])
    assert data_ids(out) == ["p03", "p07", "p10"]
    assert_consistent(out)


@pytest.mark.parametrize("renames_done", [0, 1, 3])
def test_a_crash_after_the_commit_is_finished_by_the_next_command(
    out: Path, monkeypatch: pytest.MonkeyPatch, renames_done: int
) -> None:
    real = os.replace
    calls = {"n": 0}

    def crashing(src: Any, dst: Any) -> None:
        if str(src).endswith(F.TMP_SUFFIX):
            if calls["n"] == renames_done:
                raise KeyboardInterrupt  # the process dies mid-swap
            calls["n"] += 1
        real(src, dst)

    monkeypatch.setattr(F.os, "replace", crashing)
    with pytest.raises(KeyboardInterrupt):
        F.forget(out, ["alice"])
    monkeypatch.setattr(F.os, "replace", real)
    assert (out / F.JOURNAL).exists()
    assert F.finish_interrupted(out)
    assert data_ids(out) == ["p03", "p07", "p10"]
    assert manifest_of(out)["counts"]["forgotten"] == 3
    assert_consistent(out)
    assert not F.finish_interrupted(out)


def test_a_concurrent_forget_is_refused(out: Path) -> None:
    with F._locked(out, wait=False), pytest.raises(RedactError, match="another `redact forget`"):
        F.forget(out, ["alice"])


def test_a_tampered_shard_is_not_rewritten(out: Path) -> None:
    data = out / manifest_of(out)["outputs"]["data"][0]["path"]
    table = pq.read_table(data)
    pq.write_table(table.slice(0, 1), data)
    with pytest.raises(F.OutputMismatchError, match="does not match the manifest"):
        F.forget(out, ["alice"])


def test_an_output_written_without_a_key_cannot_be_matched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Policy.default().to_dict()
    settings["operators"] = {"default": {"type": "placeholder"}}
    settings["columns"]["pseudonymize"] = []
    monkeypatch.delenv("REDACT_SECRET_KEY")
    out = make_output(tmp_path, policy=Policy.from_dict(settings))
    assert manifest_of(out)["key_fingerprint"] is None
    monkeypatch.setenv("REDACT_SECRET_KEY", TEST_KEY)
    before = snapshot(out)
    assert main(["forget", str(out), "-m", "alice"]) == 2
    assert "written without a pseudonym key" in capsys.readouterr().err
    assert snapshot(out) == before


def test_a_ledger_where_nobody_opted_out_removes_nothing(tmp_path: Path, out: Path) -> None:
    ledger = write_ledger(tmp_path / "ledger.parquet", [("alice", False, "2024-06-01T00:00:00")])
    before = snapshot(out)
    assert F.forget(out, [], ledger=ledger).rows_removed == 0
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "path", ["../elsewhere.parquet", "data/../../x.parquet", "/tmp/x.parquet", "audit/part-00000.parquet"]
)
def test_a_manifest_pointing_outside_its_folders_is_refused(out: Path, path: str) -> None:
    manifest = manifest_of(out)
    manifest["outputs"]["data"][0]["path"] = path
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(F.OutputMismatchError, match="outside data/"):
        F.forget(out, ["alice"])


def test_a_datasets_format_output_is_refused(tmp_path: Path) -> None:
    out = make_output(tmp_path, "hf", output_format="datasets")
    before = snapshot(out)
    with pytest.raises(RedactError, match="Parquet outputs only"):
        F.forget(out, ["m1"])
    assert snapshot(out) == before
