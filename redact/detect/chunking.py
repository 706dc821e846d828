"""Cut long texts into pieces the NER model handles well, keeping offsets exact.

spaCy refuses texts longer than `nlp.max_length` (1,000,000 characters) and its memory
grows with the document; NER also costs the same per token whatever the document size, so
small pieces lose nothing. Pieces end at a paragraph break, else after a sentence's end,
else at a line break, else at any whitespace (only a text with no whitespace at all is cut
mid-word). Each piece carries its offset in the original text, so entity offsets found in
a piece map back by one addition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Small enough to keep spaCy's per-document memory flat, large enough that almost every
# post is one piece.
DEFAULT_MAX_CHARS = 10_000

# Preferred cut points, best first; a cut goes right after the match.
_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"[.!?…。！？][\"'’”)\]]*\s+"),
    re.compile(r"\n\s*"),
    re.compile(r"\s+"),
)


@dataclass(frozen=True, slots=True)
class Piece:
    offset: int
    text: str

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


def split_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[Piece]:
    """Pieces of at most `max_chars` characters whose concatenation is `text`."""
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if len(text) <= max_chars:
        return [Piece(0, text)]
    pieces: list[Piece] = []
    start = 0
    while len(text) - start > max_chars:
        cut = _cut(text, start, start + max_chars)
        pieces.append(Piece(start, text[start:cut]))
        start = cut
    pieces.append(Piece(start, text[start:]))
    return pieces


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end the piece starting at `start`: a boundary in (start, limit]."""
    window = text[start:limit]
    for boundary in _BOUNDARIES:
        ends = [m.end() for m in boundary.finditer(window)]
        # A cut in the first half would leave a small piece: try a weaker boundary first.
        if ends and ends[-1] > len(window) // 2:
            return start + ends[-1]
    ends = [m.end() for m in _BOUNDARIES[-1].finditer(window)]
    return start + ends[-1] if ends else limit
