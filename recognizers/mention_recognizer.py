"""Names of the members tagged in a post (`profile.mentions`), wherever they appear."""

from __future__ import annotations

from recognizers.name_matching import name_finder
from recognizers.row_recognizer import RowRecognizer
from redact.detect.results import Found
from redact.records import Profile

_HOWS = {kind: f"mentioned member name ({kind} form)" for kind in ("full", "initial", "single")}


class MentionRecognizer(RowRecognizer):
    """PERSON spans for the tagged members' names, with the author-name matching rules."""

    supported_entities = ("PERSON",)

    def _find(self, text: str, profile: Profile, hows: list[str] | None) -> list[Found]:
        mentions = profile.mentions
        if not text or not mentions:
            return []
        results: list[Found] = []
        seen: set[tuple[int, int]] = set()
        rid, name = self._identifier, self.name
        for mention in dict.fromkeys(mentions) if len(mentions) > 1 else mentions:
            if not mention:
                continue
            for start, end, score, variant in name_finder(mention).scan(text):
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                results.append(("PERSON", start, end, score, rid, name))
                if hows is not None:
                    hows.append(_HOWS[variant.kind])
        return results
