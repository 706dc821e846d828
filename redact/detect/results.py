"""Presidio's result clean-up rules, made deterministic and refinement-friendly.

`EntityRecognizer.remove_duplicates` first puts results in a `set`: of two results with the
same type, offsets and score but different recognizers, the survivor depends on string
hashing, which differs from one process to the next. The audit records the recognizer, so
the survivor must not depend on the process: here ties go to the first recognizer name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presidio_analyzer import RecognizerResult


def recognizer_name(result: RecognizerResult) -> str:
    meta = result.recognition_metadata or {}
    return str(meta.get("recognizer_name") or "unknown")


def remove_duplicates(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Drop zero scores and results contained in a same-type result scoring at least as high."""
    ordered = sorted(
        results,
        key=lambda r: (r.entity_type, r.start, -(r.end - r.start), -r.score, recognizer_name(r)),
    )
    kept: list[RecognizerResult] = []
    active: list[RecognizerResult] = []
    current_type: str | None = None
    for result in ordered:
        if result.score == 0:
            continue
        if result.entity_type != current_type:
            current_type, active = result.entity_type, []
        active = [a for a in active if a.end >= result.start]
        # The very same span from another recognizer is kept: refinement may still drop one
        # recognizer's guess (a spaCy sentence opener) that another one found for a better
        # reason (a listed name); the transform step merges identical spans into one.
        if any(_covers(a, result) for a in active):
            continue
        kept.append(result)
        active.append(result)
    return sorted(kept, key=lambda r: (-r.score, r.start, -(r.end - r.start), r.entity_type, recognizer_name(r)))


def _covers(a: RecognizerResult, b: RecognizerResult) -> bool:
    """Whether `a` makes `b` redundant: same type, `b` inside `a`, not better scored."""
    if not (b.start >= a.start and b.end <= a.end and b.score <= a.score):
        return False
    same_span = a.start == b.start and a.end == b.end
    return not same_span or recognizer_name(a) == recognizer_name(b)
