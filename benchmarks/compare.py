#!/usr/bin/env python3
"""Fail when a `redact bench` report regresses against a committed baseline.

    python benchmarks/compare.py benchmarks/baseline.json latest.json [--tolerance 0.15]

Checks, each printed on one line:

- throughput: every `ratios.<mode>_vs_presidio` of the baseline (texts/s of redact over
  plain Presidio, measured in the same run, so machine speed cancels out) must be at least
  (1 - tolerance) times the baseline's;
- accuracy: each redact mode's strict leak rate may exceed the baseline's by at most
  `--leak-tolerance` (absolute), and default mode must not leak more than plain Presidio
  on the same rows.

Both reports must measure the same thing: the same generated rows (`rows`, `seed`,
`members`) and the same number of `redact` workers, since the ratios depend on both (a
report that lacks one of these keys is not checked on it). A runner with more cores than
the baseline's machine runs more workers by default: pass `redact bench --workers N`, or
commit a baseline made on the runner.

Exit 0 when all checks pass, 1 when one fails, 2 when a report cannot be read or the two
measure different things.
Only the standard library is used, so CI can run it anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

THROUGHPUT_KEYS = ("default_vs_presidio", "fast_vs_presidio")
MODES = ("default", "fast")
# What a report measures: the generated rows and how many redact workers ran.
WORKLOAD_KEYS = ("rows", "seed", "members", "workers")


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"compare: cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or "ratios" not in data:
        raise SystemExit(f"compare: {path} is not a `redact bench` report (no 'ratios')")
    return data


def _leak_rate(report: dict[str, Any], tool: str) -> float | None:
    section = report.get(tool)
    if not isinstance(section, dict):
        return None
    value = section.get("leak", {}).get("leak_rate")
    return float(value) if value is not None else None


def workload_differences(baseline: dict[str, Any], latest: dict[str, Any]) -> list[str]:
    """How the two reports' workloads differ ("rows 10000 in the baseline, 1000 in the latest");
    empty when they match."""
    return [
        f"{key} {baseline[key]!r} in the baseline, {latest[key]!r} in the latest"
        for key in WORKLOAD_KEYS
        if key in baseline and key in latest and baseline[key] != latest[key]
    ]


def compare(baseline: dict[str, Any], latest: dict[str, Any], tolerance: float, leak_tolerance: float) -> list[str]:
    """Human-readable failures (empty when everything passes); prints every check."""
    failures: list[str] = []

    def check(ok: bool, line: str) -> None:
        print(("ok    " if ok else "FAIL  ") + line)
        if not ok:
            failures.append(line)

    for key in THROUGHPUT_KEYS:
        base = baseline["ratios"].get(key)
        if base is None:
            continue
        new = latest["ratios"].get(key)
        if new is None:
            check(False, f"{key}: missing from the latest report (baseline {base:.2f}x)")
            continue
        floor = base * (1 - tolerance)
        check(new >= floor, f"{key}: {new:.2f}x (baseline {base:.2f}x, floor {floor:.2f}x)")
    for mode in MODES:
        tool = f"redact_{mode}"
        base_leak, new_leak = _leak_rate(baseline, tool), _leak_rate(latest, tool)
        if base_leak is None or new_leak is None:
            continue
        ceiling = base_leak + leak_tolerance
        check(new_leak <= ceiling, f"{tool} leak rate: {new_leak:.4f} (baseline {base_leak:.4f}, max {ceiling:.4f})")
    default_leak, presidio_leak = _leak_rate(latest, "redact_default"), _leak_rate(latest, "presidio")
    if default_leak is not None and presidio_leak is not None:
        check(
            default_leak <= presidio_leak,
            f"redact_default leak rate {default_leak:.4f} <= plain Presidio's {presidio_leak:.4f}",
        )
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("latest", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.15, help="allowed relative drop of a ratio")
    parser.add_argument("--leak-tolerance", type=float, default=0.005, help="allowed absolute leak-rate rise")
    args = parser.parse_args(argv)
    try:
        baseline, latest = _load(args.baseline), _load(args.latest)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    differences = workload_differences(baseline, latest)
    if differences:
        print(f"compare: the reports measure different workloads ({'; '.join(differences)})", file=sys.stderr)
        return 2
    failures = compare(baseline, latest, args.tolerance, args.leak_tolerance)
    if failures:
        print(f"compare: {len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
