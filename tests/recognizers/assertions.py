"""Shared helpers: run a pattern recognizer without NLP artifacts, compare spans."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult

Expected = list[tuple[str, int, int]]


def spans_of(results: list[RecognizerResult], min_score: float = 0.5) -> Expected:
    """(entity, start, end) of the results at or above `min_score`, sorted."""
    return sorted((r.entity_type, r.start, r.end) for r in results if r.score >= min_score)


def detect(recognizer: EntityRecognizer, text: str, min_score: float = 0.5) -> Expected:
    """What the recognizer finds in `text` with no spaCy model (nlp_artifacts=None)."""
    # Presidio types nlp_artifacts as required; pattern recognizers accept None.
    results = recognizer.analyze(text, recognizer.supported_entities, None)  # type: ignore[arg-type]
    return spans_of(results, min_score)


def at(text: str, value: str, entity: str, occurrence: int = 0) -> tuple[str, int, int]:
    """The expected span of `value` in `text` (its n-th occurrence), as a table cell."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(value, start + 1)
    return (entity, start, start + len(value))
