"""`redact run --engine ray`, and the acceptance check of the three ways to run redact.

On the same generated posts and ledger, the local engine, the Ray engine and
`redact_dataset` (on a `Dataset` and on an `IterableDataset`) must keep the same rows with
the same texts and count the same decisions. Ray start-up is slow on 2 cores: the module
shares one local Ray session, and keeps the Ray tests few.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import datasets
import pyarrow.parquet as pq
import pytest

from redact.errors import InputError
from redact.hf import redact_dataset
from redact.ray_engine import pool_size
from redact.run import RunOptions, run
from tests.conftest import write_generated_corpus
from tests.fakes import FakeDetectorFactory

ROWS, SEED, CHUNK = 600, 31, 100
COMPARED = ["post_id", "author_id", "text"]

datasets.disable_progress_bars()


@pytest.mark.parametrize(
    ("cluster_cpus", "workers", "tasks", "expected"),
    [
        (2, 2, 10, 1),  # a 2-core cluster: one CPU stays free for the driver
        (3, 2, 10, 2),  # the local session redact starts for --workers 2
        (1, 4, 10, 1),  # never fewer than one actor
        (0.5, 4, 10, 1),
        (16, 4, 10, 4),  # --workers caps the pool
        (16, 32, 10, 10),  # no idle actors: at most one per task
        (16, 32, 1, 1),
        (8.9, 32, 100, 7),  # fractional CPUs round down
    ],
)
def test_pool_size(cluster_cpus: float, workers: int, tasks: int, expected: int) -> None:
    assert pool_size(cluster_cpus, workers, tasks) == expected


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    import redact.ray_engine as engine

    engine.start_local_ray(2)
    import ray

    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("ray")
    table = write_generated_corpus(root, ROWS, SEED, CHUNK)
    return {"root": root, "table": table, "posts": root / "posts.parquet", "ledger": root / "ledger.parquet"}


def _run(corpus: dict[str, Any], out: Path, **kw: Any) -> dict[str, Any]:
    return run(RunOptions(inputs=[corpus["posts"]], out=out, consent=corpus["ledger"], quiet=True, report=False,
                          detector_factory=FakeDetectorFactory(), rows_per_task=CHUNK, **kw))  # fmt: skip


@pytest.fixture(scope="module")
def local_run(corpus: dict[str, Any], key_env: None) -> dict[str, Any]:
    out = corpus["root"] / "local"
    return {"out": out, "manifest": _run(corpus, out, workers=1)}


@pytest.fixture(scope="module")
def ray_run(corpus: dict[str, Any], key_env: None, ray_session: None) -> dict[str, Any]:
    out = corpus["root"] / "ray"
    return {"out": out, "manifest": _run(corpus, out, workers=2, engine="ray")}


def _decisions(audit: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    return {
        "by_action": Counter(a["action"] for a in audit),
        "by_reason": Counter(a["reason"] for a in audit if a["reason"] is not None),
        "by_entity": Counter(e["type"] for a in audit for e in a["entities"]),
    }


@pytest.mark.ray
def test_local_ray_and_datasets_keep_the_same_rows_and_count_the_same(
    corpus: dict[str, Any], local_run: dict[str, Any], ray_run: dict[str, Any], key_env: None, tmp_path: Path
) -> None:
    expected = pq.read_table(local_run["out"] / "data").select(COMPARED).to_pylist()
    expected_decisions = _decisions(pq.read_table(local_run["out"] / "audit").to_pylist())
    assert expected and expected_decisions["by_action"]["dropped"] > 0
    assert expected_decisions["by_action"]["redacted"] > 0

    ray_rows = pq.read_table(ray_run["out"] / "data").select(COMPARED).to_pylist()
    ds = datasets.Dataset(corpus["table"])
    data, audit = redact_dataset(ds, consent=corpus["ledger"], detector_factory=FakeDetectorFactory(),
                                 return_audit=True)  # fmt: skip
    stream = redact_dataset(ds.to_iterable_dataset(num_shards=2), consent=corpus["ledger"],
                            detector_factory=FakeDetectorFactory(), audit_path=tmp_path / "audit")  # fmt: skip
    stream_rows = [{k: r[k] for k in COMPARED} for r in stream]

    assert ray_rows == expected
    assert data.select_columns(COMPARED).to_list() == expected
    assert stream_rows == expected
    assert _decisions(pq.read_table(ray_run["out"] / "audit").to_pylist()) == expected_decisions
    assert _decisions(audit.to_list()) == expected_decisions
    assert _decisions(pq.read_table(tmp_path / "audit").to_pylist()) == expected_decisions
    local_counts, ray_counts = local_run["manifest"]["counts"], ray_run["manifest"]["counts"]
    assert ray_counts == local_counts


@pytest.mark.ray
def test_ray_writes_the_shards_of_the_local_engine(local_run: dict[str, Any], ray_run: dict[str, Any]) -> None:
    local, remote = local_run["manifest"], ray_run["manifest"]
    assert remote["engine"] == "ray" and remote["run_id"] == local["run_id"]
    assert len(remote["outputs"]["data"]) == ROWS // CHUNK
    for kind in ("data", "audit"):
        assert [(s["path"], s["rows"], s["sha256"]) for s in remote["outputs"][kind]] == [
            (s["path"], s["rows"], s["sha256"]) for s in local["outputs"][kind]
        ]
    assert json.loads((ray_run["out"] / "manifest.json").read_text()) == remote


def _corrupt_second_row_group(src: Path, dst: Path) -> None:
    """Garble the `text` pages of row group 1; the footer (all planning reads) stays valid."""
    data = bytearray(src.read_bytes())
    meta = pq.ParquetFile(src).metadata
    column = meta.row_group(1).column(meta.schema.to_arrow_schema().get_field_index("text"))
    start = column.data_page_offset
    data[start : start + 64] = b"\xff" * 64
    dst.write_bytes(bytes(data))


@pytest.mark.ray
@pytest.mark.parametrize("engine", ["local", "ray"])
def test_an_input_error_in_a_worker_is_a_user_error(
    engine: str, corpus: dict[str, Any], key_env: None, ray_session: None, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.parquet"
    _corrupt_second_row_group(corpus["posts"], broken)
    options = RunOptions(inputs=[broken], out=tmp_path / "out", quiet=True, report=False, workers=1,
                         detector_factory=FakeDetectorFactory(), rows_per_task=CHUNK, engine=engine)  # type: ignore[arg-type]  # fmt: skip
    with pytest.raises(InputError, match=r"broken\.parquet: corrupt or truncated parquet input"):
        run(options)
    assert not (tmp_path / "out").exists()


@pytest.mark.ray
def test_a_raising_task_fails_closed_on_ray_as_locally(key_env: None, ray_session: None, tmp_path: Path) -> None:
    """Retried once, then its shard is written with every row dropped: the local engine's rule."""
    from redact.executor import TASK_FAILED
    from tests.reliability.faults import BUG, BrokenDetectorFactory
    from tests.reliability.rows import audit_by_id, post, write_parquet

    rows = [post(i, country="US", kind="post", ai_training_opt_out=False) for i in range(30)]
    rows[13]["text"] += f" {BUG}"
    source = write_parquet(tmp_path / "in.parquet", rows, row_group_size=10)
    manifests = {}
    for engine in ("local", "ray"):
        options = RunOptions(inputs=[source], out=tmp_path / engine, workers=2, quiet=True, report=False,
                             rows_per_task=10, detector_factory=BrokenDetectorFactory(), engine=engine)  # fmt: skip
        manifests[engine] = run(options)
    reasons = {k: r["reason"] for k, r in audit_by_id(tmp_path / "ray").items()}
    assert {k for k, v in reasons.items() if v == TASK_FAILED} == {f"p{i:05d}" for i in range(10, 20)}
    assert manifests["ray"]["counts"] == manifests["local"]["counts"]
    for kind in ("data", "audit"):
        shards = {engine: [(s["path"], s["sha256"]) for s in m["outputs"][kind]] for engine, m in manifests.items()}
        assert shards["ray"] == shards["local"]


@pytest.mark.ray
@pytest.mark.parametrize("always", [False, True])
def test_a_dead_actor_is_restarted_and_its_task_retried_once(
    always: bool, key_env: None, ray_session: None, tmp_path: Path
) -> None:
    from tests.reliability.faults import DIE, DyingDetectorFactory
    from tests.reliability.rows import post, write_parquet

    rows = [post(i, country="US", kind="post", ai_training_opt_out=False) for i in range(30)]
    rows[13]["text"] += f" {DIE}"
    source = write_parquet(tmp_path / "in.parquet", rows, row_group_size=10)
    factory = DyingDetectorFactory(None if always else str(tmp_path / "died-once"))

    def run_on(engine: str, detector: Any) -> dict[str, Any]:
        options = RunOptions(inputs=[source], out=tmp_path / engine, workers=2, quiet=True, report=False,
                             rows_per_task=10, detector_factory=detector, engine=engine)  # type: ignore[arg-type]  # fmt: skip
        return run(options)

    if always:  # the retry dies too: the run stops (resume later), it does not loop forever
        import ray.exceptions

        with pytest.raises(ray.exceptions.RayActorError):
            run_on("ray", factory)
        assert not (tmp_path / "ray").exists()
        return
    clean = run_on("local", FakeDetectorFactory())
    retried = run_on("ray", factory)
    assert (tmp_path / "died-once").exists()  # the actor did die once
    for kind in ("data", "audit"):
        assert [s["sha256"] for s in retried["outputs"][kind]] == [s["sha256"] for s in clean["outputs"][kind]]
