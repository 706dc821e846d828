"""Base class of the recognizers that need the row's own data (the author's profile).

They are not registered in Presidio's registry: the pipeline calls `analyze_row` with
the text and the row's `Profile` and merges the results with the analyzer's.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from presidio_analyzer import AnalysisExplanation, RecognizerResult

from redact.records import Profile


class RowRecognizer(ABC):
    """A recognizer of values known from the row (profile fields, tagged members)."""

    supported_entities: tuple[str, ...] = ()

    def __init__(self) -> None:
        # The audit records this name next to every span the recognizer found.
        self.name = type(self).__name__
        self._identifier = f"{self.name}_{id(self)}"

    @abstractmethod
    def analyze_row(self, text: str, profile: Profile) -> list[RecognizerResult]:
        """Spans of `text` holding the profile's values; offsets index `text`."""

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
