"""Input formats give the output of Parquet; `--format datasets` writes a save_to_disk dir.

The same generated posts are written as Parquet, a `datasets` save_to_disk directory, an
Arrow IPC file, a Feather file, an Arrow IPC stream and JSON Lines; `redact run` must keep
the same rows with the same texts and take the same decision on every row of each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq
import pytest

from redact.cli import main
from redact.io.readers import discover_inputs
from redact.io.writers import file_sha256
from redact.run import RunOptions, run
from tests.conftest import write_generated_corpus
from tests.fakes import FakeDetectorFactory

ROWS, SEED, CHUNK = 300, 11, 100
DATA_COLUMNS = ["post_id", "author_id", "country", "kind", "lang", "text"]
AUDIT_COLUMNS = ["row_id", "user_key", "action", "reason", "entities"]


def _write_jsonl(table: pa.Table, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in table.to_pylist():
            row["created_at"] = row["created_at"].isoformat()
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_arrow_file(table: pa.Table, path: Path) -> None:
    with ipc.new_file(path, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=CHUNK):
            writer.write_batch(batch)


def _write_arrow_stream(table: pa.Table, path: Path) -> None:
    with ipc.new_stream(path, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=CHUNK):
            writer.write_batch(batch)


def _write_save_to_disk(table: pa.Table, path: Path) -> None:
    import datasets

    datasets.Dataset(table).save_to_disk(str(path), num_shards=2)


WRITERS = {
    "save_to_disk": (_write_save_to_disk, "posts_hf"),
    "arrow_file": (_write_arrow_file, "posts.arrow"),
    "feather": (lambda t, p: feather.write_feather(t, p, chunksize=CHUNK), "posts.feather"),
    "arrow_stream": (_write_arrow_stream, "posts.arrows"),
    "jsonl": (_write_jsonl, "posts.jsonl"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("formats")
    table = write_generated_corpus(root, ROWS, SEED, CHUNK)
    paths = {"parquet": root / "posts.parquet", "ledger": root / "ledger.parquet"}
    for fmt, (write, name) in WRITERS.items():
        write(table, root / name)
        paths[fmt] = root / name
    return paths


def _run(inputs: list[Path], out: Path, ledger: Path, **kw: Any) -> dict[str, Any]:
    return run(RunOptions(inputs=inputs, out=out, consent=ledger, workers=1, quiet=True, report=False,
                          detector_factory=FakeDetectorFactory(), rows_per_task=CHUNK, **kw))  # fmt: skip


@pytest.fixture(scope="module")
def parquet_run(corpus: dict[str, Path], key_env: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet_run") / "out"
    _run([corpus["parquet"]], out, corpus["ledger"])
    return out


def _audit(out: Path) -> list[dict[str, Any]]:
    """Audit rows in input order: by file, then row index (`source` is FILE:ROW_INDEX)."""
    table = pq.read_table(out / "audit")
    rows = table.select(AUDIT_COLUMNS).to_pylist()
    order = [(f, int(i)) for f, i in (s.rsplit(":", 1) for s in table.column("source").to_pylist())]
    return [r for _, r in sorted(zip(order, rows, strict=True), key=lambda p: p[0])]


def test_the_corpus_exercises_every_decision(parquet_run: Path) -> None:
    manifest = json.loads((parquet_run / "manifest.json").read_text())
    by_action = manifest["counts"]["by_action"]
    assert by_action["kept"] > 0 and by_action["redacted"] > 0 and by_action["dropped"] > 0
    assert {"region_excluded", "opted_out"} <= set(manifest["counts"]["by_reason"])
    assert manifest["data_format"] == "parquet"


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_input_format_gives_the_output_of_parquet(
    fmt: str, corpus: dict[str, Path], parquet_run: Path, key_env: None, tmp_path: Path
) -> None:
    manifest = _run([corpus[fmt]], tmp_path / "out", corpus["ledger"])
    expected = pq.read_table(parquet_run / "data").select(DATA_COLUMNS).to_pylist()
    assert pq.read_table(tmp_path / "out" / "data").select(DATA_COLUMNS).to_pylist() == expected
    assert _audit(tmp_path / "out") == _audit(parquet_run)
    reference = json.loads((parquet_run / "manifest.json").read_text())["counts"]
    for key in ("by_action", "by_reason", "by_entity", "rows_in"):
        assert manifest["counts"][key] == reference[key]


def test_a_save_to_disk_directory_is_read_through_its_state_file(corpus: dict[str, Path]) -> None:
    files = discover_inputs([corpus["save_to_disk"]])
    assert [f.path.name for f in files] == ["data-00000-of-00002.arrow", "data-00001-of-00002.arrow"]
    assert {f.format for f in files} == {"arrow_stream"}


def test_a_bad_jsonl_line_is_one_dropped_row_and_the_rest_matches(
    corpus: dict[str, Path], parquet_run: Path, key_env: None, tmp_path: Path
) -> None:
    lines = corpus["jsonl"].read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join([*lines[:5], '{"post_id": "x", oops\n', *lines[5:]]), encoding="utf-8")
    manifest = _run([broken], tmp_path / "out", corpus["ledger"])
    expected = pq.read_table(parquet_run / "data").select(DATA_COLUMNS).to_pylist()
    assert pq.read_table(tmp_path / "out" / "data").select(DATA_COLUMNS).to_pylist() == expected
    audit = pq.read_table(tmp_path / "out" / "audit").to_pylist()
    bad = [a for a in audit if a["reason"] == "error:invalid_json"]
    assert [a["source"] for a in bad] == [f"{broken}:5"]
    assert manifest["counts"]["rows_in"] == ROWS + 1


def test_a_dataset_dict_directory_is_refused_with_one_line(
    corpus: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datasets

    table = pq.read_table(corpus["parquet"]).slice(0, 10)
    datasets.DatasetDict({"train": datasets.Dataset(table)}).save_to_disk(str(tmp_path / "dd"))
    capsys.readouterr()  # the progress bar of save_to_disk
    assert main(["run", str(tmp_path / "dd"), "--out", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "DatasetDict" in err and "train" in err
    assert not (tmp_path / "out").exists()


# -- --format datasets ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def datasets_run(corpus: dict[str, Path], key_env: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("datasets_run") / "out"
    _run([corpus["parquet"]], out, corpus["ledger"], output_format="datasets")
    return out


def test_format_datasets_writes_a_directory_load_from_disk_opens(datasets_run: Path, parquet_run: Path) -> None:
    import datasets

    ds = datasets.load_from_disk(str(datasets_run / "data"))
    expected = pq.read_table(parquet_run / "data")
    assert ds.select_columns(DATA_COLUMNS).to_list() == expected.select(DATA_COLUMNS).to_pylist()
    assert ds.features == datasets.Features.from_arrow_schema(expected.schema)
    # the audit stays Parquet, identical to the Parquet run's
    assert _audit(datasets_run) == _audit(parquet_run)


def test_format_datasets_manifest_lists_the_arrow_shards(datasets_run: Path) -> None:
    manifest = json.loads((datasets_run / "manifest.json").read_text())
    assert manifest["data_format"] == "datasets"
    shards = manifest["outputs"]["data"]
    names = [Path(s["path"]).name for s in shards]
    total = len(manifest["outputs"]["audit"])
    assert names == [f"data-{i:05d}-of-{total:05d}.arrow" for i in range(total)]
    for shard in shards:
        assert file_sha256(datasets_run / shard["path"]) == shard["sha256"]
        with ipc.open_stream(datasets_run / shard["path"]) as reader:
            assert reader.read_all().num_rows == shard["rows"]
    by_action = manifest["counts"]["by_action"]
    assert sum(s["rows"] for s in shards) == by_action["kept"] + by_action["redacted"]
    assert not list((datasets_run / "data").glob("*.parquet"))
    state = json.loads((datasets_run / "data" / "state.json").read_text())
    assert [f["filename"] for f in state["_data_files"]] == names
    assert main(["verify", str(datasets_run)]) == 0


def test_format_datasets_output_is_a_valid_redact_input(datasets_run: Path) -> None:
    files = discover_inputs([datasets_run / "data"])
    manifest = json.loads((datasets_run / "manifest.json").read_text())
    assert [str(f.path.relative_to(datasets_run)) for f in files] == [s["path"] for s in manifest["outputs"]["data"]]


@pytest.mark.parametrize(
    ("value", "code"),
    [("datasets", 0), ("parquet", 0), ("dataset", 2), ("arrow", 2), ("", 2)],
)
def test_cli_format_option(
    value: str, code: int, corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI builds the real detector: make it the fake one, the option is what is tested.
    import redact.detect.presidio as presidio

    monkeypatch.setattr(presidio, "PresidioDetectorFactory", lambda detection: FakeDetectorFactory())
    out = tmp_path / "out"
    argv = ["run", str(corpus["parquet"]), "--out", str(out), "--workers", "1", "-q", "--format", value]
    assert main(argv) == code
    if code == 0:
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["data_format"] == value
        suffix = ".arrow" if value == "datasets" else ".parquet"
        assert all(s["path"].endswith(suffix) for s in manifest["outputs"]["data"])
    else:
        assert not out.exists()
