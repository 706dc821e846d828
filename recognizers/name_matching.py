"""Find one person's name anywhere in a text: full, reversed, initials or one word alone.

Matching is case- and accent-insensitive (`text_folding`), always on word boundaries.
Case then decides how sure a match is: a word alone that is also an everyday word
("Will", "Rose", "Petit") counts only when capitalised, and fully only mid-sentence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

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
_AFTER_NODE = NotAhead(lambda text, i: i < len(text) and _WORDS.table[text[i]])
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
    return _Variants(person).variants()


class _Token(NamedTuple):
    """What variants need of one name token, worked out once per token (`_token`)."""

    normal: str  # its `normalize` form
    words: tuple[str, ...]  # its `plain_words`
    letters: int  # how many letters it has
    ordinary: bool  # whether every word of its normal form is an everyday or capitalised word


@lru_cache(maxsize=8192)
def _token(token: str) -> _Token:
    """A name token's facts (`_Token`).

    Names share their tokens ("Marie", "de", "Martin"): each is folded once, and a variant
    of several tokens is put together from theirs. `fold` folds character by character, so
    `normalize(" ".join(tokens))` is the non-empty normal forms of the tokens joined by spaces.
    """
    words = name_words()
    if token.isascii() and token.isalpha():
        # The usual token ("Smith"): folding lower-cases it, and it holds no separator.
        normal = token.lower()
        return _Token(normal, (normal,), len(token), normal in words.common or normal in words.capitalized)
    normal = normalize(token)
    ordinary = all(w in words.common or w in words.capitalized for w in normal.split())
    return _Token(normal, tuple(plain_words(token)), _letters(token), ordinary)


def _normal_of(infos: Sequence[_Token]) -> str:
    """`normalize` of the tokens joined by spaces (see `_token`)."""
    return " ".join([info.normal for info in infos if info.normal])


class _Variants:
    """Builds a person's variants in `name_variants` order, skipping repeats before building them.

    A variant whose normal form came earlier is dropped (the first one stays), so its pieces
    are never computed: `full(given, family)` and `full(first, family)` are usually the same.
    """

    def __init__(self, person: PersonName) -> None:
        self.person = person
        self.found: dict[str, NameVariant] = {}
        # The token lists `full` was given: the same tokens give the same normal form, so a
        # repeat is dropped before its tokens are even looked up.
        self.full_tokens: set[tuple[str, ...]] = set()

    def variants(self) -> tuple[NameVariant, ...]:
        person = self.person
        given = [g for g in person.given if _token(g).letters >= 2]
        family = person.family
        core = person.family_core
        first = given[:1]
        full = self.full
        if family:
            full((*person.given, *family))
            full((*first, *family))
            full((*first, *core))
            for nickname in person.nicknames:
                full((nickname, *family))
            full((*family, *first), reverse_comma=True)
            full((*core, *first), reverse_comma=True)
        initials_at = len(self.found)  # where the initial variants begin in `found`
        if family and first and _token(core[-1]).letters >= 2:
            self.initials(first[0], core)
        singles_at = len(self.found)
        single = self.single
        for token in [*first, *person.nicknames]:
            info = _token(token)
            single(info.normal, info.words)
        if family:
            self.single_of_tokens(family)
            self.single_of_tokens(core)
            joined_core = " ".join(core)
            for part in joined_core.replace("‐", "-").split("-"):
                # A core without a hyphen is its own only part: that variant came just above.
                if part != joined_core and _letters(part) >= 3:
                    info = _token(part)
                    single(info.normal, info.words)
        # In `name_variants` order: fuller kinds first (the variants were added kind by kind),
        # then the longer ones first; `reverse` keeps the sort stable.
        found = self.found
        normals = list(found)
        return tuple(
            [
                found[normal]
                for kind in (normals[:initials_at], normals[initials_at:singles_at], normals[singles_at:])
                for normal in sorted(kind, key=len, reverse=True)
            ]
        )

    def full(self, tokens: tuple[str, ...], reverse_comma: bool = False) -> None:
        if len(tokens) < 2 or tokens in self.full_tokens:
            return
        self.full_tokens.add(tokens)
        infos = [_token(t) for t in tokens]
        normalized = _normal_of(infos)
        if not normalized or normalized in self.found:
            return
        common = all([info.ordinary for info in infos])
        if reverse_comma:
            pieces = [*_joined_words([infos[0].words]), _COMMA, _GAP, *_joined_words([i.words for i in infos[1:]])]
        else:
            pieces = _joined_words([info.words for info in infos])
        self.found[normalized] = NameVariant("full", normalized, tuple(pieces), common)

    def initials(self, given: str, core: tuple[str, ...]) -> None:
        """`J. Smith` / `J Smith` / `J.Smith`, and `John S.`."""
        initial = fold(given)[:1]
        family_initial = fold(core[0])[:1]
        if initial.isalpha():
            infos = [_token(initial), *[_token(c) for c in core]]
            normalized = _normal_of(infos)
            if normalized and normalized not in self.found:
                pieces = (*_joined_words([infos[0].words]), _INITIAL, *_joined_words([i.words for i in infos[1:]]))
                self.found[normalized] = NameVariant("initial", normalized, pieces)
        if family_initial.isalpha():
            infos = [_token(given), _token(family_initial)]
            normalized = _normal_of(infos)
            if normalized and normalized not in self.found:
                pieces = (*_joined_words([infos[0].words]), _GAP, *_joined_words([infos[1].words]), _DOT)
                self.found[normalized] = NameVariant("initial", normalized, pieces)

    def single_of_tokens(self, tokens: tuple[str, ...]) -> None:
        """The single variant of the tokens written as one ("de la Cruz")."""
        infos = [_token(t) for t in tokens]
        # `plain_words` of the joined tokens: the tokens' words, empty ones left out.
        words = tuple([w for info in infos for w in info.words if w]) or ("",)
        self.single(_normal_of(infos), words)

    def single(self, normalized: str, words: tuple[str, ...]) -> None:
        if normalized in self.found:
            return
        variant = _single_variant(normalized, words)
        if variant is not None:
            self.found[normalized] = variant


@lru_cache(maxsize=8192)
def _single_variant(normalized: str, words: tuple[str, ...]) -> NameVariant | None:
    """The single variant of a token (None when it has fewer than two letters).

    It depends on the token's words alone, and given and family names recur across people:
    each is built once (variants are frozen, so people can share them).
    """
    if sum(ch.isalpha() for ch in normalized) < 2:
        return None
    words_lists = name_words()
    return NameVariant(
        "single",
        normalized,
        tuple(_joined_words([words])),
        all_words_common=normalized in words_lists.common or len(normalized) <= 2,
        capitalized_by_convention=normalized in words_lists.capitalized,
    )


def _joined_words(token_words: Iterable[Sequence[str]]) -> list[str]:
    """The words of the tokens, in order, with `_GAP` between each two (a variant's pieces)."""
    words = [word for token in token_words for word in token]
    if not words:
        return words
    pieces = [_GAP] * (2 * len(words) - 1)
    pieces[::2] = words
    return pieces


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
        plans: list[tuple[int, str, str | None, tuple[str, ...], tuple[Node, ...] | None]] = []
        # Where to look for each variant: near its anchor, its longest word (see `_anchor_search`).
        # Most texts hold no anchor at all: a few substring searches and they are done.
        # Per anchor: whether some variant starts with it, and (first word, lo, hi) of the others.
        searches: dict[str, tuple[list[bool], set[tuple[str, int, int]]]] = {}
        starts_empty = False
        for index, variant in enumerate(variants):
            pieces = variant.pieces
            first = pieces[0]
            alone = len(pieces) == 1  # a word alone (most single variants): its own anchor and spelling
            if all(pieces):
                plans.append((index, first, first if alone else _usual_spelling(pieces), pieces, None))
            else:
                starts_empty = starts_empty or not first
                plans.append((index, first, None, pieces, variant.nodes))
            if alone:
                anchor, lo, hi = first, 0, 0
            else:
                _, anchor, lo, hi = _anchor_search(pieces)
            search = searches.get(anchor)
            if search is None:
                search = searches[anchor] = ([False], set())
            direct, offsets = search
            if hi:
                offsets.add((first, lo, hi))
            else:  # the anchor is the first word
                direct[0] = True
        self._plans = plans
        self._searches = tuple((anchor, direct[0], tuple(offsets)) for anchor, (direct, offsets) in searches.items())
        self._anchors = tuple(searches)
        # A variant that starts with an empty word (a token of marks alone) has no first
        # word to look for: such names use the compiled regex.
        self._regex: re.Pattern[str] | None = None
        if starts_empty:
            alternatives = "|".join(f"(?P<v{i}>{v.pattern})" for i, v in enumerate(variants))
            self._regex = re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}")

    def may_occur(self, folded: str) -> bool:
        """False when no variant can match `folded`: none of their anchors is there."""
        if self._regex is not None:
            return True
        for anchor in self._anchors:  # noqa: SIM110 (a loop: `any` of a generator costs more)
            if anchor in folded:
                return True
        return False

    def find(self, text: str) -> list[NameMatch]:
        return [NameMatch(start, end, score, variant) for start, end, score, variant in self.scan(text)]

    def scan(self, text: str) -> list[tuple[int, int, float, NameVariant]]:
        """`find`, as (start, end, score, variant) tuples."""
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
        if len(raw) == 1:  # the usual hit: one match, nothing to weigh it against
            start, end, variant = raw[0]
            if variant.kind == "single":
                score = _single_score(text, start, end, variant, False)
            else:
                score = _full_score(text, start, end, variant)
            return [] if score is None else [(start, end, score, variant)]
        full_scores = [None if v.kind == "single" else _full_score(text, s, e, v) for s, e, v in raw]
        full_name_present = any(score is not None for score in full_scores)
        matches = []
        for (start, end, variant), score in zip(raw, full_scores, strict=True):
            if variant.kind == "single":
                score = _single_score(text, start, end, variant, full_name_present)
            if score is not None:
                matches.append((start, end, score, variant))
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
        find = folded.find
        startswith = folded.startswith
        for anchor, direct, offsets in self._searches:
            position = find(anchor)
            while position != -1:
                if direct:
                    candidates.add(position)
                for first, lo, hi in offsets:
                    # Every start in [position - hi, position - lo] where `first` is written.
                    stop = position - lo + len(first)
                    start = find(first, max(0, position - hi), stop)
                    while start != -1:
                        candidates.add(start)
                        start = find(first, start + 1, stop)
                position = find(anchor, position + 1)
        if not candidates:
            return []
        spans: list[tuple[int, int, int]] = []
        last_end = 0
        size = len(folded)
        is_word = _WORDS.table
        for start in sorted(candidates) if len(candidates) > 1 else candidates:
            if start < last_end or (start > 0 and is_word[folded[start - 1]]):
                continue
            for index, first, usual, pieces, nodes in self._plans:
                if not startswith(first, start):
                    continue
                end: int | None
                if nodes is not None:
                    end = first_end(nodes, folded, start)
                elif usual is not None and startswith(usual, start):
                    # The path `_pieces_end` would take; only the word boundary is left to check.
                    end = start + len(usual)
                    if end < size and is_word[folded[end]]:
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
    anchor_at, longest_word = 0, -1
    for index, piece in enumerate(pieces):
        size = -1 if piece in _SOURCES else len(piece)
        if size > longest_word:  # the first of the longest words, as `max` picks it
            anchor_at, longest_word = index, size
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
    return "".join(map(_USUAL_SEPARATORS.get, pieces, pieces))  # each piece, or its usual separator


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
    is_gap, is_space = _GAP_CHARS.table, _SPACE.table
    for piece in pieces:
        if piece == _GAP:
            # [gap]{1,3}: the whole run of gap characters, and it must be 1 to 3 long.
            j = i
            while j < size and j - i < 4 and is_gap[folded[j]]:
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
            while k < size and k - j < 3 and is_space[folded[k]]:
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
    if i < size and _WORDS.table[folded[i]]:
        return None
    return i


# What separates the letter runs of a display name (as `parse_person_name` sees letters: the same
# `regex` classes), and what `normalize` splits words on.
_NON_LETTERS = re.compile(r"[^\p{L}\p{M}]+")
_SEPARATOR_RUN = re.compile(r"[\s\-.,]+")
_ASCII_NON_LETTERS_TO_SPACES = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalpha()})


@lru_cache(maxsize=8192)
def name_keys(raw_name: str) -> tuple[str, ...]:
    """Folded strings of which every match of `name_finder(raw_name)` holds one, from the raw name alone.

    Building a finder costs tens of µs and most texts do not hold the name: a text whose
    `folded_text` holds none of the keys is skipped without building it (`name_may_occur`).
    The keys are the folded runs of letters and marks of the name, cut at separators.
    Why every match holds one: each variant holds all the words of some token of the name
    (a given, family or nick name), or the words of a hyphen part of the family name, which
    has letters. Tokens and parts are stretches of the raw name cut only at characters that
    are not letters or marks (`parse_person_name`), words are cut at separators, and `fold`
    works character by character: so each key lies inside one word, and each token or part
    holds a run, hence a key, unless the run folds to nothing or separators. Then its words
    may be empty and the key is "", found in any text. () when no variant can exist.
    """
    if raw_name.isascii():  # the usual name: its runs are the ASCII letters, which fold to lower case
        return tuple(dict.fromkeys(raw_name.lower().translate(_ASCII_NON_LETTERS_TO_SPACES).split()))
    # All runs folded in one call, one "\0" around each: no letter folds to it, nor to a part of it.
    marked = fold(_NON_LETTERS.sub("\0", f"\0{raw_name}\0"))
    if marked == "\0":
        return ()
    runs = marked[1:-1].split("\0")
    if "" in runs:
        return ("",)
    if _SEPARATOR_RUN.search(marked) is None:  # the usual name: no letter folds to a separator
        return tuple(dict.fromkeys(runs))
    keys: dict[str, None] = {}
    for run in runs:
        pieces = [piece for piece in _SEPARATOR_RUN.split(run) if piece]
        if not pieces:
            return ("",)
        keys.update(dict.fromkeys(pieces))
    return tuple(keys)


def name_may_occur(raw_name: str, folded: str) -> bool:
    """False when `name_finder(raw_name)` finds nothing in the text whose `folded_text` is `folded`."""
    for key in name_keys(raw_name):  # noqa: SIM110 (a loop: `any` of a generator costs more)
        if key in folded:
            return True
    return False


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def keys_at_word_edges(keys: tuple[str, ...], folded: str) -> bool:
    """Whether some key occurs in `folded` with no ASCII letter just before or after it.

    For an ASCII name, every match of its finder holds a key so placed: the keys are its runs
    of ASCII letters (`name_keys`), a match holds all the words of one of its tokens, and
    inside the match a token's runs are cut by what is not a letter (an apostrophe, a
    separator) or end where the match does, next to a character that is not a word
    character. So "brian" in "brianbrock@example.com" or "tan" in "constant" is no reason to
    build or run the finder of "Brian Tan".
    """
    size = len(folded)
    letters = _ASCII_LETTERS
    for key in keys:
        at = folded.find(key)
        while at != -1:
            end = at + len(key)
            if (at == 0 or folded[at - 1] not in letters) and (end == size or folded[end] not in letters):
                return True
            at = folded.find(key, at + 1)
    return False


class _NameScreen:
    """A name's keys, whether they must be found at word edges (an ASCII name), and its
    finder once a text may hold the name."""

    __slots__ = ("at_edges", "finder", "keys")

    def __init__(self, raw_name: str) -> None:
        self.keys = name_keys(raw_name)
        self.at_edges = raw_name.isascii()
        self.finder: NameFinder | None = None


@lru_cache(maxsize=4096)
def _name_screen(raw_name: str) -> _NameScreen:
    return _NameScreen(raw_name)


def name_finder_for(raw_name: str, folded: str) -> NameFinder | None:
    """`name_finder(raw_name)` when the text whose `folded_text` is `folded` may hold the name, else None.

    Most names (authors, tagged members) are seen once and most texts do not hold them: the
    finder is built at the first text holding a key (`name_keys`; for an ASCII name, at word
    edges: `keys_at_word_edges`), and its own finer check (`NameFinder.may_occur`) follows.
    Neither skips a text where the finder finds anything.
    """
    screen = _name_screen(raw_name)
    if screen.at_edges:
        if not keys_at_word_edges(screen.keys, folded):
            return None
    else:
        for key in screen.keys:
            if key in folded:
                break
        else:
            return None
    finder = screen.finder
    if finder is None:
        finder = screen.finder = name_finder(raw_name)
    return finder if finder.may_occur(folded) else None


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
