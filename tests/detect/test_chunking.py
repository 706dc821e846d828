"""Cutting long texts for NER: pieces concatenate back, offsets map back exactly."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redact.detect.chunking import split_text


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        # short enough: one piece, even empty
        ("", 10, [""]),
        ("Hello world.", 12, ["Hello world."]),
        # a paragraph break in the second half wins over a later sentence end
        ("aaaa bbbb.\n\ncc dd. e", 14, ["aaaa bbbb.\n\n", "cc dd. e"]),
        # no paragraph break: after the last sentence end
        ("One two. Three four five", 15, ["One two. ", "Three four five"]),
        # no sentence end: at the last whitespace
        ("alpha beta gamma delta", 12, ["alpha beta ", "gamma delta"]),
        # near miss: a sentence end in the first half is not used, whitespace later is
        ("A. bbbbbbbbb ccccccc", 14, ["A. bbbbbbbbb ", "ccccccc"]),
        # no whitespace at all: a hard cut at the limit
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ],
)
def test_split_points(text: str, max_chars: int, expected: list[str]) -> None:
    assert [p.text for p in split_text(text, max_chars)] == expected


def test_rejects_non_positive_limit() -> None:
    with pytest.raises(ValueError):
        split_text("abc", 0)


_ALPHABET = st.sampled_from(list("ab Z.!?\n\t\u00e9\u4e2d\U0001f600-"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(_ALPHABET, max_size=400), max_chars=st.integers(1, 60))
def test_pieces_rebuild_the_text_within_the_limit(text: str, max_chars: int) -> None:
    pieces = split_text(text, max_chars)
    assert "".join(p.text for p in pieces) == text
    offset = 0
    for piece in pieces:
        assert piece.offset == offset
        assert text[piece.offset : piece.end] == piece.text
        assert len(piece.text) <= max_chars
        assert piece.text or text == ""
        offset = piece.end


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text("abcXYZ12", min_size=1, max_size=8), max_size=80), seps=st.data())
def test_entity_offsets_map_back(words: list[str], seps: st.DataObject) -> None:
    """What a model finds in a piece, shifted by the piece's offset, is where it is in the text.

    Words stand for entities: as no word is longer than a piece, no cut falls inside one.
    """
    gaps = [seps.draw(st.sampled_from([" ", ". ", "\n\n", "  "])) for _ in words]
    text = "".join(w + g for w, g in zip(words, gaps, strict=True))
    found = [
        (m.group(), piece.offset + m.start(), piece.offset + m.end())
        for piece in split_text(text, 12)
        for m in re.finditer(r"\w+", piece.text)
    ]
    assert found == [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    assert all(text[start:end] == word for word, start, end in found)
