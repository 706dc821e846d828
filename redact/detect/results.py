"""Compact recognizer results, and Presidio's clean-up rules made deterministic.

Presidio hands results around as `RecognizerResult` objects with a metadata dict each; the
detector makes and reads millions of them, so within the engine a result is a plain tuple,
`Found`. Presidio objects are converted once, where a Presidio recognizer returns them.

`EntityRecognizer.remove_duplicates` first puts results in a `set`: of two results with the
same type, offsets and score but different recognizers, the survivor depends on string
hashing, which differs from one process to the next. The audit records the recognizer, so
the survivor must not depend on the process: here ties go to the first recognizer name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Found = tuple[str, int, int, float, str, str]
"""(entity type, start, end, score, recognizer id, recognizer name): one recognizer result."""

_NAME_KEY = "recognizer_name"  # RecognizerResult.RECOGNIZER_NAME_KEY
_ID_KEY = "recognizer_identifier"  # RecognizerResult.RECOGNIZER_IDENTIFIER_KEY


def recognizer_name(result: Any) -> str:
    """The name a Presidio `RecognizerResult` carries in its metadata ("unknown" if none)."""
    meta = result.recognition_metadata or {}
    return str(meta.get(_NAME_KEY) or "unknown")


def found_of(results: Iterable[Any], name: str | None = None, rid: str | None = None) -> list[Found]:
    """Presidio results as `Found` tuples; `name` and `rid` stand in for metadata they lack
    (the recognizer that returned them), as `AnalyzerEngine` fills them in."""
    out: list[Found] = []
    for r in results:
        meta = r.recognition_metadata
        if meta:
            own_name = meta.get(_NAME_KEY, name)
            own_id = meta.get(_ID_KEY, rid)
        else:
            own_name, own_id = name, rid
        out.append((r.entity_type, r.start, r.end, r.score, own_id, str(own_name or "unknown")))
    return out


def _scan_key(f: Found) -> tuple[str, int, int, float, str]:
    return (f[0], f[1], f[1] - f[2], -f[3], f[5])


def remove_duplicates(found: list[Found]) -> list[Found]:
    """Drop zero scores and results contained in a same-type result scoring at least as high.

    The survivors come sorted by type, start, longest first, best score first, name.
    """
    if len(found) < 2:
        return [f for f in found if f[3] != 0]
    kept: list[Found] = []
    active: list[Found] = []
    current_type: str | None = None
    for f in sorted(found, key=_scan_key):
        entity, start, end, score, _, name = f
        if score == 0:
            continue
        if entity != current_type:
            current_type, active = entity, []
        elif active:
            active = [a for a in active if a[2] >= start]
        # `a` makes `f` redundant: `f` inside `a`, not better scored. The very same span from
        # another recognizer is kept: refinement may still drop one recognizer's guess (a
        # spaCy sentence opener) that another one found for a better reason (a listed name);
        # the transform step merges identical spans into one.
        covered = False
        for a in active:
            if a[1] <= start and end <= a[2] and score <= a[3] and (a[1] != start or a[2] != end or a[5] == name):
                covered = True
                break
        if not covered:
            kept.append(f)
            active.append(f)
    return kept
