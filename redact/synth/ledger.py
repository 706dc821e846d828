"""A consent ledger for a synthetic member pool: later decisions that override row flags.

About 10% of members appear; some several times (the entry with the latest `changed_at`
wins), and the latest entry often disagrees with the flag on the member's rows ("stale"
row flags, in both directions), or settles a flag the rows leave unknown. Entries are
shuffled, so only `changed_at`, never the file order, tells which one is the latest.
"""

from __future__ import annotations

import csv
import os
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from redact.synth.members import Member, build_members
from redact.synth.posts import TIMESTAMP_TYPE

LEDGER_SCHEMA = pa.schema(
    [
        pa.field("author_id", pa.string(), nullable=False),
        pa.field("ai_training_opt_out", pa.bool_(), nullable=False),
        pa.field("changed_at", TIMESTAMP_TYPE, nullable=False),
    ]
)
LEDGER_SHARE = 0.10
ENTRIES_WEIGHTS = ((1, 0.6), (2, 0.3), (3, 0.1))
# Probability that the latest decision is an opt-out, by the flag on the member's rows.
LATEST_OPT_OUT_GIVEN_ROW: dict[bool | None, float] = {False: 0.6, True: 0.5, None: 0.4}
_FROM_US = 1_672_531_200_000_000  # 2023-01-01T00:00:00Z
_SPAN_US = 1_764_547_200_000_000 - _FROM_US  # until 2025-12-01


def _entries_for(rng: random.Random, member: Member) -> list[tuple[str, bool, int]]:
    count = rng.choices([n for n, _ in ENTRIES_WEIGHTS], [w for _, w in ENTRIES_WEIGHTS])[0]
    latest = rng.random() < LATEST_OPT_OUT_GIVEN_ROW[member.opt_out]
    # Earlier decisions alternate, so a member with several entries changed their mind.
    values = [latest if (count - 1 - i) % 2 == 0 else not latest for i in range(count)]
    times = sorted(rng.sample(range(_SPAN_US), count))
    return [(member.member_id, value, _FROM_US + t) for value, t in zip(values, times, strict=True)]


def generate_ledger(seed: int, members: int) -> pa.Table:
    """The ledger of the member pool `build_members(seed, members)` (pass the same count)."""
    rng = random.Random(f"redact.synth.ledger:{seed}")
    pool = build_members(seed, members)
    listed = rng.sample(pool, max(1, round(LEDGER_SHARE * len(pool))))
    entries = [entry for member in listed for entry in _entries_for(rng, member)]
    rng.shuffle(entries)
    ids, flags, times = zip(*entries, strict=True) if entries else ((), (), ())
    return pa.table(
        [pa.array(ids, pa.string()), pa.array(flags, pa.bool_()), pa.array(times, TIMESTAMP_TYPE)],
        schema=LEDGER_SCHEMA,
    )


def latest_decisions(ledger: pa.Table) -> dict[str, bool]:
    """Member id -> opt-out of its entry with the latest `changed_at` (the one that wins)."""
    latest: dict[str, tuple[int, bool]] = {}
    ids = ledger.column("author_id").to_pylist()
    flags = ledger.column("ai_training_opt_out").to_pylist()
    times = ledger.column("changed_at").cast(pa.int64()).to_pylist()
    for member, flag, time in zip(ids, flags, times, strict=True):
        if member not in latest or time > latest[member][0]:
            latest[member] = (time, flag)
    return {member: flag for member, (_, flag) in latest.items()}


def write_ledger(path: str | os.PathLike[str], seed: int, members: int) -> None:
    """Write the ledger as Parquet, or as CSV when `path` ends in `.csv` (ISO `changed_at`)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    table = generate_ledger(seed, members)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if target.suffix.lower() == ".csv":
            with partial.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(LEDGER_SCHEMA.names)
                stamps = pc.strftime(
                    table.column("changed_at"), format="%Y-%m-%dT%H:%M:%SZ"
                ).to_pylist()
                for member, flag, stamp in zip(
                    table.column("author_id").to_pylist(),
                    table.column("ai_training_opt_out").to_pylist(),
                    stamps,
                    strict=True,
                ):
                    writer.writerow([member, "true" if flag else "false", stamp])
        else:
            pq.write_table(table, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)

