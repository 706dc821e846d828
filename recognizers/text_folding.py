"""Case- and accent-insensitive matching that keeps offsets into the original text.

Instead of normalizing the text (which shifts offsets), a value is compiled into a regex
where each letter is a class of every character that folds to it: `e` matches `é`, `È`,
`ｅ`, `𝗲`... and decomposed accents (`e` + U+0301) via a trailing `\\p{M}*`.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

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


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text` (lengths may differ from the input)."""
    return "".join(fold_char(ch) for ch in text)


def normalize(text: str) -> str:
    """`fold`, with runs of spaces, hyphens, dots and commas as one space, trimmed.

    Two spellings of one name have the same normal form: "Hélène  Dupont-Durand",
    "helene dupont durand"; "Smith, J." and "smith j".
    """
    return _SEPARATORS.sub(" ", fold(text)).strip()


@cache
def _equivalents() -> dict[str, frozenset[str]]:
    """Folded string (one or two characters) -> every character that folds to it."""
    table: dict[str, set[str]] = {}
    for low, high in _FOLDABLE_RANGES:
        for code_point in range(low, high):
            ch = chr(code_point)
            folded = fold_char(ch)
            if 1 <= len(folded) <= 2 and folded != ch:
                table.setdefault(folded, set()).add(ch)
    return {key: frozenset(chars) for key, chars in table.items()}


def _char_class(chars: set[str] | frozenset[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=4096)
def _letter_pattern(folded_char: str) -> str:
    variants = set(_equivalents().get(folded_char, ()))
    variants.add(folded_char)
    return _char_class(variants) + r"\p{M}*"


# Between the words of a name: spaces (incl. no-break), hyphens, at most a line break.
WORD_GAP = r"[\s\-\u2010\u2011]{1,3}"


def folded_pattern(value: str) -> str:
    """Regex source matching `value` in any case, with or without accents.

    Spaces and hyphens in `value` match any short run of spaces/hyphens ("Jean-Pierre"
    matches "Jean Pierre"); two-letter folds match their ligature ("oe" matches "œ").
    """
    folded = normalize(value.replace(".", " ").replace(",", " "))
    equivalents = _equivalents()
    parts: list[str] = []
    index = 0
    while index < len(folded):
        ch = folded[index]
        if ch == " ":
            parts.append(WORD_GAP)
            index += 1
            continue
        pair = folded[index : index + 2]
        if len(pair) == 2 and pair in equivalents and " " not in pair:
            parts.append(f"(?:{_letter_pattern(pair[0])}{_letter_pattern(pair[1])}|{_char_class(equivalents[pair])})")
            index += 2
            continue
        parts.append(_letter_pattern(ch))
        index += 1
    return "".join(parts)
