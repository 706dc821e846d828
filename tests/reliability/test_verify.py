"""`redact verify`: an intact output passes; any edit, loss or addition is reported and exits 2."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from redact.cli import main
from redact.forget import forget
from redact.io.writers import file_sha256
from redact.keys import SecretKey
from redact.run import RunOptions, run
from redact.signing import check as check_signature
from redact.signing import sign
from redact.verify import Verification, verify_output
from tests.conftest import TEST_KEY
from tests.fakes import FakeDetectorFactory
from tests.reliability.rows import posts, write_parquet

ROWS = 60


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One output of 60 rows in three shards, written once for the module."""
    root = tmp_path_factory.mktemp("verify")
    write_parquet(root / "in.parquet", posts(ROWS), row_group_size=20)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REDACT_SECRET_KEY", TEST_KEY)
        mp.chdir(root)  # inputs are recorded as given: relative, so --check-inputs runs from here
        run(
            RunOptions(
                inputs=["in.parquet"],
                out=root / "out",
                workers=1,
                quiet=True,
                rows_per_task=20,
                detector_factory=FakeDetectorFactory(),
            )
        )
    yield root


@pytest.fixture
def out(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the output (and its input) to tamper with."""
    shutil.copy(built / "in.parquet", tmp_path / "in.parquet")
    shutil.copytree(built / "out", tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "out"


def load(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


def save(out: Path, manifest: dict[str, Any]) -> None:
    """Write an edited manifest, signed again with the run's key: only the cross-checks can
    notice (an edit the signature catches is tested apart)."""
    (out / "manifest.json").write_text(json.dumps(sign(manifest, SecretKey(TEST_KEY.encode()))))


def rewrite_shard(out: Path, kind: str, index: int, edit: Callable[[pa.Table], pa.Table]) -> None:
    """Edit a shard *and* update its manifest entry: only the cross-checks can notice."""
    m = load(out)
    entry = m["outputs"][kind][index]
    path = out / entry["path"]
    table = edit(pq.read_table(path))
    pq.write_table(table, path)
    entry.update(rows=table.num_rows, bytes=path.stat().st_size, sha256=file_sha256(path))
    save(out, m)


def test_an_intact_output_verifies(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m = load(out)
    a = m["counts"]["by_action"]
    assert main(["verify", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"ok: {out}: 6 files match the manifest; {ROWS} rows in = "
        f"{a['kept']} kept + {a['redacted']} redacted + {a['dropped']} dropped; signature ok\n"
    )
    assert a["kept"] + a["redacted"] + a["dropped"] == ROWS and a["dropped"] > 0
    assert main(["verify", str(out), "--check-inputs", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["ok"], payload["files_checked"], payload["rows_in"], payload["problems"]) == (
        True,
        6,
        ROWS,
        [],
    )
    assert payload["signature"] == "ok"


def test_an_edited_manifest_fails_its_signature(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Shards and manifest rewritten together pass every cross-check, but not the signature."""
    m = load(out)
    m["counts"]["by_reason"] = {**m["counts"]["by_reason"], "made_up": 0}
    (out / "manifest.json").write_text(json.dumps(m))  # not signed again
    assert main(["verify", str(out)]) == 2
    assert "its signature does not match its content" in capsys.readouterr().err


def test_the_signature_needs_the_runs_key(out: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.delenv("REDACT_SECRET_KEY")
    assert main(["verify", str(out)]) == 0
    assert capsys.readouterr().out.endswith("; signature not checked\n")
    monkeypatch.setenv("REDACT_SECRET_KEY", "another-key-of-sixteen-bytes-or-more")
    assert main(["verify", str(out)]) == 2
    assert "made with another key" in capsys.readouterr().err


def test_a_run_without_a_key_is_unsigned(tmp_path: Path) -> None:
    unsigned: dict[str, Any] = {"outputs": {"data": [], "audit": []}, "counts": {}}
    assert sign(unsigned, None) == unsigned
    assert check_signature(unsigned, SecretKey(TEST_KEY.encode())) == (False, [])
    assert Verification(tmp_path, signature="none").summary().endswith("; no signature")


def flip_a_byte(out: Path) -> None:
    path = out / "data/part-00001.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))


def add_a_shard(out: Path) -> None:
    shutil.copy(out / "data/part-00000.parquet", out / "data/part-00003.parquet")


def drop_a_data_row(out: Path) -> None:
    rewrite_shard(out, "data", 1, lambda t: t.slice(1))


def duplicate_a_dropped_record(out: Path) -> None:
    def edit(t: pa.Table) -> pa.Table:
        dropped = t.filter(pc.equal(t["action"], "dropped"))
        return pa.concat_tables([t, dropped.slice(0, 1)])

    rewrite_shard(out, "audit", 2, edit)


def remove_a_dropped_record(out: Path) -> None:
    def edit(t: pa.Table) -> pa.Table:
        dropped = pc.indices_nonzero(pc.equal(t["action"], "dropped")).to_pylist()
        return t.filter(pa.array([i != dropped[0] for i in range(t.num_rows)]))

    rewrite_shard(out, "audit", 2, edit)


def bump_kept(out: Path) -> None:
    m = load(out)
    m["counts"]["by_action"]["kept"] += 1
    save(out, m)


def first_dropped_reason(out: Path) -> str:
    t = pq.read_table(out / "audit/part-00002.parquet")
    return str(t.filter(pc.equal(t["action"], "dropped"))["reason"][0].as_py())


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (
            flip_a_byte,
            ["data/part-00001.parquet: content does not match its SHA-256 in the manifest"],
        ),
        (
            lambda out: (out / "audit/part-00001.parquet").unlink(),
            ["audit/part-00001.parquet: missing"],
        ),
        (add_a_shard, ["data/part-00003.parquet: not listed in the manifest"]),
        (
            drop_a_data_row,
            [
                "data/part-00001.parquet: {d1} rows, but its audit shard has {l1} rows in the data",
                "the data has {data_m1} rows; "
                "expected kept ({kept}) + redacted ({redacted}) - forgotten (0)",
            ],
        ),
        (
            duplicate_a_dropped_record,
            [
                "the audit has 61 records; expected rows in (60) + forgotten (0)",
                "the audit has {dropped_p1} 'dropped' records; counts.by_action says {dropped}",
                "the audit has {reason_p1} records with reason '{reason}'; "
                "counts.by_reason says {reason_n}",
                "input in.parquet: 1 rows have more than one audit record",
            ],
        ),
        (
            remove_a_dropped_record,
            [
                "the audit has 59 records; expected rows in (60) + forgotten (0)",
                "the audit has {dropped_m1} 'dropped' records; counts.by_action says {dropped}",
                "the audit has {reason_m1} records with reason '{reason}'; "
                "counts.by_reason says {reason_n}",
                "input in.parquet: 60 rows, but audit records for 59 of them",
            ],
        ),
        (
            bump_kept,
            [
                "rows in (60) != kept ({kept_p1}) + redacted ({redacted}) + dropped ({dropped})",
                "the data has {data} rows; "
                "expected kept ({kept_p1}) + redacted ({redacted}) - forgotten (0)",
                "the audit has {kept} 'kept' records; counts.by_action says {kept_p1}",
            ],
        ),
        (
            lambda out: (out / "manifest.json").unlink(),
            ["no manifest.json: not a redact output, or an incomplete one"],
        ),
        (
            lambda out: (out / "manifest.json").write_text('{"outputs": '),
            ["manifest.json is not valid JSON"],
        ),
        (
            lambda out: save(out, {**load(out), "run_id": "0" * 16}),
            [
                f"audit/part-0000{i}.parquet: records with another run_id than the manifest's"
                for i in range(3)
            ],
        ),
        (
            lambda out: save(
                out,
                {
                    **load(out),
                    "outputs": {
                        **load(out)["outputs"],
                        "data": [
                            {**e, "path": "../../etc/passwd"} if i == 0 else e
                            for i, e in enumerate(load(out)["outputs"]["data"])
                        ],
                    },
                },
            ),
            [
                "the manifest lists a path outside data/ and audit/: '../../etc/passwd'",
                "data/part-00000.parquet: not listed in the manifest",
            ],
        ),
        (
            lambda out: Path("in.parquet").write_bytes(Path("in.parquet").read_bytes()[:-1] + b"X"),
            [
                "input in.parquet: changed since the run (SHA-256 differs)",
            ],
        ),
    ],
    ids=[
        "byte_flipped",
        "shard_deleted",
        "shard_added",
        "data_row_removed",
        "record_duplicated",
        "record_removed",
        "count_edited",
        "no_manifest",
        "manifest_not_json",
        "run_id_edited",
        "path_traversal",
        "input_changed",
    ],
)
def test_every_tampering_is_reported(
    tamper: Callable[[Path], None],
    expected: list[str],
    out: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    m = load(out)
    a, reasons = m["counts"]["by_action"], m["counts"]["by_reason"]
    reason = first_dropped_reason(out)
    d1 = m["outputs"]["data"][1]["rows"]
    values = {
        "kept": a["kept"],
        "kept_p1": a["kept"] + 1,
        "redacted": a["redacted"],
        "dropped": a["dropped"],
        "dropped_p1": a["dropped"] + 1,
        "dropped_m1": a["dropped"] - 1,
        "data": a["kept"] + a["redacted"],
        "data_m1": a["kept"] + a["redacted"] - 1,
        "d1": d1 - 1,
        "l1": d1,
        "reason": reason,
        "reason_n": reasons[reason],
        "reason_p1": reasons[reason] + 1,
        "reason_m1": reasons[reason] - 1,
    }
    tamper(out)
    problems = [p.format(**values) for p in expected]
    assert verify_output(out, check_inputs=True).problems == problems
    assert main(["verify", str(out), "--check-inputs"]) == 2
    err = capsys.readouterr().err
    n = len(problems)
    assert err == "".join(f"redact: verify: {p}\n" for p in problems) + (
        f"redact: error: {out} does not match its manifest ({n} problem{'s' * (n != 1)})\n"
    )


def test_verify_of_a_missing_output_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"redact: error: output not found: {tmp_path / 'nope'}\n"


def test_an_output_still_verifies_after_forget(out: Path) -> None:
    """`forget` appends `forgotten` records: the accounting allows for them, and only them."""
    result = forget(out, ["m001", "m003"])
    assert result.rows_removed > 0
    v = verify_output(out, key=SecretKey(TEST_KEY.encode()))
    assert v.problems == []
    assert v.by_action["forgotten"] == result.rows_removed
    assert "forgotten since" in v.summary()
    assert v.signature == "ok"  # forget signed its new manifest again


def test_a_datasets_format_output_verifies_and_its_state_is_checked(tmp_path: Path) -> None:
    pytest.importorskip("datasets")  # the `hf` extra; installed by `make test`
    write_parquet(tmp_path / "in.parquet", posts(30), row_group_size=10)
    out = tmp_path / "out"
    run(
        RunOptions(
            inputs=[tmp_path / "in.parquet"],
            out=out,
            workers=1,
            quiet=True,
            rows_per_task=10,
            detector_factory=FakeDetectorFactory(),
            output_format="datasets",
        )
    )
    assert verify_output(out).problems == []
    assert verify_output(out).files_checked == 6
    state = out / "data" / "state.json"
    state.write_text(state.read_text().replace("data-00002-of-00003", "data-00009-of-00003"))
    assert verify_output(out).problems == [
        "data/state.json: names other data files than the manifest"
    ]
    cut = out / "data" / "data-00001-of-00003.arrow"
    size = cut.stat().st_size
    cut.write_bytes(cut.read_bytes()[: size // 2])
    assert verify_output(out).problems == [
        f"data/data-00001-of-00003.arrow: {size // 2} bytes, the manifest says {size}",
        "data/data-00001-of-00003.arrow: not a readable Arrow file",
        "data/state.json: names other data files than the manifest",
    ]
