"""The name lists' build tool (`recognizers.build_names`) and what the shipped lists hold."""

from __future__ import annotations

import pytest

from recognizers.build_names import hangul_to_latin, katakana_to_latin
from recognizers.name_list_recognizer import name_lists


@pytest.mark.parametrize(
    ("kana", "latin"),
    [
        ("サトウ", "satou"),  # a long vowel spelled out, as people type it
        ("コウヘイ", "kouhei"),
        ("シュンスケ", "shunsuke"),  # a small ya/yu/yo after shi
        ("リョウタ", "ryouta"),  # ... and after another kana
        ("ハットリ", "hattori"),  # a small tsu doubles the next consonant
        ("サトヲ", "satoo"),
        ("ヴィ", ""),  # a kana the table lacks: no name rather than a wrong one
    ],
)
def test_katakana_to_latin(kana: str, latin: str) -> None:
    assert katakana_to_latin(kana) == latin


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("민준", "minjun"), ("서연", "seoyeon"), ("지훈", "jihun"), ("Kim", "")],
)
def test_hangul_to_latin(hangul: str, latin: str) -> None:
    assert hangul_to_latin(hangul) == latin


@pytest.mark.parametrize(
    ("word", "listed"),
    [
        ("satou", True),  # Japanese, in the spelling people type
        ("seoyeon", True),  # Korean, romanized
        ("aleksandr", True),  # Russian, transliterated
        ("yerlan", False),  # in no Faker locale
        ("les", False),  # French words never enter from the extra locales
        ("elle", False),
        ("deja", False),
    ],
)
def test_shipped_lists(word: str, listed: bool) -> None:
    given, family = name_lists()
    assert (word in given or word in family) is listed
