from __future__ import annotations

import pytest

from recognizers import NameListRecognizer
from tests.recognizers.assertions import at, detect

REC = NameListRecognizer()
E = "PERSON"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("A tribute to Isabel C Fenton – sadly", ["Isabel C Fenton"]),  # initial inside
        ("the verses from Carly Jones's tales", ["Carly Jones"]),  # possessive outside
        ("when Isabel de la Crúz and I started", ["Isabel de la Crúz"]),  # particles inside
        ("ping Fernando this Thursday", ["Fernando"]),  # a lone given name
        ("They had 6: Astrid, Christina, Kimberly and Jeffrey.", ["Astrid", "Christina", "Kimberly", "Jeffrey"]),
        ("Jaime, can I please speak to your boss?", ["Jaime"]),  # opens the sentence
        ("Isayev began writing as a teenager", ["Isayev"]),  # a family-name ending
        ("For my take on Mrs. Berry, see", ["Berry"]),  # a title
        ("I'm so jealous! said Kaikou to Nichole", ["Kaikou", "Nichole"]),  # a cue, then a list
        ("Thanks to Will Smith for the talk", ["Will Smith"]),  # an everyday word with a surname
        ("we need to add Myra A Reyes as guardian", ["Myra A Reyes"]),
        ("Jade and I are over the moon", ["Jade"]),  # an everyday word, but "and I" says a person
        ("Sieuwerd, can I please speak to your boss?", ["Sieuwerd"]),  # addressed, listed or not
        ("Gerth: What a wife.\nBenjamin: Remember me?", ["Gerth", "Benjamin"]),  # a transcript
    ],
)
def test_finds_names(text: str, values: list[str]) -> None:
    assert detect(REC, text) == [at(text, v, E) for v in values]


@pytest.mark.parametrize(
    "text",
    [
        "Will you come? Rose by 10% in May.",  # everyday words and a month
        "Young people love Paris.",  # capitalised by convention
        "Our office in Austin is hiring",  # a place after "in"
        "Can you call me back?",  # "Can" + "you": a verb, not a name
        "Don't forget the slides",
        "We opened in São Paulo and New York",
        "Peux-tu me rappeler ?",
        "Merci à tous, bonne semaine",
        "The CEO of IBM spoke",  # acronyms
        "However, can I ask a question?",  # a sentence adverb, not someone addressed
        "Problem: slow builds.\nSolution: a cache.",  # labelled lines without a listed name
        "See Guilty Pleasures: Musicians Of The Seventies You're Supposed To Hate (But Secretly Love)",
        "Can someone call me back?",
    ],
)
def test_rejects_words_that_are_not_names_here(text: str) -> None:
    assert detect(REC, text) == []
