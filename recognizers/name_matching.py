"""Find one person's name anywhere in a text: full, reversed, initials or one word alone.

Matching is case- and accent-insensitive (`text_folding`), always on word boundaries.
Case then decides how sure a match is: a word alone that is also an everyday word
("Will", "Rose", "Petit") counts only when capitalised, and fully only mid-sentence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex as re

from recognizers.name_words import name_words
from recognizers.person_names import PersonName, parse_person_name
from recognizers.text_folding import (
    WORD_GAP,
    WORD_GAP_CHAR,
    Alt,
    CharClass,
    Lit,
    Node,
    NotAhead,
    Run,
    first_end,
    fold,
    fold_with_offsets,
    folded_text,
    folds_one_to_one,
    literal_pattern,
    normalize,
    plain_words,
)

VariantKind = Literal["full", "initial", "single"]

_WORD_CHAR = r"[\p{L}\p{M}\p{N}_]"
_BEFORE = rf"(?<!{_WORD_CHAR})"
_AFTER = rf"(?!{_WORD_CHAR})"
_INITIAL_GAP = r"(?:\.\s{0,2}|\s{1,2})"

# A variant is a sequence of pieces: folded words, and these separators between them (a
# word never holds a space, so these cannot be words). Each piece has its regex source and
# its matching node (`text_folding`): the nodes match like the regex, without compiling it.
_GAP = " gap"  # WORD_GAP
_COMMA = " comma"  # ",?"
_INITIAL = " initial"  # "J. Smith", "J Smith"
_DOT = " dot"  # "John S."
_SOURCES = {_GAP: WORD_GAP, _COMMA: ",?", _INITIAL: _INITIAL_GAP, _DOT: r"\."}
_WORDS = CharClass(_WORD_CHAR)
_SPACE = CharClass(r"\s")
_GAP_CHARS = CharClass(WORD_GAP_CHAR)
_NODES: dict[str, Node] = {
    _GAP: Run(_GAP_CHARS, 1, 3),
    _COMMA: Run(CharClass(","), 0, 1),
    _INITIAL: Alt(((Lit("."), Run(_SPACE, 0, 2)), (Run(_SPACE, 1, 2),))),
    _DOT: Lit("."),
}
_AFTER_NODE = NotAhead(lambda text, i: i < len(text) and text[i] in _WORDS)
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
    pieces: tuple[str, ...]
    all_words_common: bool = False
    capitalized_by_convention: bool = False

    @property
    def pattern(self) -> str:
        """Regex source matching the variant in a folded text."""
        return "".join(_SOURCES.get(piece) or literal_pattern(piece) for piece in self.pieces)

    @property
    def nodes(self) -> tuple[Node, ...]:
        """The pattern as `text_folding` nodes, ending with the word boundary."""
        return (*(_NODES.get(piece) or Lit(piece) for piece in self.pieces), _AFTER_NODE)


def _joined(tokens: Iterable[str]) -> list[str]:
    """Pieces of tokens written one after the other (`WORD_GAP` between all their words)."""
    pieces: list[str] = []
    for token in tokens:
        for word in plain_words(token):
            if pieces:
                pieces.append(_GAP)
            pieces.append(word)
    return pieces


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
        pieces = _joined(tokens)
        if reverse_comma:
            first, *others = tokens
            pieces = [*_joined([first]), _COMMA, _GAP, *_joined(others)]
        out.append(NameVariant("full", normalize(" ".join(tokens)), tuple(pieces), common))

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
    family_initial = fold(core[0])[:1]
    variants = []
    if initial.isalpha():
        variants.append(
            NameVariant(
                "initial",
                normalize(f"{initial} {' '.join(core)}"),
                (*_joined([initial]), _INITIAL, *_joined(core)),
            )
        )
    if family_initial.isalpha():
        variants.append(
            NameVariant(
                "initial",
                normalize(f"{given} {family_initial}"),
                (*_joined([given]), _GAP, *_joined([family_initial]), _DOT),
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
            tuple(_joined([token])),
            all_words_common=folded in words.common or len(folded) <= 2,
            capitalized_by_convention=folded in words.capitalized,
        )
    ]


def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


class NameFinder:
    """The variants of one name; `find` returns scored, non-overlapping matches.

    Finds what `regex` finds with the alternation of the variants (longest first) between
    word boundaries, on the folded text: at each position where a variant may start (near
    an occurrence of its longest word), the variants are tried in order. Nothing is
    compiled per name.
    """

    def __init__(self, variants: tuple[NameVariant, ...]) -> None:
        self.variants = variants
        # Per variant: its index, its first word, and either its usual spelling and its pieces
        # (when all its words are non-empty, matched by `_pieces_end`) or its nodes.
        self._plans = [
            (index, v.pieces[0], _usual_spelling(v.pieces), v.pieces, None)
            if _plain(v.pieces)
            else (index, v.pieces[0], None, v.pieces, v.nodes)
            for index, v in enumerate(variants)
        ]
        self._first_words = sorted({v.pieces[0] for v in variants})
        # Where to look for each variant: near its anchor, its longest word (see `_anchor_search`).
        # Most texts hold no anchor at all: a few substring searches and they are done.
        searches: dict[str, set[tuple[str, int, int]]] = {}
        for variant in variants:
            first, anchor, lo, hi = _anchor_search(variant.pieces)
            searches.setdefault(anchor, set()).add((first, lo, hi))
        self._searches = tuple((anchor, tuple(sorted(found))) for anchor, found in sorted(searches.items()))
        # A variant that starts with an empty word (a token of marks alone) has no first
        # word to look for: such names use the compiled regex.
        self._regex: re.Pattern[str] | None = None
        if "" in self._first_words:
            alternatives = "|".join(f"(?P<v{i}>{v.pattern})" for i, v in enumerate(variants))
            self._regex = re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}")

    def find(self, text: str) -> list[NameMatch]:
        if not self.variants or not text:
            return []
        # Patterns are plain folded strings: match them on the folded text, map offsets back.
        folded = folded_text(text)
        found = self.spans(folded)
        if not found:
            return []
        variants = self.variants
        if folds_one_to_one(text, folded):  # ASCII, accents, curly quotes: the same offsets
            raw = [(start, end, variants[index]) for start, end, index in found]
        else:
            _, starts, ends = fold_with_offsets(text)
            raw = [(starts[start], ends[end - 1], variants[index]) for start, end, index in found]
        full_scores = [None if v.kind == "single" else _full_score(text, s, e, v) for s, e, v in raw]
        full_name_present = any(score is not None for score in full_scores)
        matches = []
        for (start, end, variant), score in zip(raw, full_scores, strict=True):
            if variant.kind == "single":
                score = _single_score(text, start, end, variant, full_name_present)
            if score is not None:
                matches.append(NameMatch(start, end, score, variant))
        return matches

    def spans(self, folded: str) -> list[tuple[int, int, int]]:
        """(start, end, variant index) in `folded`, leftmost first, as `finditer` gives them."""
        if self._regex is not None:
            out = []
            for match in self._regex.finditer(folded):
                group = match.lastgroup
                if group is not None and match.end() > match.start():
                    out.append((match.start(), match.end(), int(group[1:])))
            return out
        # Where a variant can start: near each occurrence of its anchor. Positions where no
        # variant matches may be left out: trying the variants there changes nothing.
        candidates: set[int] = set()
        for anchor, starts in self._searches:
            position = folded.find(anchor)
            while position != -1:
                for first, lo, hi in starts:
                    if not hi:  # the anchor is the first word
                        candidates.add(position)
                        continue
                    for start in range(max(0, position - hi), position - lo + 1):
                        if folded.startswith(first, start):
                            candidates.add(start)
                position = folded.find(anchor, position + 1)
        if not candidates:
            return []
        spans: list[tuple[int, int, int]] = []
        last_end = 0
        size = len(folded)
        for start in sorted(candidates):
            if start < last_end or (start > 0 and folded[start - 1] in _WORDS):
                continue
            for index, first, usual, pieces, nodes in self._plans:
                if not folded.startswith(first, start):
                    continue
                end: int | None
                if nodes is not None:
                    end = first_end(nodes, folded, start)
                elif usual is not None and folded.startswith(usual, start):
                    # The path `_pieces_end` would take; only the word boundary is left to check.
                    end = start + len(usual)
                    if end < size and folded[end] in _WORDS:
                        end = None
                else:
                    end = _pieces_end(folded, start, pieces)
                if end is not None and end > start:
                    spans.append((start, end, index))
                    last_end = end
                    break
        return spans


# The shortest and longest text each separator matches.
_SEPARATOR_LENGTHS = {_GAP: (1, 3), _COMMA: (0, 1), _INITIAL: (1, 3), _DOT: (1, 1)}


def _anchor_search(pieces: tuple[str, ...]) -> tuple[str, str, int, int]:
    """The variant's first word, its anchor (its longest word), and how far after the
    variant's start the anchor can begin (0, 0 when the anchor is the first word).

    A one-letter initial ("j. smith") is found all over a text, the longest word only
    where the name is: candidates come from the anchor's occurrences.
    """
    anchor_at = max(range(len(pieces)), key=lambda i: -1 if pieces[i] in _SOURCES else len(pieces[i]))
    lo = hi = 0
    for piece in pieces[:anchor_at]:
        shortest, longest = _SEPARATOR_LENGTHS.get(piece, (len(piece), len(piece)))
        lo += shortest
        hi += longest
    return pieces[0], pieces[anchor_at], lo, hi


# How the separators are usually written: "john smith", "smith, john", "j. smith", "john s.".
_USUAL_SEPARATORS = {_GAP: " ", _COMMA: ",", _INITIAL: ". ", _DOT: "."}


def _usual_spelling(pieces: tuple[str, ...]) -> str:
    """The variant with each separator written its usual way.

    Where it is written so, `_pieces_end` takes exactly that path: after each usual
    separator comes a word, whose first character no separator run can take in.
    """
    return "".join(_USUAL_SEPARATORS.get(piece, piece) for piece in pieces)


def _plain(pieces: tuple[str, ...]) -> bool:
    """Whether `_pieces_end` can match the variant: all its words are non-empty."""
    return all(piece for piece in pieces)


def _pieces_end(folded: str, start: int, pieces: tuple[str, ...]) -> int | None:
    """End of the variant's match at `start` with a word boundary after it, as `regex` finds it.

    A word never holds a space, hyphen, comma or dot (`plain_words`), and every separator is
    followed by a word or ends the variant, so backtracking can never help: a separator
    matches its longest run or not at all, and the one path tried is the one `regex` reports.
    """
    i = start
    size = len(folded)
    for piece in pieces:
        if piece == _GAP:
            # [gap]{1,3}: the whole run of gap characters, and it must be 1 to 3 long.
            j = i
            while j < size and j - i < 4 and folded[j] in _GAP_CHARS:
                j += 1
            if not 1 <= j - i <= 3:
                return None
            i = j
        elif piece == _COMMA:
            if i < size and folded[i] == ",":
                i += 1
        elif piece == _INITIAL:
            # (?:\.\s{0,2}|\s{1,2}): the spaces, after a dot or not, are the whole run.
            j = i + 1 if i < size and folded[i] == "." else i
            k = j
            while k < size and k - j < 3 and folded[k] in _SPACE:
                k += 1
            if not (0 if j > i else 1) <= k - j <= 2:
                return None
            i = k
        elif piece == _DOT:
            if not folded.startswith(".", i):
                return None
            i += 1
        elif folded.startswith(piece, i):
            i += len(piece)
        else:
            return None
    if i < size and folded[i] in _WORDS:
        return None
    return i


@lru_cache(maxsize=4096)
def name_finder(raw_name: str) -> NameFinder:
    """Cached per display name: the same authors and members recur across rows."""
    return NameFinder(name_variants(raw_name))


def _case_of(text: str) -> Literal["upper", "title", "lower", "none"]:
    if text.isascii():
        # ASCII letters are exactly the cased characters: `str` methods answer in C.
        if text.islower():
            return "lower"
        if text.isupper():
            return "upper" if sum(map(str.isalpha, text)) >= 2 else "title"
        for ch in text:  # no letter, or both cases: the first letter decides
            if ch.isalpha():
                return "title" if ch.isupper() else "lower"
        return "none"
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
