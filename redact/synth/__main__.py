"""`python -m redact.synth posts|labeled ...`: write synthetic data without the `redact` CLI."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m redact.synth", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)

    posts = verbs.add_parser("posts", help="canonical posts (Parquet or JSON Lines)")
    posts.add_argument("out", help="output file")
    posts.add_argument("--rows", type=int, required=True)
    posts.add_argument("--seed", type=int, default=0)
    posts.add_argument("--members", type=int, default=None, help="member pool size")
    posts.add_argument("--ledger", default=None, help="also write a consent ledger (.parquet/.csv)")
    posts.add_argument("--format", choices=("parquet", "jsonl"), default=None,
                       help="default: from the file name (.jsonl), else parquet")  # fmt: skip
    posts.add_argument("--row-group-size", type=int, default=10_000)

    labeled = verbs.add_parser("labeled", help="labeled evaluation set (JSON Lines)")
    labeled.add_argument("out", help="output file")
    labeled.add_argument("--n", type=int, required=True)
    labeled.add_argument("--seed", type=int, default=0)
    labeled.add_argument("--split", choices=("dev", "test"), required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    if args.verb == "posts":
        from redact.synth.ledger import write_ledger
        from redact.synth.members import default_member_count
        from redact.synth.posts import PostFormat, write_posts

        fmt: PostFormat = args.format or (
            "jsonl" if args.out.endswith((".jsonl", ".json")) else "parquet"
        )
        members = args.members if args.members is not None else default_member_count(args.rows)
        write_posts(args.out, args.rows, args.seed, row_group_size=args.row_group_size,
                    format=fmt, members=members)  # fmt: skip
        if args.ledger:
            write_ledger(args.ledger, args.seed, members)
        what = f"{args.rows} posts ({members} members)"
    else:
        from redact.synth.labeled import write_labeled_jsonl

        write_labeled_jsonl(args.out, args.n, args.seed, args.split)
        what = f"{args.n} labeled {args.split} examples"
    print(f"wrote {what} to {args.out} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
