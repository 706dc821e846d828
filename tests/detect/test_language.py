"""Language routing: the `lang` column, else an offline guess, else the default language."""

from __future__ import annotations

import dataclasses

import pytest

from redact.detect.language import LanguageRouter, _enough_letters
from redact.policy import Policy

DETECTION = Policy.default().detection  # en and fr, guessing on, English by default
FRENCH = "Merci à toute l'équipe pour cette belle année, nous recrutons encore à Lyon !"
ENGLISH = "Thanks to the whole team for this great year, we are still hiring in London!"


@pytest.fixture(scope="module")
def router() -> LanguageRouter:
    routed = LanguageRouter(DETECTION)
    routed.warm_up()
    return routed


@pytest.mark.parametrize(
    ("declared", "text", "expected"),
    [
        ("fr", ENGLISH, "fr"),  # the column wins, whatever the text
        ("fr-FR", ENGLISH, "fr"),
        ("FR_ca", ENGLISH, "fr"),
        ("en", FRENCH, "en"),
        (None, FRENCH, "fr"),  # no column: guessed
        (None, ENGLISH, "en"),
        ("de", FRENCH, "fr"),  # a language the policy does not support: guessed
        ("", FRENCH, "fr"),
        (None, "Merci !", "en"),  # too few letters to guess: the default
        (None, "12 34 56 78 90 ✅", "en"),
    ],
)
def test_route(router: LanguageRouter, declared: str | None, text: str, expected: str) -> None:
    assert router.route([declared], [text]) == [expected]


def test_without_guessing_the_default_language_is_used() -> None:
    router = LanguageRouter(dataclasses.replace(DETECTION, guess_language=False))
    assert router.route([None, "fr"], [FRENCH, ENGLISH]) == ["en", "fr"]


@pytest.mark.parametrize(
    ("text", "enough"),
    [
        ("abcdefghijk", False),  # 11 letters
        ("abcdefghijkl", True),  # 12
        ("a1b2c3d4e5f6g7h8i9j0k!l", True),
        ("1" * 195 + "abcdefghijkl", False),  # letters past the first 200 characters do not count
        ("", False),
    ],
)
def test_enough_letters_to_guess(text: str, enough: bool) -> None:
    assert _enough_letters(text) is enough
