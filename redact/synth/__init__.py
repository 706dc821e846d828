"""Deterministic synthetic data: canonical posts, a consent ledger, a labeled eval set.

Everything is a pure function of its seed and sizes, offline (Faker is used only to
collect name lists once per process; the presidio-evaluator sentence faker runs without
its network-backed provider), and fast enough to write a million posts in about a minute.

Row mix of `generate_posts`: kind post ~70% / comment ~20% / message ~10%; opt-out True
~10%, False ~82%, unknown ~8% (per member); opt-in unknown except for ~30% True (and ~20%
False) on messages; `lang` unknown on ~10% of rows; ~3% reposts (identical text); ~35% of
rows from excluded regions (EU, EEA, GB, CH). Texts come from the English and French
templates of `templates_en` and `templates_fr`; `generate_posts_with_truth` also returns
where each embedded personal value sits in `text`.

Command line: `python -m redact.synth posts OUT --rows N --seed S [--ledger L]` and
`python -m redact.synth labeled OUT --n N --seed S --split dev|test`.
"""

from __future__ import annotations

from redact.synth.labeled import (
    LabeledExample,
    labeled_examples,
    read_labeled_jsonl,
    write_labeled_jsonl,
)
from redact.synth.ledger import LEDGER_SCHEMA, generate_ledger, latest_decisions, write_ledger
from redact.synth.members import Member, build_members, default_member_count
from redact.synth.posts import (
    CANONICAL_SCHEMA,
    generate_posts,
    generate_posts_with_truth,
    seeded_values,
    write_posts,
)
from redact.synth.slots import ENTITY_TYPES
from redact.synth.templates import TruthSpan

__all__ = [
    "CANONICAL_SCHEMA",
    "ENTITY_TYPES",
    "LEDGER_SCHEMA",
    "LabeledExample",
    "Member",
    "TruthSpan",
    "build_members",
    "default_member_count",
    "generate_ledger",
    "generate_posts",
    "generate_posts_with_truth",
    "labeled_examples",
    "latest_decisions",
    "read_labeled_jsonl",
    "seeded_values",
    "write_labeled_jsonl",
    "write_ledger",
    "write_posts",
]
