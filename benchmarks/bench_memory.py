#!/usr/bin/env python3
"""Peak memory of `redact run` does not grow with the input: 1,000,000 rows vs 100,000.

    python benchmarks/bench_memory.py [--small 100000] [--large 1000000] [--workers N]
                                      [--members M] [--ner] [--out FILE] [--work-dir DIR]
                                      [--max-ratio 1.2]

For each size, generates the canonical posts (seed 0, not measured), then runs
`redact run INPUT --out OUT --no-ner --quiet` in a subprocess and samples, every 100 ms,
the summed RSS of that process and all its children (the workers). Prints a JSON report
with the peak RSS, wall time and rows/s of each run, and the ratio of the two peaks.
Exits 1 when the ratio exceeds `--max-ratio`.

Fast mode (`--no-ner`) is the default because a million rows through spaCy takes hours on
a small machine, and memory flatness is a property of the streaming pipeline, not of the
model: `--ner` runs the default mode instead. `--members` fixes the number of distinct
members for both sizes (by default the generator scales it with the rows, up to 50,000).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

_KEY = "redact-bench-memory-throwaway-key"


def tree_rss(proc: psutil.Process) -> int:
    """Summed RSS of a process and its descendants (processes that vanish count 0)."""
    total = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in members:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def run_measured(cmd: list[str], env: dict[str, str], interval: float = 0.1) -> dict[str, Any]:
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(proc))
        time.sleep(interval)
    _, err = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"bench_memory: {' '.join(cmd[:3])} failed ({child.returncode}): {err.decode()[-500:]}")
    return {"peak_rss_mb": round(peak / 2**20, 1), "wall_s": round(time.perf_counter() - start, 2)}


def measure(rows: int, work: Path, workers: int | None, ner: bool, members: int | None) -> dict[str, Any]:
    from redact.synth import write_posts

    source = work / f"posts-{rows}.parquet"
    if not source.exists():
        write_posts(source, rows, 0, members=members)
    out = work / f"out-{rows}"
    shutil.rmtree(out, ignore_errors=True)
    cli = [sys.executable, "-c", "from redact.cli import entry; entry()"]
    cmd = [*cli, "run", str(source), "--out", str(out), "--quiet", "--overwrite"]
    if not ner:
        cmd.append("--no-ner")
    if workers:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "REDACT_SECRET_KEY": _KEY, "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": ""}
    result = run_measured(cmd, env)
    manifest = json.loads((out / "manifest.json").read_text())
    result.update({"rows": rows, "rows_per_s": round(rows / result["wall_s"], 1), "workers": manifest["workers"]})
    shutil.rmtree(out, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--members", type=int, default=None, help="distinct members (default: scaled)")
    parser.add_argument("--ner", action="store_true", help="default mode instead of --no-ner")
    parser.add_argument("--max-ratio", type=float, default=1.2)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="redact-bench-memory-", dir=args.work_dir) as tmp:
        work = Path(tmp)
        small = measure(args.small, work, args.workers, args.ner, args.members)
        large = measure(args.large, work, args.workers, args.ner, args.members)
    ratio = large["peak_rss_mb"] / small["peak_rss_mb"] if small["peak_rss_mb"] else None
    report = {
        "mode": "default" if args.ner else "fast",
        "members": args.members,
        "small": small,
        "large": large,
        "rss_ratio": round(ratio, 3) if ratio is not None else None,
        "max_ratio": args.max_ratio,
        "ok": ratio is not None and ratio <= args.max_ratio,
    }
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
