"""Send to the NER model only the sentences where it can still find something.

The statistical model is by far the most expensive part of detection (~3 ms for a short
post here, against well under 1 ms for every other recognizer together), and the default
policy asks it for people's names only. A name the model tags is capitalised, so a
sentence is worth the model's time only if it holds a capitalised word that

- is not already inside a span another recognizer found (the author's name, a tagged
  mention, a listed name, an email, a URL...);
- is not an everyday word of the language ("Following", "Cloud Architect", "The", "Thanks"
  are; "Sonoka", "Satou" are not: `lexicon` and spaCy's stop words), unless it is a listed
  given or family name inside the sentence ("with Will", "Rose Baker": the model decides);
  a sentence's first word is capitalised anyway, so there an everyday word counts only as a
  listed given name ("Patrick, you should see this", not "Link: ..." nor "Server down");
- is not a short all-capitals acronym ("AI", "CEO", "NYC"), nor part of a hashtag, handle,
  URL path or file name ("#OpenToWork", "lnkd.in/Kt8JqDuJ").

A capitalised word right beside a found span is read when it is an acronym or a listed
name, even an everyday word that opens the sentence: the model may extend the found name
with it ("German M. Kauzar", "Lemmens MD"); "Contact" in "Contact Sonoka Satou" is not.

Consecutive sentences that qualify are joined into one window so that the model keeps
their context; the model then runs on the windows only, and its offsets are shifted back.
`redact bench` and `benchmarks/bench_quality.py` measure what this gives and costs.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Container, Sequence
from functools import cache

# A sentence ends at a line break, or after . ! ? … (and closing quotes) unless they follow
# an initial or a title ("German M. Kauzar", "Mrs. Berry": the name goes on).
_SENTENCE_END = re.compile(
    r"(?<!\b[^\W\d_])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bMme)(?<!\bProf)"
    r"[.!?…]+[\"'’”)\]]*\s+|\s*\n\s*"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# A word right after one of these is part of a hashtag, handle, URL, path or file name.
_GLUED = frozenset("#@/\\._-:=&?~+%")
# "Don't", "We're", "Jill's": the word without its clitic.
_CONTRACTION = re.compile(r"['’](?:s|t|ll|re|m|ve|d)$", re.IGNORECASE)
# Between a word and a found span it may belong to: spaces, or an initial ("German M. Kauzar").
_SMALL_GAP = re.compile(r"[ \t]+(?:[^\W\d_]\.[ \t]*)?")
_NEAR = 6
# Acronyms up to this length are not names ("AI", "CEO", "NYC", "HSBC").
_ACRONYM_MAX = 4

# Words that open posts and sentences but are not in spaCy's stop-word lists.
_OPENERS = {
    "en": """
    thanks thank happy excited proud congrats congratulations great looking just today yesterday
    tomorrow hello hi hey dear welcome big new quick huge sharing shoutout reminder update yes no
    please let lets let's good glad grateful honored honoured delighted thrilled still finally
    really pro tip note ps fun last next first one two three super amazing love loved
    """,
    "fr": """
    merci bonjour bonsoir salut bravo félicitations felicitations heureux heureuse ravi ravie fier
    fière fiere hier aujourd'hui demain petit petite grand grande nouveau nouvelle super enfin
    encore voici voilà voila cher chère chere chers bienvenue rappel oui non
    """,
}


@cache
def sentence_openers(language: str) -> frozenset[str]:
    """Lower-case first words that never make their sentence worth running NER on."""
    words: set[str] = set(_OPENERS.get(language, "").split())
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
        words |= {w.lower() for w in getattr(module, "STOP_WORDS", ())}
    except ImportError:  # no spaCy language data: the openers above only
        pass
    return frozenset(words)


class NerGate:
    """`windows(text, covered)`: the (start, end) ranges of `text` worth running NER on."""

    def __init__(
        self,
        language: str,
        lexicon: Container[str] = (),
        is_name: Callable[[str], bool] | None = None,
        is_given_name: Callable[[str], bool] | None = None,
    ) -> None:
        self.openers = sentence_openers(language)
        self.lexicon = lexicon
        self.is_name = is_name or (lambda _word: False)
        self.is_given_name = is_given_name or (lambda _word: False)

    def windows(self, text: str, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = 0
        for end_match in _SENTENCE_END.finditer(text):
            self._add(out, text, start, end_match.end(), covered)
            start = end_match.end()
        if start < len(text):
            self._add(out, text, start, len(text), covered)
        return out

    def _add(
        self, out: list[tuple[int, int]], text: str, start: int, end: int, covered: Sequence[tuple[int, int]]
    ) -> None:
        if not self._worth_it(text, start, end, covered):
            return
        if out and out[-1][1] == start:  # consecutive sentences: one window, more context
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))

    def _worth_it(self, text: str, start: int, end: int, covered: Sequence[tuple[int, int]]) -> bool:
        first = True
        for match in _WORD.finditer(text, start, end):
            word = _CONTRACTION.sub("", match.group())
            opening, first = first, False
            if not word or not word[0].isupper():
                continue
            before = text[match.start() - 1] if match.start() > 0 else " "
            if before.isalnum() or before in _GLUED:
                continue
            if _inside(match.start(), match.end(), covered):
                continue
            lower = word.lower()
            acronym = len(word) <= _ACRONYM_MAX and word.isupper()
            if (
                lower not in self.openers
                and (acronym or self.is_name(word) or word not in self.lexicon)
                and _beside(text, match.start(), match.end(), covered)
            ):
                return True  # may extend a name found by others ("German M. Kauzar", "John Lemmens MD")
            if acronym:
                continue
            if opening:  # capitalised anyway: an everyday word here is a name only if a given one
                if lower in self.openers or (word in self.lexicon and not self.is_given_name(word)):
                    continue
            elif (lower in self.openers or word in self.lexicon) and not self.is_name(word):
                continue
            return True
        return False


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _beside(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """The word touches a found span, with only spaces or one initial ("M.") between."""
    for s, e in spans:
        if 0 <= start - e <= _NEAR and _SMALL_GAP.fullmatch(text, e, start):
            return True
        if 0 <= s - end <= _NEAR and _SMALL_GAP.fullmatch(text, end, s):
            return True
    return False
