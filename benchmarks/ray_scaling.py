"""Ray engine scaling: the same `redact run --engine ray` with a pool of 1 actor, then 2.

    .venv/bin/python benchmarks/ray_scaling.py --rows 4000 [--no-ner] [--out result.json]

Generates posts and a ledger (deterministic, from --seed), then for each pool size starts a
private local Ray session (`--workers N`: N actors, plus one CPU for the driver),
times `run()` alone (Ray's own start-up is reported apart), and stops the session. Prints
one JSON object: seconds and rows/s per pool size, the speed-up, the machine's load, and
the speed-up plain busy loops get on the same cores just before (its ceiling on a shared box).
Each actor loads the language models once, so the model load is inside the timings, as in a
real run: use enough rows for the redaction itself to dominate.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ.setdefault("REDACT_SECRET_KEY", "ray-scaling-benchmark-key-not-secret")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=4000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--tasks", type=int, default=16, help="read tasks (shards) the rows are split into")
    p.add_argument("--actors", type=int, nargs="+", default=[1, 2])
    p.add_argument("--no-ner", action="store_true", help="fast mode: no spaCy model")
    p.add_argument("--out", type=Path, help="also write the JSON result here")
    return p


def _prepare(root: Path, rows: int, seed: int, tasks: int) -> tuple[Path, Path, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from redact.synth import default_member_count, generate_ledger, generate_posts

    per_task = max(1, -(-rows // tasks))
    table = pa.Table.from_batches(list(generate_posts(rows, seed, per_task)))
    posts, ledger = root / "posts.parquet", root / "ledger.parquet"
    pq.write_table(table, posts, row_group_size=per_task)
    pq.write_table(generate_ledger(seed, default_member_count(rows)), ledger)
    return posts, ledger, per_task


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def probe_parallelism(processes: int, n: int = 6_000_000) -> float:
    """How much faster `processes` busy loops finish together than one after the other, on
    this machine now: the ceiling for the speed-up (other processes share the cores too)."""
    import multiprocessing as mp

    start = time.perf_counter()
    for _ in range(processes):
        _spin(n)
    serial = time.perf_counter() - start
    with mp.get_context("spawn").Pool(processes) as pool:
        pool.map(_spin, [1] * processes)  # start-up is not part of the measure
        start = time.perf_counter()
        pool.map(_spin, [n] * processes)
        parallel = time.perf_counter() - start
    return round(serial / parallel, 2)


def _measure(actors: int, posts: Path, ledger: Path, per_task: int, out: Path, no_ner: bool) -> dict[str, Any]:
    import ray

    from redact.policy import Policy
    from redact.ray_engine import start_local_ray
    from redact.run import RunOptions, run

    policy = Policy.default().with_ner(not no_ner)
    t0 = time.perf_counter()
    start_local_ray(actors)
    started = time.perf_counter()
    try:
        manifest = run(RunOptions(inputs=[posts], out=out, policy=policy, consent=ledger, workers=actors,
                                  engine="ray", rows_per_task=per_task, quiet=True, report=False))  # fmt: skip
        seconds = time.perf_counter() - started
    finally:
        ray.shutdown()
    rows = manifest["counts"]["rows_in"]
    steps = manifest["timings"]["steps_cpu_s"]
    return {
        "actors": actors,
        "ray_start_s": round(started - t0, 2),
        "run_s": round(seconds, 2),
        "rows_per_s": round(rows / seconds, 1),
        # Time spent inside the pipeline steps, summed over actors: about run_s x actors when
        # they run in parallel; when it grows with the actors instead, they share cores.
        "steps_s": round(sum(steps.values()), 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "data_sha256": [s["sha256"] for s in manifest["outputs"]["data"]],
    }


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="redact-ray-scaling-") as tmp:
        root = Path(tmp)
        posts, ledger, per_task = _prepare(root, args.rows, args.seed, args.tasks)
        load_before = os.getloadavg()
        ceiling = {str(n): probe_parallelism(n) for n in args.actors}
        runs = [_measure(n, posts, ledger, per_task, root / f"out-{n}", args.no_ner) for n in args.actors]
    base = runs[0]["run_s"]
    identical = all(r["data_sha256"] == runs[0]["data_sha256"] for r in runs)
    result = {
        "benchmark": "ray_scaling",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "rows": args.rows,
        "tasks": args.tasks,
        "ner": not args.no_ner,
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "runs": [{k: v for k, v in r.items() if k != "data_sha256"} for r in runs],
        "speedup": {str(r["actors"]): round(base / r["run_s"], 2) for r in runs},
        # The same ratio for plain busy loops, measured just before: what the cores allowed.
        "machine_speedup_ceiling": ceiling,
        "identical_output": identical,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
