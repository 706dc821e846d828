from __future__ import annotations

import pytest
import regex as re
from hypothesis import given
from hypothesis import strategies as st

from recognizers.name_matching import NameFinder, is_sentence_initial, name_finder, name_variants
from recognizers.text_folding import fold_with_offsets, normalize


def found(name: str, text: str, min_score: float = 0.5) -> list[str]:
    return [text[m.start : m.end] for m in name_finder(name).find(text) if m.score >= min_score]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("John Smith", "Great talk by John Smith today", ["John Smith"]),
        ("John Smith", "great talk by john smith", ["john smith"]),
        ("John Smith", "Smith, John wrote it", ["Smith, John"]),
        ("John Smith", "J. Smith and J Smith and J.Smith", ["J. Smith", "J Smith", "J.Smith"]),
        ("John Smith", "Thanks John S. for this", ["John S."]),
        ("John Smith", "John's idea, Smith's plan", ["John", "Smith"]),
        ("John Smith", "JOHN SMITH", ["JOHN SMITH"]),
        ("Hélène Dupont", "Merci Helene et HÉLÈNE DUPONT", ["Helene", "HÉLÈNE DUPONT"]),
        ("Helene Dupont", "Merci Hélène", ["Hélène"]),
        ("Jean-Pierre Martin", "Jean Pierre Martin et Jean-Pierre", ["Jean Pierre Martin", "Jean-Pierre"]),
        ("Anne Smith-Jones", "Ms Smith-Jones, or Jones", ["Smith-Jones", "Jones"]),
        ("Maria de la Cruz", "Maria Cruz and de la Cruz", ["Maria Cruz", "de la Cruz"]),
        ("John (Johnny) Smith", "Johnny Smith and Johnny", ["Johnny Smith", "Johnny"]),
        ("DUPONT Jean", "Jean Dupont, DUPONT Jean", ["Jean Dupont", "DUPONT Jean"]),
        ("Ann Lee", "Annual report by Ann", ["Ann"]),
        ("Ann Lee", "Annabelle and Leeds", []),
        ("John Smith", "johnsmith and blacksmith and Smithson", []),
        ("Will Smith", "We will win. Will Smith spoke.", ["Will Smith"]),
        ("Will Smith", "Thanks Will for this!", ["Will"]),
        ("Will Smith", "Will you join? I will.", []),
        ("Rose Petit", "une rose et un petit chat", []),
        ("Rose Petit", "Merci à Rose et à Mme Petit", ["Rose", "Petit"]),
        ("May Chen", "Launch in May with Chen", ["Chen"]),
        ("Pierre Durand", "pierre a dit", ["pierre"]),
    ],
)
def test_find(name: str, text: str, expected: list[str]) -> None:
    assert found(name, text) == expected


@pytest.mark.parametrize(
    ("name", "text", "score"),
    [
        ("Will Smith", "Will is here.", 0.4),  # sentence-initial common word, no full name
        ("Will Smith", "Will Smith came. Will is here.", 0.6),  # full name present
        ("Will Smith", "Thanks Will!", 0.85),  # capitalised mid-sentence
        ("May Chen", "Talk to May today", 0.4),  # capitalised by convention anyway
        ("John Smith", "john was there", 0.6),  # lower-case but not a word
        ("John Smith", "Thanks John!", 0.9),
    ],
)
def test_single_word_scores(name: str, text: str, score: float) -> None:
    matches = [m for m in name_finder(name).find(text) if m.variant.kind == "single"]
    assert [m.score for m in matches][-1:] == [score]


@pytest.mark.parametrize(
    ("text", "start", "initial"),
    [
        ("Will is here", 0, True),
        ("Done. Will is here", 6, True),
        ("Done!\n👉 Will is here", 8, True),
        ("Thanks Will", 7, False),
        ("Il dit « Will » ici", 9, False),
    ],
)
def test_is_sentence_initial(text: str, start: int, initial: bool) -> None:
    assert is_sentence_initial(text, start) is initial


def test_variants_are_longest_first_and_normalized() -> None:
    variants = name_variants("Jean-Pierre Martin")
    assert variants[0].kind == "full"
    assert {v.normalized for v in variants} >= {
        "jean pierre martin",
        "martin jean pierre",
        "j martin",
        "jean pierre",
        "martin",
    }
    assert all(v.normalized == normalize(v.normalized) for v in variants)


def test_empty_name_finds_nothing() -> None:
    assert NameFinder(name_variants("")).find("anything") == []
    assert name_variants(None) == ()


# The finder matches the variants without compiling them: it must find exactly what the
# alternation of the variants' patterns finds between word boundaries.
_NAMES = ["John Smith", "Smith, John", "Jean-Pierre de la Cruz (JP)", "DUPONT Jean", "Ann O'Neil", "Bo Li",
          "Hélène Dupont-Durand", "Dr. Jane Doe, PhD", "J-P Li", "Malcolm X"]  # fmt: skip
_PIECES = ["john", "John", "JOHN", "smith", "Smith", "j", "J.", "J", "S.", " ", "  ", "    ", "-", "\u2010", ",",
           ", ", ".", "\n", "\u00a0", "x", "é", "e\u0301", "_", "1", "'", "’", "de", "la", "cruz", "JP", "jean",
           "pierre", "dupont", "DUPONT", "o'neil", "bo", "li", "helene", "durand", "jane", "doe", "j. smith",
           "smith, john", "john s.", "j-p", "malcolm", "\t", " ,", "Ꭰ"]  # fmt: skip


def _regex_spans(name: str, folded: str) -> list[tuple[int, int, int]]:
    variants = name_variants(name)
    alternatives = "|".join(f"(?P<v{i}>{v.pattern})" for i, v in enumerate(variants))
    pattern = re.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}_])(?:{alternatives})(?![\p{{L}}\p{{M}}\p{{N}}_])")
    return [(m.start(), m.end(), int(m.lastgroup[1:])) for m in pattern.finditer(folded) if m.lastgroup]


@pytest.mark.parametrize("name", _NAMES)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_finder_finds_what_the_variants_regex_finds(name: str, text: str) -> None:
    folded = fold_with_offsets(text)[0]
    assert NameFinder(name_variants(name)).spans(folded) == _regex_spans(name, folded)


# Variants are looked for near their longest word and tried as usually written first: the
# unusual spellings around them must still give what the regex gives.
@pytest.mark.parametrize(
    "text",
    ["j. smith", "j.smith", "j.   smith", "j  smith", "j\tsmith", "smith,john", "smith ,john", "smith,  john",
     "john s.", "john  s.", "john s.x", "xj. smith", "j. smithy", "j. j. smith", "smith, smith, john", "j-p li",
     "malcolm x", "x, malcolm", "x,malcolm", "li, j-p", "j  -  p li"],
)  # fmt: skip
@pytest.mark.parametrize("name", ["John Smith", "J-P Li", "Malcolm X"])
def test_finder_agrees_with_the_regex_on_separators(name: str, text: str) -> None:
    assert NameFinder(name_variants(name)).spans(text) == _regex_spans(name, text)


@pytest.mark.parametrize(
    ("name", "text", "may"),
    [
        ("Ann Lee", "annual leeway", True),  # the words are there, not the name: the scan says no
        ("Ann Lee", "bob and bo", False),
        ("John Smith", "j. and s.", False),  # initials alone never anchor a variant
        ("John Smith", "smith", True),
    ],
)
def test_may_occur_is_a_cheap_necessary_condition(name: str, text: str, may: bool) -> None:
    assert name_finder(name).may_occur(text) is may


@pytest.mark.parametrize("name", _NAMES)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_may_occur_only_skips_texts_without_matches(name: str, text: str) -> None:
    finder = name_finder(name)
    folded = fold_with_offsets(text)[0]
    if not finder.may_occur(folded):
        assert finder.spans(folded) == []
    assert [(m.start, m.end, m.score, m.variant) for m in finder.find(text)] == finder.scan(text)
