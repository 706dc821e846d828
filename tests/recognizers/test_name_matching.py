from __future__ import annotations

from functools import lru_cache

import pytest
import regex as re
from hypothesis import given
from hypothesis import strategies as st

from recognizers.name_matching import (
    NameFinder,
    is_sentence_initial,
    keys_at_word_edges,
    name_finder,
    name_finder_for,
    name_keys,
    name_may_occur,
    name_variants,
)
from recognizers.person_names import parse_person_name
from recognizers.text_folding import fold_with_offsets, folded_text, normalize


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


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("John Smith", ("john", "smith")),
        ("Dr. Jean-Pierre de la Cruz (JP) | Growth", ("dr", "jean", "pierre", "de", "la", "cruz", "jp", "growth")),
        ("Hélène DUPONT-Durand", ("helene", "dupont", "durand")),
        ("Ann O'Neil", ("ann", "o", "neil")),  # the apostrophe stays in the word "o'neil": "o" lies inside it
        ("ＪＯＨＮ 𝗦𝗺𝗶𝘁𝗵", ("john", "smith")),
        ("Straße, Æsa", ("strasse", "aesa")),
        ("李 小龍", ("李", "小龍")),
        ("e\u0301 Li", ("e", "li")),
        ("\u0301Ana", ("ana",)),
        ("\u0301 Bo", ("",)),  # a token of marks alone has the empty word: every text may hold it
        ("J2 Smith3", ("j", "smith")),
        ("123 456", ()),  # nothing name-like: no variant, no text can hold one
        ("", ()),
        ("🙂", ()),
    ],
)
def test_name_keys(name: str, keys: tuple[str, ...]) -> None:
    assert name_keys(name) == keys


@pytest.mark.parametrize(
    ("name", "text", "may"),
    [
        ("John Smith", "Thanks J. Smith!", True),
        ("John Smith", "thanks jo and smit", False),
        ("John Smith", "Johnny was here", True),  # a key inside a longer word: the finder says no
        ("Hélène Dupont", "merci helene", True),
        ("Hélène Dupont", "merci Helen Dupond", False),
        ("Jean-Pierre de la Cruz", "JP was there", False),
        ("Jean-Pierre de la Cruz", "de la part de", True),  # particles are keys too ("Jean de" has one alone)
        ("\u0301 Bo", "anything", True),
        ("123", "123", False),
    ],
)
def test_name_may_occur(name: str, text: str, may: bool) -> None:
    assert name_may_occur(name, folded_text(text)) is may


@lru_cache(maxsize=1)
def _faker_names() -> tuple[str, ...]:
    from faker import Faker

    fake = Faker(["en_US", "fr_FR", "de_DE", "es_ES", "pl_PL", "tr_TR", "vi_VN", "cs_CZ", "nl_NL", "pt_BR"])
    fake.seed_instance(5)
    return tuple(fake.name() for _ in range(400))


# Hand-made names mix what the parser cuts at and what folding changes.
_NAME_TOKENS = ["John", "JOHN", "Smith", "Hélène", "Ǆemal", "İlker", "Işık", "Straße", "Æsa", "O'Neil", "O’Neil",
                "Anne-Marie", "Jean‐Pierre", "de", "la", "van", "der", "Dr.", "Mr", "PhD", "Jr.", "J.", "J", "M",
                "(JP)", "(Bob)", "«Jo»", "e\u0301", "\u0301Ana", "\u0301", "ﷺ", "ﷺﷺ", "ﬁona", "Ｍａｒｉｅ", "𝗝𝗼𝗵𝗻",
                "李", "小龍", "Nguyễn", "Thị", "Ω", "x", "ss", "K\u212aelvin", "Ǉudmila", "ŉ", "Smith3",
                "_", "9"]  # fmt: skip
_NAME_GAPS = [" ", "  ", "-", ", ", ",", " | ", " - ", ".", " / ", "\u00a0"]
_hand_names = st.lists(
    st.tuples(st.sampled_from(_NAME_GAPS), st.sampled_from(_NAME_TOKENS)), min_size=1, max_size=5
).map(lambda parts: "".join(gap + token for gap, token in parts)[1:])
_names = st.one_of(st.integers(0, 399).map(lambda i: _faker_names()[i]), _hand_names)
_FILLERS = [" ", ", ", ". ", "\n", "-", "'", "x", "and", "Hi ", "é", "\u0301", "_", "1", " (", ") "]


def _spellings(name: str) -> list[str]:
    """What a text naming the person may hold: the variants as usually written, in three cases,
    the raw name and its tokens, and one-letter initials."""
    spellings = [name, *name.split()]
    for variant in name_variants(name):
        usual = "".join({" gap": " ", " comma": ",", " initial": ". ", " dot": "."}.get(p, p) for p in variant.pieces)
        spellings += [usual, usual.upper(), usual.title(), usual.replace(" ", "-")]
    person = parse_person_name(name)
    if person is not None:
        spellings += [*person.given, *person.family, *person.nicknames, *(t[:1] + "." for t in person.given)]
    return spellings


@given(data=st.data(), name=_names)
def test_name_keys_are_necessary(data: st.DataObject, name: str) -> None:
    """Whenever the finder finds the name, the text held a key: skipping on the keys loses nothing."""
    pieces = data.draw(st.lists(st.sampled_from(_spellings(name) + _FILLERS), max_size=3))
    folded = folded_text("".join(pieces))
    if name_finder(name).spans(folded):
        assert name_may_occur(name, folded)
        assert name_finder_for(name, folded) is not None


@given(name=_names)
def test_variants_are_fuller_kinds_then_longer_first_without_repeats(name: str) -> None:
    variants = name_variants(name)
    rank = {"full": 0, "initial": 1, "single": 2}
    order = [(rank[v.kind], -len(v.normalized)) for v in variants]
    assert order == sorted(order)
    assert len({v.normalized for v in variants}) == len(variants)


# A plain ASCII token takes a shortcut past `normalize`: it must give what the general path gives.
@given(token=st.one_of(st.sampled_from(_NAME_TOKENS), st.text(alphabet="aBcÉ'-. `_1", max_size=6)))
def test_token_facts_match_normalize(token: str) -> None:
    from recognizers.name_matching import _letters, _token
    from recognizers.name_words import name_words
    from recognizers.text_folding import plain_words

    words = name_words()
    normal = normalize(token)
    assert _token(token) == (
        normal,
        tuple(plain_words(token)),
        _letters(token),
        all(w in words.common or w in words.capitalized for w in normal.split()),
    )


@pytest.mark.parametrize(
    ("keys", "text", "at_edges"),
    [
        (("brian", "tan"), "thanks brian!", True),
        (("brian", "tan"), "brian's talk", True),  # an apostrophe is no letter
        (("brian", "tan"), "tan-brian", True),
        (("brian", "tan"), "brian2", True),  # a digit is a word character, but no letter: the finder decides
        (("brian", "tan"), "brian", True),
        (("brian", "tan"), "mail brianbrock@example.com", False),  # inside a longer word
        (("brian", "tan"), "constant and obriant", False),
        (("brian", "tan"), "xbrian tanx", False),
        (("o", "neil"), "o'neil", True),
        (("o", "neil"), "one oneill", False),
        ((), "anything", False),
    ],
)
def test_keys_at_word_edges(keys: tuple[str, ...], text: str, at_edges: bool) -> None:
    assert keys_at_word_edges(keys, text) is at_edges


_ASCII_TOKENS = ["John", "JOHN", "Smith", "O'Neil", "Anne-Marie", "de", "la", "van", "Dr.", "PhD", "J.", "J", "(JP)",
                 "Will", "Rose", "Li", "Bo", "Mc", "d'Arc", "Smith3", "_", "x", "Ann", "Lee"]  # fmt: skip
_ascii_names = st.lists(
    st.tuples(st.sampled_from(_NAME_GAPS[:-1]), st.sampled_from(_ASCII_TOKENS)), min_size=1, max_size=4
).map(lambda parts: "".join(gap + token for gap, token in parts)[1:])
# Around the spellings: letters that glue to them, and what separates words.
_GLUE = ["x", "s", "son", "'s", "2", "_", "é", "-", " ", ".", "@", "e\u0301", "’"]


@given(data=st.data(), name=_ascii_names)
def test_keys_at_word_edges_are_necessary_for_ascii_names(data: st.DataObject, name: str) -> None:
    """Where the finder of an ASCII name finds anything, a key is there at word edges."""
    pieces = data.draw(st.lists(st.sampled_from(_spellings(name) + _GLUE + _FILLERS), max_size=5))
    folded = folded_text("".join(pieces))
    if name_finder(name).spans(folded):
        assert keys_at_word_edges(name_keys(name), folded)
        assert name_finder_for(name, folded) is not None
