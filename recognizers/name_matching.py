"""Find one person's name anywhere in a text: full, reversed, initials or one word alone.

Matching is case- and accent-insensitive (`text_folding`), always on word boundaries.
Case then decides how sure a match is: a word alone that is also an everyday word
("Will", "Rose", "Petit") counts only when capitalised, and fully only mid-sentence.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex as re

from recognizers.name_words import name_words
from recognizers.person_names import PersonName, parse_person_name
from recognizers.text_folding import WORD_GAP, fold, fold_with_offsets, normalize, plain_pattern

VariantKind = Literal["full", "initial", "single"]

_WORD_CHAR = r"[\p{L}\p{M}\p{N}_]"
_BEFORE = rf"(?<!{_WORD_CHAR})"
_AFTER = rf"(?!{_WORD_CHAR})"
_SENTENCE_END = frozenset(".!?…:;")
# Scanned over when looking for what precedes a word: quotes, brackets, bullets, emoji.
_TRANSPARENT_PUNCTUATION = frozenset("\"'“”‘’«»([{*_•·-–—>#")

FULL_SCORE = 0.95
LOWER_FULL_SCORE = 0.85
INITIAL_SCORE = 0.9
SINGLE_SCORE = 0.9
UPPER_SINGLE_SCORE = 0.85
AMBIGUOUS_NAME_SCORE = 0.85
LOWER_SINGLE_SCORE = 0.6
WEAK_WITH_FULL_NAME_SCORE = 0.6
WEAK_SCORE = 0.4


@dataclass(frozen=True, slots=True)
class NameVariant:
    """One way of writing the name; `normalized` is its `text_folding.normalize` form."""

    kind: VariantKind
    normalized: str
    pattern: str
    all_words_common: bool = False
    capitalized_by_convention: bool = False


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int
    end: int
    score: float
    variant: NameVariant


def name_variants(raw_name: str | None) -> tuple[NameVariant, ...]:
    """Every variant of a display name, longest first (the order regex alternation needs)."""
    person = parse_person_name(raw_name)
    if person is None:
        return ()
    variants: dict[str, NameVariant] = {}
    for variant in _variants_of(person):
        if variant.normalized and variant.normalized not in variants:
            variants[variant.normalized] = variant
    kind_rank = {"full": 0, "initial": 1, "single": 2}
    return tuple(sorted(variants.values(), key=lambda v: (kind_rank[v.kind], -len(v.normalized))))


def _variants_of(person: PersonName) -> list[NameVariant]:
    words = name_words()
    given = [g for g in person.given if _letters(g) >= 2]
    family = list(person.family)
    core = list(person.family_core)
    out: list[NameVariant] = []

    def full(*parts: list[str] | tuple[str, ...], reverse_comma: bool = False) -> None:
        tokens = [t for part in parts for t in part]
        if len(tokens) < 2:
            return
        folded_words = [w for t in tokens for w in normalize(t).split()]
        common = all(w in words.common or w in words.capitalized for w in folded_words)
        pattern = WORD_GAP.join(plain_pattern(t) for t in tokens)
        if reverse_comma:
            first, *others = tokens
            pattern = plain_pattern(first) + r",?" + WORD_GAP + WORD_GAP.join(plain_pattern(t) for t in others)
        out.append(NameVariant("full", normalize(" ".join(tokens)), pattern, common))

    first = given[:1]
    if family:
        full(person.given, family)
        full(first, family)
        full(first, core)
        for nickname in person.nicknames:
            full([nickname], family)
        full(family, first, reverse_comma=True)
        full(core, first, reverse_comma=True)
        if first and _letters(core[-1]) >= 2:
            out.extend(_initial_variants(first[0], core))
    for token in [*first, *person.nicknames]:
        out.extend(_single_variants(token))
    if family:
        out.extend(_single_variants(" ".join(family)))
        out.extend(_single_variants(" ".join(core)))
        for part in " ".join(core).replace("‐", "-").split("-"):
            if _letters(part) >= 3:
                out.extend(_single_variants(part))
    return out


def _initial_variants(given: str, core: list[str]) -> list[NameVariant]:
    """`J. Smith` / `J Smith` / `J.Smith`, and `John S.`."""
    initial = fold(given)[:1]
    family_pattern = WORD_GAP.join(plain_pattern(t) for t in core)
    family_initial = fold(core[0])[:1]
    variants = []
    if initial.isalpha():
        variants.append(
            NameVariant(
                "initial",
                normalize(f"{initial} {' '.join(core)}"),
                rf"{plain_pattern(initial)}(?:\.\s{{0,2}}|\s{{1,2}}){family_pattern}",
            )
        )
    if family_initial.isalpha():
        variants.append(
            NameVariant(
                "initial",
                normalize(f"{given} {family_initial}"),
                rf"{plain_pattern(given)}{WORD_GAP}{plain_pattern(family_initial)}\.",
            )
        )
    return variants


def _single_variants(token: str) -> list[NameVariant]:
    folded = normalize(token)
    if sum(ch.isalpha() for ch in folded) < 2:
        return []
    words = name_words()
    return [
        NameVariant(
            "single",
            folded,
            plain_pattern(token),
            all_words_common=folded in words.common or len(folded) <= 2,
            capitalized_by_convention=folded in words.capitalized,
        )
    ]


def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


class NameFinder:
    """Compiled variants of one name; `find` returns scored, non-overlapping matches."""

    def __init__(self, variants: tuple[NameVariant, ...]) -> None:
        self.variants = variants
        alternatives = "|".join(f"(?P<v{i}>{v.pattern})" for i, v in enumerate(variants))
        self._regex = re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}") if variants else None

    def find(self, text: str) -> list[NameMatch]:
        if self._regex is None or not text:
            return []
        # Patterns are plain folded strings: match them on the folded text, map offsets back.
        folded, starts, ends = fold_with_offsets(text)
        raw: list[tuple[int, int, NameVariant]] = []
        for match in self._regex.finditer(folded):
            group = match.lastgroup
            if group is None or match.end() <= match.start():
                continue
            raw.append((starts[match.start()], ends[match.end() - 1], self.variants[int(group[1:])]))
        full_name_present = any(v.kind != "single" and _full_score(text, s, e, v) is not None for s, e, v in raw)
        matches = []
        for start, end, variant in raw:
            if variant.kind == "single":
                score = _single_score(text, start, end, variant, full_name_present)
            else:
                score = _full_score(text, start, end, variant)
            if score is not None:
                matches.append(NameMatch(start, end, score, variant))
        return matches


@lru_cache(maxsize=4096)
def name_finder(raw_name: str) -> NameFinder:
    """Cached per display name: the same authors and members recur across rows."""
    return NameFinder(name_variants(raw_name))


def _case_of(text: str) -> Literal["upper", "title", "lower", "none"]:
    letters = [c for c in text if c.isalpha()]
    cased = [c for c in letters if c.lower() != c.upper()]
    if not cased:
        return "none"
    if len(cased) >= 2 and all(c.isupper() for c in cased):
        return "upper"
    return "title" if cased[0].isupper() else "lower"


def _full_score(text: str, start: int, end: int, variant: NameVariant) -> float | None:
    matched = text[start:end]
    case = _case_of(matched)
    if variant.kind == "initial":
        # "J. Smith" / "John S.": the initial must be a capital to read as one.
        initial = matched.rstrip(".")[-1] if matched.endswith(".") else matched[0]
        return INITIAL_SCORE if initial.isupper() else None
    if case == "lower":
        return None if variant.all_words_common else LOWER_FULL_SCORE
    return FULL_SCORE


def _single_score(text: str, start: int, end: int, variant: NameVariant, full_name_present: bool) -> float | None:
    case = _case_of(text[start:end])
    if case == "none":
        return SINGLE_SCORE
    weak = WEAK_WITH_FULL_NAME_SCORE if full_name_present else WEAK_SCORE
    if variant.capitalized_by_convention:
        return None if case == "lower" else weak
    if variant.all_words_common:
        if case == "lower":
            return None
        if case == "title" and not is_sentence_initial(text, start):
            return AMBIGUOUS_NAME_SCORE
        return weak
    if case == "lower":
        return LOWER_SINGLE_SCORE
    return SINGLE_SCORE if case == "title" else UPPER_SINGLE_SCORE


def is_sentence_initial(text: str, start: int, lookback: int = 40) -> bool:
    """Whether the word at `start` opens a sentence, a line or the text."""
    index = start - 1
    limit = max(-1, start - 1 - lookback)
    while index > limit:
        ch = text[index]
        if ch == "\n":
            return True
        if ch.isspace() or ch in _TRANSPARENT_PUNCTUATION or unicodedata.category(ch)[0] == "S":
            index -= 1
            continue
        return ch in _SENTENCE_END
    return index == -1
