"""Case- and accent-insensitive matching that keeps offsets into the original text.

Instead of normalizing the text and losing offsets, `fold_with_offsets` folds it once while
keeping where each folded character came from (`é`, `È`, `ｅ`, `𝗲` and `e` + U+0301 all fold
to `e`). Plain folded patterns (`plain_pattern`) are matched on the folded text and their
offsets mapped back. Compiling a literal pattern per name costs microseconds, where a regex
of per-letter character classes cost milliseconds: names change on every row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex as re

# Letters that Unicode does not decompose but that people read as their base letter(s).
_FOLD_EXTRAS: dict[str, str] = {
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "ħ": "h", "Ħ": "h", "ı": "i", "ŧ": "t", "Ŧ": "t", "æ": "ae", "Æ": "ae", "œ": "oe",
    "Œ": "oe", "ß": "ss", "ẞ": "ss", "þ": "th", "Þ": "th",
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‛": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
}  # fmt: skip

# Code point ranges whose characters may fold to Latin letters or name punctuation:
# Latin, Greek, Cyrillic, Latin Extended Additional, punctuation, letterlike symbols,
# circled letters, ligatures, fullwidth forms, mathematical alphanumerics ("𝗝𝗼𝗵𝗻").
_FOLDABLE_RANGES = (
    (0x0000, 0x0530),
    (0x1E00, 0x2070),
    (0x2100, 0x2150),
    (0x24B6, 0x24EA),
    (0x2C60, 0x2C80),
    (0xA720, 0xA800),
    (0xFB00, 0xFB07),
    (0xFF00, 0xFFF0),
    (0x1D400, 0x1D800),
    (0x1F130, 0x1F18A),
)

_SEPARATORS = re.compile(r"[\s\-.,]+")


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """Lower-case, accent-free form of one character (may be empty or two letters)."""
    extra = _FOLD_EXTRAS.get(ch)
    if extra is not None:
        return extra
    base = _strip_marks(unicodedata.normalize("NFKD", ch)).casefold()
    # casefold can bring marks back ("İ" -> "i̇") and NFKD can yield foldable letters.
    base = _strip_marks(unicodedata.normalize("NFKD", base))
    return "".join(_FOLD_EXTRAS.get(c, c) for c in base)


def _strip_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


class _FoldTable(dict[int, str]):
    """`fold_char` by code point, for `str.translate`: folding a text is then one C call.

    Characters that fold to nothing (combining marks) are also remembered in `vanishing`,
    so `fold_with_offsets` can tell without a per-character loop when offsets are the identity.
    """

    _MAX_SIZE = 65536  # like `fold_char`'s cache: a text of rare characters cannot grow it forever

    def __init__(self) -> None:
        super().__init__()
        self.vanishing: set[str] = set()
        self.unsteady: set[str] = set()  # folds to what `str.lower` would change (Cherokee)

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = fold_char(ch)
        if not value:
            self.vanishing.add(ch)
        elif value.lower() != value:
            self.unsteady.add(ch)
        if len(self) < self._MAX_SIZE:
            self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Extra UTF-8 bytes up to which a text counts as having few non-ASCII characters.
_FEW_NON_ASCII_BYTES = 8


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text` (lengths may differ from the input)."""
    if text.isascii():
        # `fold_char` of an ASCII character is its lower case, but for the backtick.
        return text.lower().replace("`", "'")
    if len(text.encode("utf-8", "surrogatepass")) - len(text) <= _FEW_NON_ASCII_BYTES:
        # Most texts hold a few (an emoji, a curly quote, an accent): fold those alone, and
        # lower-case the rest in one call, which leaves folded characters as they are
        # unless one is "unsteady" (then the text is folded character by character).
        folded = _fold_few(text)
        unsteady = _FOLD_TABLE.unsteady
        if not unsteady or unsteady.isdisjoint(text):
            return folded.lower().replace("`", "'")
    return text.translate(_FOLD_TABLE)


def _fold_few(text: str) -> str:
    """`text` with its non-ASCII characters folded (ASCII ones left as they are).

    One `str.replace` per distinct character, which is exact when each one folds to ASCII
    or to itself: no replacement can then bring in a character that a later one replaces.
    """
    table = _FOLD_TABLE
    folded = text
    for ch in set("".join(_NON_ASCII_RUN.findall(text))):
        value = table[ord(ch)]
        if value == ch:
            continue
        if not value.isascii():  # rare ("ǅ" -> "dž"?): fold run by run
            return _NON_ASCII_RUN.sub(_fold_run, text)
        folded = folded.replace(ch, value)
    return folded


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD_TABLE)


@lru_cache(maxsize=16)
def folded_text(text: str) -> str:
    """`fold(text)`, cached for the last few texts: the author's name and every mention
    are searched in the same text."""
    if text.isascii():
        return case_key(text).replace("`", "'")  # `fold`, from the lower case already made
    return fold(text)


def folds_one_to_one(text: str, folded: str) -> bool:
    """Whether `folded`, the `fold` of `text`, maps each character to one: offsets need no mapping."""
    if text.isascii():
        return True
    vanishing = _FOLD_TABLE.vanishing
    return len(folded) == len(text) and (not vanishing or vanishing.isdisjoint(text))


@lru_cache(maxsize=16)
def case_key(text: str) -> str:
    """A lower-cased form of `text` for cheap pre-checks of `regex.IGNORECASE` literals.

    Where an ASCII literal matches `text` case-insensitively, its `lower()` occurs in
    `case_key(text)` (the converse need not hold): a literal absent from the key cannot match.
    """
    if text.isascii():
        return text.lower()
    # The only characters that `regex.IGNORECASE` matches with an ASCII character but that
    # `str.lower` does not turn into it: "İ" (matched by "i"), "ı" (by "I"), "ſ" (by "s"
    # and "S"). The Kelvin sign, the only other one, lower-cases to "k".
    return text.replace("İ", "i").replace("ı", "i").replace("ſ", "s").lower()


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """`fold`, with runs of spaces, hyphens, dots and commas as one space, trimmed.

    Two spellings of one name have the same normal form: "Hélène  Dupont-Durand",
    "helene dupont durand"; "Smith, J." and "smith j".
    """
    return _SEPARATORS.sub(" ", fold(text)).strip()


# Between the words of a name: spaces (incl. no-break), hyphens, at most a line break.
WORD_GAP_CHAR = r"[\s\-\u2010\u2011]"
WORD_GAP = WORD_GAP_CHAR + "{1,3}"


@lru_cache(maxsize=16)
def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """`fold(text)`, plus for each folded character the start and end of its source character.

    A match `folded[i:j]` covers `text[starts[i]:ends[j - 1]]` in the original. Cached for
    the last few texts: the author's name and every mention are searched in the same text.
    """
    if text.isascii():
        # ASCII folds one character to one: lower case, and the backtick to an apostrophe.
        return text.lower().replace("`", "'"), list(range(len(text))), list(range(1, len(text) + 1))
    folded = folded_text(text)
    if folds_one_to_one(text, folded):
        # No character folded to nothing, so none folded to two either (the lengths agree):
        # every character folded to exactly one (accents, curly quotes), offsets are the identity.
        return folded, list(range(len(text))), list(range(1, len(text) + 1))
    pieces = list(map(fold_char, text))
    starts: list[int] = []
    ends: list[int] = []
    for index, piece in enumerate(pieces):
        if not piece:
            if ends:  # a combining mark belongs to the letter before it
                ends[-1] = index + 1
            continue
        starts.extend([index] * len(piece))
        ends.extend([index + 1] * len(piece))
    return folded, starts, ends


def plain_words(value: str) -> list[str]:
    """The folded words of `value` that `plain_pattern` joins with `WORD_GAP` (`[""]` if none)."""
    return list(_plain_words(value))


@lru_cache(maxsize=8192)
def _plain_words(value: str) -> tuple[str, ...]:
    # Names share their tokens ("Marie", "de", "Martin"): a new name's variants fold each once.
    return tuple(normalize(value.replace(".", " ").replace(",", " ")).split(" "))


def plain_pattern(value: str) -> str:
    """Regex source matching the folded form of `value` in a `fold_with_offsets` text.

    Spaces and hyphens in `value` match any short run of spaces/hyphens, like
    `folded_pattern`; everything else is literal.
    """
    return WORD_GAP.join(literal_pattern(word) for word in plain_words(value))


def literal_pattern(word: str) -> str:
    return "".join(re.escape(ch) for ch in word)


# ---- literal sequences, matched as `regex` matches them, without compiling ---------------------
#
# Patterns made of a value's literal words and fixed separators (a name's variants, an email
# spelled out) differ on every row, and `regex.compile` costs milliseconds each. The nodes
# below match such a pattern by plain backtracking, trying the alternatives and repetition
# counts in the order `regex` tries them, so the first match found is the one `regex`
# finds. Character classes and case-insensitive letters are asked of `regex` itself, one
# character at a time, and remembered: identical to the compiled pattern, Unicode tables included.


class _Membership(dict[str, bool]):
    """Whether each character is in a `regex` character class: asked once per character,
    then a dict lookup in C (`table[ch]`)."""

    _MAX_SIZE = 65536  # a text of rare characters cannot grow it forever

    def __init__(self, pattern: re.Pattern[str]) -> None:
        super().__init__()
        self._pattern = pattern

    def __missing__(self, ch: str) -> bool:
        inside = self._pattern.fullmatch(ch) is not None
        if len(self) < self._MAX_SIZE:
            self[ch] = inside
        return inside


class CharClass:
    """Membership in one `regex` character class, cached per character.

    `ch in chars` reads well; hot loops use `chars.table[ch]`, the same answer without a
    Python-level call.
    """

    __slots__ = ("table",)

    def __init__(self, source: str, flags: int = 0) -> None:
        self.table = _Membership(re.compile(source, flags))

    def __contains__(self, ch: str) -> bool:
        return self.table[ch]


@lru_cache(maxsize=4096)
def case_class(ch: str) -> CharClass:
    """The characters that `ch` matches under `regex.IGNORECASE` (simple case folding)."""
    return CharClass(re.escape(ch), re.IGNORECASE)


@lru_cache(maxsize=4096)
def case_finder(prefix: str) -> re.Pattern[str]:
    """Finds what `prefix` (a character or two: few distinct ones) matches under `regex.IGNORECASE`."""
    return re.compile(re.escape(prefix), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal; `ignore_case` compares as `regex.IGNORECASE` does."""

    text: str
    ignore_case: bool = False

    def ends(self, text: str, i: int) -> Iterator[int]:
        value = self.text
        if text.startswith(value, i):
            yield i + len(value)
        elif self.ignore_case and len(text) - i >= len(value):
            for offset, ch in enumerate(value):
                got = text[i + offset]
                if got != ch and got not in case_class(ch):
                    return
            yield i + len(value)


@dataclass(frozen=True, slots=True)
class Run:
    """`[class]{lo,hi}`, greedy: the longest run first, then shorter ones."""

    chars: CharClass
    lo: int
    hi: int

    def ends(self, text: str, i: int) -> Iterator[int]:
        stop = min(len(text), i + self.hi)
        inside = self.chars.table
        j = i
        while j < stop and inside[text[j]]:
            j += 1
        while j - i >= self.lo:
            yield j
            j -= 1


@dataclass(frozen=True, slots=True)
class Alt:
    """`(?:a|b|...)`: every end of the first option, then of the next."""

    options: tuple[tuple[Node, ...], ...]

    def ends(self, text: str, i: int) -> Iterator[int]:
        for option in self.options:
            yield from sequence_ends(option, text, i)


@dataclass(frozen=True, slots=True)
class NotAhead:
    """`(?!...)`: `test(text, i)` says whether the lookahead's pattern matches at `i`."""

    test: Callable[[str, int], bool]

    def ends(self, text: str, i: int) -> Iterator[int]:
        if not self.test(text, i):
            yield i


Node = Lit | Run | Alt | NotAhead


def sequence_ends(nodes: Sequence[Node], text: str, i: int, k: int = 0) -> Iterator[int]:
    """Ends of the matches of `nodes[k:]` at `i`, in the order a backtracking engine finds them."""
    if k == len(nodes):
        yield i
        return
    for j in nodes[k].ends(text, i):
        yield from sequence_ends(nodes, text, j, k + 1)


def first_end(nodes: Sequence[Node], text: str, i: int) -> int | None:
    """End of the match `regex` would report at `i`, or None."""
    return next(sequence_ends(nodes, text, i), None)
