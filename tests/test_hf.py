"""`redact_dataset` on Hugging Face `Dataset` and `IterableDataset`: the rows of `redact run`.

The reference is `redact run` on the same generated posts and ledger written as Parquet;
`redact_dataset` must keep the same rows, with the same texts and pseudonyms, and decide
every row as the run's audit does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact import hf
from redact.errors import InputError, SecretKeyError
from redact.hf import redact_dataset
from redact.keys import SecretKey
from redact.policy import Policy
from redact.run import RunOptions, run
from redact.synth import generate_posts
from tests.conftest import TEST_KEY, write_generated_corpus
from tests.fakes import FakeDetectorFactory

ROWS, SEED, CHUNK = 400, 23, 100
REPO = Path(__file__).resolve().parents[1]
COMPARED = ["post_id", "author_id", "country", "kind", "lang", "created_at", "text"]
AUDIT_COMPARED = ["row_id", "user_key", "action", "reason", "entities", "policy_sha256"]

datasets.disable_progress_bars()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hf")
    table = write_generated_corpus(root, ROWS, SEED, CHUNK)
    # A disk-backed dataset: `map` caches next to its files.
    datasets.Dataset(table).save_to_disk(str(root / "posts_hf"))
    return {"parquet": root / "posts.parquet", "ledger": root / "ledger.parquet", "hf": root / "posts_hf"}


@pytest.fixture(scope="module")
def reference(corpus: dict[str, Path], key_env: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("hf_run") / "out"
    manifest = run(RunOptions(inputs=[corpus["parquet"]], out=out, consent=corpus["ledger"], workers=1, quiet=True,
                              report=False, detector_factory=FakeDetectorFactory(), rows_per_task=CHUNK))  # fmt: skip
    audit = pq.read_table(out / "audit")
    return {
        "data": pq.read_table(out / "data"),
        "audit": audit,
        "indices": [int(s.rsplit(":", 1)[1]) for s in audit.column("source").to_pylist()],
        "counts": manifest["counts"],
    }


def _load(corpus: dict[str, Path]) -> Any:
    return datasets.load_from_disk(str(corpus["hf"]))


def _redact(ds: Any, corpus: dict[str, Path], **kw: Any) -> Any:
    return redact_dataset(ds, consent=corpus["ledger"], detector_factory=FakeDetectorFactory(), **kw)


def _counts(actions: list[str], reasons: list[str | None]) -> tuple[dict[str, int], dict[str, int]]:
    by_action: dict[str, int] = {}
    by_reason: dict[str, int] = {}
    for a, r in zip(actions, reasons, strict=True):
        by_action[a] = by_action.get(a, 0) + 1
        if r is not None:
            by_reason[r] = by_reason.get(r, 0) + 1
    return by_action, by_reason


def test_reference_run_keeps_and_drops_rows(reference: dict[str, Any]) -> None:
    by_action = reference["counts"]["by_action"]
    assert by_action["kept"] > 0 and by_action["redacted"] > 0 and by_action["dropped"] > 0


def test_dataset_gives_the_rows_and_audit_of_redact_run(
    corpus: dict[str, Path], reference: dict[str, Any], key_env: None
) -> None:
    data, audit = _redact(_load(corpus), corpus, return_audit=True)
    assert data.select_columns(COMPARED).to_list() == reference["data"].select(COMPARED).to_pylist()
    assert data.column_names == reference["data"].column_names
    assert data.format["type"] is None  # the input's format is kept
    ref_audit = reference["audit"]
    assert audit.select_columns(AUDIT_COMPARED).to_list() == ref_audit.select(AUDIT_COMPARED).to_pylist()
    assert audit["source"] == [f"dataset:{i}" for i in reference["indices"]]
    counts = reference["counts"]
    assert _counts(audit["action"], audit["reason"]) == (counts["by_action"], counts["by_reason"])


def test_num_proc_workers_give_the_same_rows(corpus: dict[str, Path], reference: dict[str, Any], key_env: None) -> None:
    data, audit = _redact(_load(corpus), corpus, return_audit=True, num_proc=2, batch_size=64)
    assert data.select_columns(COMPARED).to_list() == reference["data"].select(COMPARED).to_pylist()
    assert audit["row_id"] == reference["audit"].column("row_id").to_pylist()


def test_iterable_dataset_streams_the_same_rows_and_audit(
    corpus: dict[str, Path], reference: dict[str, Any], key_env: None, tmp_path: Path
) -> None:
    stream = _load(corpus).to_iterable_dataset(num_shards=3)
    assert hf._streams_arrow(stream)
    out = _redact(stream, corpus, audit_path=tmp_path / "audit")
    assert isinstance(out, datasets.IterableDataset)
    assert not list((tmp_path / "audit").glob("*.parquet"))  # lazy: nothing ran yet
    rows = list(out)
    assert [{k: r[k] for k in COMPARED} for r in rows] == reference["data"].select(COMPARED).to_pylist()
    audit = pq.read_table(tmp_path / "audit")
    assert audit.select(AUDIT_COMPARED).to_pylist() == reference["audit"].select(AUDIT_COMPARED).to_pylist()
    counts = reference["counts"]
    by = _counts(audit.column("action").to_pylist(), audit.column("reason").to_pylist())
    assert by == (counts["by_action"], counts["by_reason"])
    # Iterating again rewrites the same files instead of adding new ones.
    files = sorted(p.name for p in (tmp_path / "audit").glob("*.parquet"))
    assert len(list(out)) == len(rows)
    assert sorted(p.name for p in (tmp_path / "audit").glob("*.parquet")) == files


def test_iterable_dataset_of_python_rows_gives_the_same_rows(
    corpus: dict[str, Path], reference: dict[str, Any], key_env: None, tmp_path: Path
) -> None:
    source = _load(corpus)
    rows = source.to_list()
    stream = datasets.IterableDataset.from_generator(lambda: iter(rows), features=source.features)
    assert not hf._streams_arrow(stream)  # the row path, not the Arrow one
    out = _redact(stream, corpus, audit_path=tmp_path / "audit", batch_size=64)
    assert [{k: r[k] for k in COMPARED} for r in out] == reference["data"].select(COMPARED).to_pylist()
    audit = pq.read_table(tmp_path / "audit")
    assert audit.select(AUDIT_COMPARED).to_pylist() == reference["audit"].select(AUDIT_COMPARED).to_pylist()


def test_iterable_dataset_is_processed_batch_by_batch(corpus: dict[str, Path], key_env: None, tmp_path: Path) -> None:
    stream = _load(corpus).to_iterable_dataset()
    out = _redact(stream, corpus, audit_path=tmp_path / "audit", batch_size=50)
    next(iter(out))
    written = pq.read_table(tmp_path / "audit")
    assert 0 < written.num_rows < ROWS and written.num_rows % 50 == 0


def test_audit_path_of_a_dataset_holds_the_audit(corpus: dict[str, Path], reference: dict[str, Any], key_env: None,
                                                 tmp_path: Path) -> None:  # fmt: skip
    _redact(_load(corpus), corpus, audit_path=tmp_path / "audit")
    audit = pq.read_table(tmp_path / "audit")
    assert audit.schema.names == reference["audit"].schema.names
    assert audit.select(AUDIT_COMPARED).to_pylist() == reference["audit"].select(AUDIT_COMPARED).to_pylist()


def test_a_consent_ledger_given_as_a_table_acts_like_the_file(
    corpus: dict[str, Path], reference: dict[str, Any], key_env: None
) -> None:
    ledger = pq.read_table(corpus["ledger"])
    data = redact_dataset(_load(corpus), consent=ledger, detector_factory=FakeDetectorFactory())
    assert data["post_id"] == reference["data"].column("post_id").to_pylist()


# -- the datasets cache ---------------------------------------------------------------------------


def _fingerprint(ds: Any, corpus: dict[str, Path], **kw: Any) -> str:
    """The fingerprint of the map's result (the cache key), as redact_dataset computes it."""
    policy = kw.pop("policy", Policy.default())
    consent = kw.pop("consent", corpus["ledger"])
    _, fingerprint = hf._build_spec(ds, policy, consent, kw.pop("key", None), ds.features.arrow_schema, None,
                                    "dataset", FakeDetectorFactory(), None)  # fmt: skip
    return fingerprint


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({}, True),
        ({"key": SecretKey(TEST_KEY.encode())}, True),  # the same key given explicitly
        ({"key": SecretKey(b"another-key-0123456789")}, False),
        ({"policy": Policy.default().with_ner(False)}, False),
        ({"consent": None}, False),
        ({"rows": 399}, False),
    ],
)
def test_the_cache_key_changes_with_what_changes_the_output(
    change: dict[str, Any], same: bool, corpus: dict[str, Path], key_env: None
) -> None:
    base = _fingerprint(_load(corpus), corpus)
    ds = _load(corpus)
    if "rows" in change:
        ds = ds.select(range(change.pop("rows")))
    assert (_fingerprint(ds, corpus, **change) == base) is same


def test_the_cache_key_never_holds_the_key(corpus: dict[str, Path], key_env: None) -> None:
    ds = _load(corpus)
    spec, fingerprint = hf._build_spec(ds, Policy.default(), corpus["ledger"], None, ds.features.arrow_schema,
                                       None, "dataset", FakeDetectorFactory(), None)  # fmt: skip
    assert spec.run.key_material == TEST_KEY.encode()
    assert TEST_KEY not in fingerprint and TEST_KEY.encode().hex() not in fingerprint
    assert TEST_KEY not in spec.token and TEST_KEY not in spec.run_id


def test_the_cache_works_across_sessions(corpus: dict[str, Path], key_env: None, tmp_path: Path) -> None:
    """A first Python process fills the cache; this one reads it without running the pipeline."""
    target = tmp_path / "posts_hf"
    _load(corpus).save_to_disk(str(target))
    script = (
        "import datasets, json, sys; from redact import redact_dataset; from tests.fakes import FakeDetectorFactory\n"
        "datasets.disable_progress_bars()\n"
        "ds = datasets.load_from_disk(sys.argv[1])\n"
        "out = redact_dataset(ds, consent=sys.argv[2], detector_factory=FakeDetectorFactory())\n"
        "print(json.dumps({'fingerprint': out._fingerprint, 'rows': list(out['post_id'])}))\n"
    )
    env = {**os.environ, "REDACT_SECRET_KEY": TEST_KEY, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, "-c", script, str(target), str(corpus["ledger"])], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    first = json.loads(done.stdout.strip().splitlines()[-1])
    cached = {p.name for p in target.glob("cache-*.arrow")}
    assert cached, "the first session left no cache file"
    hf.clear_pipelines()
    again = _redact(datasets.load_from_disk(str(target)), corpus)
    assert hf._pipelines == {}, "the pipeline ran: the cache was not used"
    assert again._fingerprint == first["fingerprint"] and again["post_id"] == first["rows"]
    assert {p.name for p in target.glob("cache-*.arrow")} == cached


# -- errors ------------------------------------------------------------------------------------


def test_a_missing_policy_column_is_named(corpus: dict[str, Path], key_env: None) -> None:
    ds = _load(corpus).remove_columns(["country"])
    with pytest.raises(InputError, match="'country'"):
        _redact(ds, corpus)


def test_no_key_is_a_one_line_error(corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDACT_SECRET_KEY")
    with pytest.raises(SecretKeyError, match="REDACT_SECRET_KEY"):
        _redact(_load(corpus), corpus)


@pytest.mark.parametrize(
    ("make", "kwargs", "error"),
    [
        (lambda ds: ds.to_iterable_dataset(), {"return_audit": True}, ValueError),
        (lambda ds: ds.to_pandas(), {}, TypeError),
        (lambda ds: ds.with_format("arrow")[:5], {}, TypeError),
    ],
)
def test_wrong_arguments_are_refused(
    make: Any, kwargs: dict[str, Any], error: type[Exception], corpus: dict[str, Path], key_env: None
) -> None:
    with pytest.raises(error):
        _redact(make(_load(corpus)), corpus, **kwargs)


# -- the real detector ----------------------------------------------------------------------------


@pytest.mark.models
def test_real_detector_gives_the_texts_of_redact_run(key_env: None, tmp_path: Path) -> None:
    table = pa.Table.from_batches(list(generate_posts(60, SEED, 60)))
    pq.write_table(table, tmp_path / "posts.parquet")
    run(RunOptions(inputs=[tmp_path / "posts.parquet"], out=tmp_path / "out", workers=1, quiet=True, report=False))
    expected = pq.read_table(tmp_path / "out" / "data")
    assert expected.num_rows > 0
    data = redact_dataset(datasets.Dataset(table))
    assert data["post_id"] == expected.column("post_id").to_pylist()
    assert data["text"] == expected.column("text").to_pylist()
    hf.clear_pipelines()
