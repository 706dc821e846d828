from __future__ import annotations

import pytest
import regex as re
from hypothesis import given
from hypothesis import strategies as st

from recognizers.text_folding import fold, fold_with_offsets, normalize, plain_pattern


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hélène", "helene"),
        ("ÇA", "ca"),
        ("Łukasz Øster", "lukasz oster"),
        ("Lœtitia", "loetitia"),
        ("Straße", "strasse"),
        ("O’Brien", "o'brien"),
        ("𝗝𝗼𝗵𝗻", "john"),
        ("Ｊｏｈｎ", "john"),
        ("He\u0301le\u0300ne", "helene"),
        ("İstanbul", "istanbul"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("  Jean-Pierre   DUPONT ", "jean pierre dupont"),
        ("Smith, J.", "smith j"),
        ("J.Smith", "j smith"),
    ],
)
def test_normalize(text: str, normal: str) -> None:
    assert normalize(text) == normal


@pytest.mark.parametrize(
    ("value", "text", "found"),
    [
        ("Hélène Dupont", "helene dupont", "helene dupont"),
        ("Helene", "HÉLÈNE", "HÉLÈNE"),
        ("Helene", "He\u0301le\u0300ne!", "He\u0301le\u0300ne"),
        ("Jean-Pierre", "Jean Pierre", "Jean Pierre"),
        ("Jean Pierre", "jean-pierre", "jean-pierre"),
        ("Loetitia", "Lœtitia", "Lœtitia"),
        ("Lœtitia", "Loetitia", "Loetitia"),
        ("O'Brien", "O’Brien", "O’Brien"),
        ("John", "𝗝𝗼𝗵𝗻", "𝗝𝗼𝗵𝗻"),
        ("Anna Smith", "Anna\nSmith", "Anna\nSmith"),
        ("Мария", "МАРИЯ", "МАРИЯ"),
    ],
)
def test_plain_pattern_matches_spellings_on_the_folded_text(value: str, text: str, found: str) -> None:
    folded, starts, ends = fold_with_offsets(text)
    match = re.search(plain_pattern(value), folded)
    assert match is not None
    assert text[starts[match.start()] : ends[match.end() - 1]] == found


@pytest.mark.parametrize(
    ("value", "text"),
    [("Helene", "Helena"), ("Jean Pierre", "Jean  and Pierre"), ("Ann", "Amy")],
)
def test_plain_pattern_rejects_other_words(value: str, text: str) -> None:
    assert re.search(plain_pattern(value), fold_with_offsets(text)[0]) is None


@given(st.text())
def test_fold_with_offsets_agrees_with_fold_and_maps_inside_the_text(text: str) -> None:
    folded, starts, ends = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(starts) == len(ends) == len(folded)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)
