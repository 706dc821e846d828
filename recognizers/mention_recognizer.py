"""Names of the members tagged in a post (`profile.mentions`), wherever they appear."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from recognizers.name_matching import name_finder
from recognizers.row_recognizer import RowRecognizer
from redact.records import Profile


class MentionRecognizer(RowRecognizer):
    """PERSON spans for the tagged members' names, with the author-name matching rules."""

    supported_entities = ("PERSON",)

    def analyze_row(self, text: str, profile: Profile) -> list[RecognizerResult]:
        if not text or not profile.mentions:
            return []
        results: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        for mention in dict.fromkeys(profile.mentions):
            if not mention:
                continue
            for match in name_finder(mention).find(text):
                if (match.start, match.end) in seen:
                    continue
                seen.add((match.start, match.end))
                results.append(
                    self._result(
                        "PERSON",
                        match.start,
                        match.end,
                        match.score,
                        f"mentioned member name ({match.variant.kind} form)",
                    )
                )
        return results
