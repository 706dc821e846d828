"""Language routing: the `lang` column, else an offline guess, else the default language."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from redact.detect import language
from redact.detect.language import BatchClassifier, LanguageRouter, _enough_letters
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


# -- the batched classifier gives py3langid's own answers ------------------------------------

ADVERSARIAL = [
    "",
    "a",
    "abcdef",
    "TOUT EN MAJUSCULES, ÉTÉ À PARIS",  # all caps: py3langid lowercases it first
    "😀🇫🇷 café naïve ﬁ ß ẞ ſ ı İ",
    "e\u0301te\u0301 combining accents",  # NFC-normalized before the walk
    "a lone \ud800 surrogate in the text",
    "\x00\x01\x7f\xff control bytes and ÿ",
    "1234567890 " * 40,
    "مرحبا بالعالم، كيف حالك اليوم؟",
    "你好世界" * 60,
    "Привет, мир! " * 20,
    "Bonjour à tous, " * 150,  # longer than the 2,000 characters a guess reads
    "\n\n\t  ",
]


def _corpus() -> list[str]:
    from redact.synth import generate_posts

    texts = [t for batch in generate_posts(150, 3) for t in batch.column("text").to_pylist() if t]
    return [t[:2000] for t in [*texts, FRENCH, ENGLISH, *ADVERSARIAL]]


@pytest.fixture(scope="module")
def identifier(router: LanguageRouter) -> Any:
    return router._load()


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return _corpus()


class CountingIdentifier:
    """Forwards to the real identifier; counts the texts classified one by one."""

    def __init__(self, ident: Any) -> None:
        self.ident = ident
        self.one_by_one = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ident, name)

    def classify(self, text: str) -> tuple[str, float]:
        self.one_by_one += 1
        return self.ident.classify(text)


@pytest.mark.parametrize("languages", [["en", "fr"], ["de", "en", "fr", "sr"], None])  # sr: aliased columns
def test_batched_classify_gives_py3langid_language_and_score(
    identifier: Any, corpus: list[str], languages: list[str] | None
) -> None:
    identifier.set_languages(languages)
    try:
        expected = [identifier.classify(t) for t in corpus]
        counting = CountingIdentifier(identifier)
        got = BatchClassifier(counting).classify_many(corpus)
    finally:
        identifier.set_languages(list(DETECTION.languages))
    assert got == expected  # same language and the very same float
    assert counting.one_by_one == 0  # all of it batched


@pytest.mark.parametrize(("window", "chunk_bytes"), [(2, 1 << 18), (6, 300), (6, 1)])
def test_batched_classify_is_exact_when_its_shortcuts_do_not_hold(
    identifier: Any, corpus: list[str], monkeypatch: pytest.MonkeyPatch, window: int, chunk_bytes: int
) -> None:
    # A window too short for the model: the check catches it and those texts go one by one.
    monkeypatch.setattr(language, "_WINDOW", window)
    monkeypatch.setattr(language, "_CHUNK_BYTES", chunk_bytes)
    counting = CountingIdentifier(identifier)
    got = BatchClassifier(counting).classify_many(corpus)
    assert got == [identifier.classify(t) for t in corpus]
    if window < 6:
        assert counting.one_by_one > len(corpus) // 2
    else:
        assert counting.one_by_one == 0


def test_an_unknown_identifier_layout_falls_back_to_its_classify() -> None:
    class Opaque:
        def classify(self, text: str) -> tuple[str, float]:
            return ("fr" if "é" in text else "en", float(len(text)))

    assert BatchClassifier(Opaque()).classify_many(["été"] * 5 + ["summer"]) == [("fr", 3.0)] * 5 + [("en", 6.0)]


def test_route_guesses_in_a_batch_as_it_would_one_by_one(router: LanguageRouter, corpus: list[str]) -> None:
    declared: list[str | None] = [None if i % 3 else "fr" for i in range(len(corpus))]
    expected = [router.normalize(d) or router.guess(t) for d, t in zip(declared, corpus, strict=True)]
    assert router.route(declared, corpus) == expected
    assert set(expected) == {"en", "fr"}


def test_route_needs_one_declared_language_per_text(router: LanguageRouter) -> None:
    with pytest.raises(ValueError):
        router.route([None], [FRENCH, ENGLISH])
