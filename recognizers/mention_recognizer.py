"""Names of the members tagged in a post (`profile.mentions`), wherever they appear."""

from __future__ import annotations

from recognizers.name_matching import name_finder_for
from recognizers.row_recognizer import RowRecognizer
from recognizers.text_folding import folded_text
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
        folded = folded_text(text)
        for mention in dict.fromkeys(mentions) if len(mentions) > 1 else mentions:
            # Most tagged members are seen once: their finder is built only when the text may hold the name.
            finder = name_finder_for(mention, folded) if mention else None
            if finder is None:
                continue
            for start, end, score, variant in finder.scan(text):
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                results.append(("PERSON", start, end, score, rid, name))
                if hows is not None:
                    hows.append(_HOWS[variant.kind])
        return results
