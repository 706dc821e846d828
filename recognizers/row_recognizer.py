"""Base class of the recognizers that need the row's own data (the author's profile).

They are not registered in Presidio's registry: the pipeline calls `find_row` (or
`analyze_row`) with the text and the row's `Profile` and merges the results with the
analyzer's.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from presidio_analyzer import AnalysisExplanation, RecognizerResult

from redact.detect.results import Found
from redact.records import Profile


class RowRecognizer(ABC):
    """A recognizer of values known from the row (profile fields, tagged members).

    Subclasses implement `_find`, which gives the results as `Found` tuples and, when asked,
    what rule found each one: the detector takes the tuples as they are (`find_row`), and
    `analyze_row` builds Presidio's result objects from them.
    """

    supported_entities: tuple[str, ...] = ()

    def __init__(self) -> None:
        # The audit records this name next to every span the recognizer found.
        self.name = type(self).__name__
        self._identifier = f"{self.name}_{id(self)}"

    @abstractmethod
    def _find(self, text: str, profile: Profile, hows: list[str] | None) -> list[Found]:
        """Spans of `text` holding the profile's values; offsets index `text`.

        When `hows` is a list, one explanation per result is appended to it, in order: the
        rule that matched, never the matched value.
        """

    def find_row(self, text: str, profile: Profile) -> list[Found]:
        """`analyze_row`'s results as `Found` tuples, without building Presidio objects."""
        return self._find(text, profile, None)

    def analyze_row(self, text: str, profile: Profile) -> list[RecognizerResult]:
        """Spans of `text` holding the profile's values, as Presidio results."""
        hows: list[str] = []
        found = self._find(text, profile, hows)
        return [self._result(f[0], f[1], f[2], f[3], how) for f, how in zip(found, hows, strict=True)]

    def _result(self, entity_type: str, start: int, end: int, score: float, how: str) -> RecognizerResult:
        """A result carrying this recognizer's name, like Presidio's own results do.

        `how` names the rule that matched; it must never contain the matched value.
        """
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=score,
            textual_explanation=f"Matched the row's {how}",
        )
        return RecognizerResult(
            entity_type=entity_type,
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self._identifier,
            },
        )
