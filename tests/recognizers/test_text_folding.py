from __future__ import annotations

import pytest
import regex as re

from recognizers.text_folding import fold, folded_pattern, normalize


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
def test_folded_pattern_matches_spellings(value: str, text: str, found: str) -> None:
    match = re.search(folded_pattern(value), text)
    assert match is not None and match.group() == found


@pytest.mark.parametrize(
    ("value", "text"),
    [("Helene", "Helena"), ("Jean Pierre", "Jean  and Pierre"), ("Ann", "Amy")],
)
def test_folded_pattern_rejects_other_words(value: str, text: str) -> None:
    assert re.search(folded_pattern(value), text) is None
