"""The recognizer shapes of this package, so each recognizer states only what differs.

`ConstantsPatternRecognizer` is Presidio's `PatternRecognizer` configured by class constants
(`ENTITY`, `PATTERNS`, `CONTEXT`, `LANGUAGE`, `REGEX_FLAGS`); `FilteredPatternRecognizer` is
one whose pattern results also pass a check on their surroundings (`keeps_match`);
`CodeRecognizer` is an `EntityRecognizer` whose results come from code rather than patterns
(`find_spans`). All take the class name as `name`, which the audit records.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


class ConstantsPatternRecognizer(PatternRecognizer):
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    LANGUAGE: ClassVar[str] = "en"
    REGEX_FLAGS: ClassVar[int | None] = None  # None: Presidio's default flags

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str | None = None,
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        flags: dict[str, Any] = {} if self.REGEX_FLAGS is None else {"global_regex_flags": self.REGEX_FLAGS}
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language or self.LANGUAGE,
            name=name or type(self).__name__,
            **flags,
        )


class FilteredPatternRecognizer(ConstantsPatternRecognizer):
    """Pattern results, minus those `keeps_match` rejects from the text around them.

    A declared filter rather than an `analyze` override: the detector's regex pass scores the
    pattern matches as for any pattern recognizer, then applies `keeps_match` to its own
    results, without calling Presidio's `analyze` (which builds an explanation per match).
    """

    @abstractmethod
    def keeps_match(self, text: str, start: int, end: int) -> bool:
        """Whether the pattern result `text[start:end]` stands; a function of its arguments."""
        raise NotImplementedError

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if self.keeps_match(text, r.start, r.end)]


class CodeRecognizer(EntityRecognizer):
    """Subclasses implement `find_spans`; `analyze` gives its spans as Presidio results.

    The detector calls `find_spans` itself and builds its own light results from the tuples:
    a `RecognizerResult` per span costs more than finding most spans does.
    """

    ENTITY: ClassVar[str]
    LANGUAGE: ClassVar[str] = "en"
    # Regular expressions, as (source, `regex` flags), one of which matches every text on
    # which `find_spans` finds anything: the detector's compiled gate reads them with the
    # pattern recognizers' and skips it where none may match. Empty: no promise.
    GATE_PATTERNS: ClassVar[tuple[tuple[str, int], ...]] = ()

    def __init__(self, supported_language: str | None = None, supported_entity: str | None = None) -> None:
        super().__init__(
            supported_entities=[supported_entity or self.ENTITY],
            supported_language=supported_language or self.LANGUAGE,
            name=type(self).__name__,
        )

    def load(self) -> None:
        return None

    @abstractmethod
    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, score) of every span of this recognizer's entity in `text`, in order."""
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [self.result(start, end, score) for start, end, score in self.find_spans(text)]

    def result(self, start: int, end: int, score: float) -> RecognizerResult:
        """A result of this recognizer's entity, carrying its name and id as Presidio's do."""
        return RecognizerResult(
            self.supported_entities[0],
            start,
            end,
            score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,  # the name given above
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
