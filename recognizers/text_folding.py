"""Case- and accent-insensitive matching that keeps offsets into the original text.

Instead of normalizing the text and losing offsets, `fold_with_offsets` folds it once while
keeping where each folded character came from (`é`, `È`, `ｅ`, `𝗲` and `e` + U+0301 all fold
to `e`). Plain folded patterns (`plain_pattern`) are matched on the folded text and their
offsets mapped back. Compiling a literal pattern per name costs microseconds, where a regex
of per-letter character classes cost milliseconds: names change on every row.
"""

from __future__ import annotations

import unicodedata
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


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text` (lengths may differ from the input)."""
    return "".join(fold_char(ch) for ch in text)


def normalize(text: str) -> str:
    """`fold`, with runs of spaces, hyphens, dots and commas as one space, trimmed.

    Two spellings of one name have the same normal form: "Hélène  Dupont-Durand",
    "helene dupont durand"; "Smith, J." and "smith j".
    """
    return _SEPARATORS.sub(" ", fold(text)).strip()


# Between the words of a name: spaces (incl. no-break), hyphens, at most a line break.
WORD_GAP = r"[\s\-\u2010\u2011]{1,3}"


@lru_cache(maxsize=16)
def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """`fold(text)`, plus for each folded character the start and end of its source character.

    A match `folded[i:j]` covers `text[starts[i]:ends[j - 1]]` in the original. Cached for
    the last few texts: the author's name and every mention are searched in the same text.
    """
    if text.isascii():
        # ASCII folds one character to one: lower case, and the backtick to an apostrophe.
        return text.lower().replace("`", "'"), list(range(len(text))), list(range(1, len(text) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, ch in enumerate(text):
        # Fast path for the common case: lower-case ASCII letters, digits and spaces fold to themselves.
        folded = ch if ch.isascii() and (ch.islower() or ch.isdigit() or ch == " ") else fold_char(ch)
        if not folded:
            if ends:  # a combining mark belongs to the letter before it
                ends[-1] = index + 1
            continue
        pieces.append(folded)
        starts.extend([index] * len(folded))
        ends.extend([index + 1] * len(folded))
    return "".join(pieces), starts, ends


def plain_pattern(value: str) -> str:
    """Regex source matching the folded form of `value` in a `fold_with_offsets` text.

    Spaces and hyphens in `value` match any short run of spaces/hyphens, like
    `folded_pattern`; everything else is literal.
    """
    folded = normalize(value.replace(".", " ").replace(",", " "))
    return "".join(WORD_GAP if ch == " " else re.escape(ch) for ch in folded)
