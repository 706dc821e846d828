"""Post-detection refinement: the policy-independent false-positive rules.

Runs on every text after all recognizers, before thresholds and operators. Kept separate
from the engine so that accuracy work (here) and speed work (the engine) don't collide.
"""

from __future__ import annotations

from redact.records import Span


def refine_spans(text: str, language: str, spans: list[Span]) -> list[Span]:
    """Drop spans that are known false positives; never invent or widen spans."""
    return [s for s in spans if text[s.start : s.end].strip()]
