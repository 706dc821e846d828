"""People's names that the statistical model misses, found from lists of given and family names.

A *name run* is a sequence of capitalised words on one line, joined by single spaces and
allowing initials ("Isabel C Fenton") and particles ("Isabel de la Crúz"). A run is a
PERSON when one of its words is a listed name and the context says it is used as a name:

- after a title ("Mrs. Berry", "Mme Leroy"): always;
- two listed words ("Carly Jones"): always;
- with the NLP artifacts (spaCy), a listed word tagged as a proper noun and not inside a
  place or organization entity ("Isayev began writing"; not "Paris", "Young people");
- without them (the fast mode), a listed given name that does not start a sentence.

Names that are also everyday words ("Will", "Rose", "Mark", recognizers/data/name_words.txt)
need two listed words or a title: context, not the list, decides for them. Lists:
recognizers/data/given_names.txt and family_names.txt (see `recognizers.build_names`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.name_words import name_words
from recognizers.text_folding import fold


def _word_set(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


_WORD = re.compile(r"\p{Lu}[\p{L}\p{M}]*(?:[\-'’][\p{L}][\p{L}\p{M}]*)*|\p{Lu}\.|[\p{L}\p{M}]+")
_GAP = re.compile(r"[ \t]{1,2}")
_POSSESSIVE = re.compile(r"['’]s$")
_PARTICLES = _word_set(
    """
    de du des la le van von der den da di del della dos das do ter ten bin ibn al el
    """
)
_TITLES = _word_set(
    """
    mr mr. mrs mrs. ms ms. mx dr dr. prof prof. sir dame mme mme. mlle mlle. m. madame monsieur
    """
)
# Capitalised words that open sentences or greet, and words that are never names.
_NEVER = _word_set(
    """
    the a an and or but if of in on at to for from with by as is are was were be this that these
    those my our your his her their its we you they he she it i me us them hi hello hey dear thanks
    thank congrats congratulations welcome cheers kudos bravo merci bonjour bonsoir bienvenue salut
    coucou cher chère chers félicitations ravi ravie ravis le la les un une des du de et ou mais
    pour par avec sur dans chez ce cette ces mon ma mes notre nos votre vos son sa ses leur leurs je
    tu il elle nous vous ils elles on qui que quoi ça ceci cela voici voilà oui non monday tuesday
    wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
    january february july september october november december janvier février mars avril mai juin
    juillet août septembre octobre novembre décembre today tomorrow yesterday aujourd demain hier ps
    cc fyi ok
    """
)
# The small models' entity types are unreliable on names (ORG, LOC, NORP are frequent), so
# only a place after a place word ("in Austin", "bureau de Montpellier") or a date or
# quantity ("May") vetoes a listed word.
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"})
_PLACE_WORDS = _word_set(
    """
    in at from to near based around visit visiting à au aux de du des en depuis vers près sur
    """
)
_PROPER = frozenset({"PROPN", "X"})
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n])[\s\"'«“(\-–—*•]*$")


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names), folded, loaded once per process."""

    def read(name: str) -> frozenset[str]:
        text = resources.files("recognizers").joinpath(f"data/{name}").read_text("utf-8")
        return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))

    return read("given_names.txt"), read("family_names.txt")


class NameListRecognizer(EntityRecognizer):
    SCORE = 0.7

    def __init__(self, supported_language: str = "en", supported_entity: str = "PERSON") -> None:
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            name="NameListRecognizer",
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = getattr(nlp_artifacts, "tokens", None) if nlp_artifacts is not None else None
        tokens = {t.idx: t for t in doc} if doc is not None else None
        results: list[RecognizerResult] = []
        for run in _name_runs(text):
            span = self._judge(text, run, tokens)
            if span is not None:
                results.append(
                    RecognizerResult(
                        self.supported_entities[0],
                        span[0],
                        span[1],
                        self.SCORE,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: "NameListRecognizer",
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results

    def _judge(self, text: str, run: list[tuple[int, int]], tokens: dict[int, Any] | None) -> tuple[int, int] | None:
        given, family = name_lists()
        common, by_convention = name_words().common, name_words().capitalized
        listed: list[int] = []
        for i, (a, b) in enumerate(run):
            parts = [fold(p) for p in re.split(r"[\-'’]", text[a:b]) if len(p) >= 2]
            if any(p in given or p in family for p in parts):
                listed.append(i)
        if not listed:
            return None
        start, end = run[0][0], run[-1][1]
        titled = fold(_previous_word(text, start)) in _TITLES
        listed_words = [fold(text[run[i][0] : run[i][1]]) for i in listed]
        everyday = all(w in common or w in by_convention for w in listed_words)
        at_place = fold(_previous_word(text, start)) in _PLACE_WORDS
        if titled or (len(listed) >= 2 and not (at_place and _tagged(run, tokens, _PLACES))):
            return start, end
        if all(w in by_convention for w in listed_words):
            return None  # "Paris", "May": capitalised anyway, so case proves nothing
        opens_sentence = _SENTENCE_END.search(text[max(0, start - 40) : start]) is not None
        if tokens is not None:
            for i in listed:
                tok = tokens.get(run[i][0])
                if tok is None or tok.pos_ not in _PROPER or tok.ent_type_ in _NOT_NAMES:
                    continue
                if tok.ent_type_ in _PLACES and at_place:
                    continue  # "le bureau de Montpellier", "based in Austin"
                # An everyday word at the start of a sentence is tagged PROPN too often.
                if not (everyday and opens_sentence and i == 0):
                    return start, end
            return None
        if everyday:
            return None
        first = fold(text[run[0][0] : run[0][1]])
        if first in given and (not opens_sentence or len(run) > 1):
            return start, end
        return None


def _tagged(run: list[tuple[int, int]], tokens: dict[int, Any] | None, tags: frozenset[str]) -> bool:
    """Whether spaCy tagged every word of the run with one of `tags`."""
    if tokens is None:
        return False
    return all(getattr(tokens.get(a), "ent_type_", "") in tags for a, _ in run)


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"(\S+)\s+$", text[max(0, start - 24) : start])
    return match.group(1) if match else ""


def _name_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words (with initials and inner particles), as word offsets."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int, bool]] = []  # (start, end, is a particle)
    previous_end = -1
    for match in _WORD.finditer(text):
        a, b = match.start(), match.end()
        word = match.group()
        possessive = _POSSESSIVE.search(word)
        if possessive:
            b -= len(possessive.group())
            word = word[: b - a]
        joinable = bool(current) and previous_end >= 0 and _GAP.fullmatch(text[previous_end:a]) is not None
        acronym = len(word) > 3 and word.isupper()
        if word[0].isupper() and not acronym and fold(word.rstrip(".")) not in _NEVER:
            if not joinable:
                _close(runs, current)
                current = []
            current.append((a, b, False))
        elif joinable and word.casefold() in _PARTICLES:
            current.append((a, b, True))
        else:
            _close(runs, current)
            current = []
        previous_end = -1 if possessive else b
        if possessive:
            _close(runs, current)
            current = []
    _close(runs, current)
    return runs


def _close(runs: list[list[tuple[int, int]]], run: list[tuple[int, int, bool]]) -> None:
    # Particles may join names but not end them ("Isabel de" -> "Isabel").
    while run and run[-1][2]:
        run = run[:-1]
    if run and len(run) <= 4:
        runs.append([(a, b) for a, b, _ in run])
