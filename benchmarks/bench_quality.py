"""Detection quality of `redact` next to plain Presidio, on the labeled splits, in one run.

    .venv/bin/python benchmarks/bench_quality.py                 # dev and test splits
    .venv/bin/python benchmarks/bench_quality.py --split test --out benchmarks/results/quality.json

Prints the side-by-side table on stderr and the figures as JSON on stdout (and in --out):
per entity type precision / recall / F1 / strict leak rate, the overall strict leak rate,
the share of non-personal words preserved, and whether each acceptance target is met.
Both systems see the same texts in the same process; each engine is built once.
The splits are made by `python -m redact.synth labeled` (see docs/recipes/evaluation.md).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
SPLITS = {"dev": DATA / "labeled_dev.jsonl", "test": DATA / "labeled_test.jsonl"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    parser.add_argument("--labeled", type=Path, default=None, help="score this file instead of the splits")
    parser.add_argument("--policy", type=Path, default=None, help="policy YAML (default: built-in)")
    parser.add_argument("--no-ner", action="store_true", help="redact in fast mode (no spaCy model)")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    args = parser.parse_args(argv)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

    from redact.detect.offline import ensure_offline

    ensure_offline()
    from redact.evaluate import PresidioBaseline, RedactSystem, check_targets, evaluate, format_reports, load_labeled
    from redact.policy import Policy

    if args.labeled is not None:
        files = {args.labeled.stem: args.labeled}
    else:
        files = SPLITS if args.split == "both" else {args.split: SPLITS[args.split]}
    missing = [str(p) for p in files.values() if not p.exists()]
    if missing:
        print(f"bench_quality: missing {', '.join(missing)} (see docs/recipes/evaluation.md)", file=sys.stderr)
        return 2
    policy = Policy.load(args.policy) if args.policy else Policy.default()
    if args.no_ner:
        policy = policy.with_ner(False)
    ours, baseline = RedactSystem(policy), PresidioBaseline()
    doc: dict[str, Any] = {"policy": policy.source, "ner": policy.detection.ner, "splits": {}}
    for name, path in files.items():
        examples = load_labeled(path)
        mine, _ = evaluate(ours, examples)
        plain, _ = evaluate(baseline, examples)
        targets = check_targets(mine, plain)
        doc["splits"][name] = {
            "labeled": str(path),
            "examples": len(examples),
            "systems": {"redact": mine.to_json(), "presidio": plain.to_json()},
            "targets": targets,
            "all_targets_met": all(targets.values()),
        }
        print(f"\n== {name}: {path.name} ({len(examples)} texts)", file=sys.stderr)
        print(format_reports([mine, plain]), file=sys.stderr)
        missed = [t for t, ok in targets.items() if not ok]
        print("targets: all met" if not missed else f"targets missed: {', '.join(missed)}", file=sys.stderr)
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
