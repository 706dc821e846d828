"""The false-positive rules of `redact.detect.refine` (no model needed)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import redact.detect.refine as refine_module
from redact.detect.refine import (
    _CUE_BEFORE,
    _NAME_TOKEN,
    _NOT_NAME_CHARS,
    _after_employer_cue,
    _has_not_name_chars,
    _never_spread,
    _spreadable_words,
    _whole_word_occurrences,
    refine_spans,
)
from redact.records import Span


def _guess(text: str, value: str, entity_type: str = "PERSON", recognizer: str = "SpacyRecognizer") -> Span:
    start = text.index(value)
    return Span(entity_type, start, start + len(value), 0.85, recognizer)


def _refined(text: str, value: str, **kw: str) -> str | None:
    out = refine_spans(text, "en", [_guess(text, value, **kw)])
    assert len(out) <= 1
    return text[out[0].start : out[0].end] if out else None


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("Ana Lima, Austria 84442", "Austria 84442"),  # digits
        ("raised 15 k€ in seed", "k€"),  # currency
        ("see https://acme.io/blog for more", "https://acme.io/blog"),
        ("#Python #womenintech", "womenintech"),  # lower case (and after #)
        ("#GenAI is everywhere", "GenAI"),  # right after #
        ("ping @JaneDoe", "JaneDoe"),  # a handle, not a PERSON guess
        ("Merci à vous !", "Merci"),  # only a lead-in word
        ("Merci\nAna", "Merci\nAna"),  # a lead-in word, then the next line
        ("Ravie de vous voir", "Ravie"),  # a French adjective, not a name
        ("Bienvenue à tous", "Bienvenue"),
        ("recherche un poste de Product Owner à Lyon", "Product Owner"),  # job title
        ("en tant que Cheffe de projet", "Cheffe"),
        ("my team at Tessera Cloud", "Tessera Cloud"),  # company word
        ("Helios Energy recrute", "Helios Energy"),
        ("une solide expertise Kafka.", "Kafka"),  # technology
        ("notre facture Apache Spark", "Apache Spark"),
        ("De retour chez Quantix mi-novembre", "Quantix"),  # employer cue
        ("Data Analyst at Globex. Let's connect", "Globex"),
        ("Merci ! Postulez avant vendredi", "Postulez"),  # opens a sentence, in no name list
        ("Amicalement,\nLéa", "Amicalement"),
        ("Ravi de vous annoncer la nouvelle", "Ravi"),  # a French adjective opening a sentence
        ("Ravie ! Merci à tous", "Ravie"),
    ],
)
def test_drops_guesses_that_are_not_people(text: str, guess: str) -> None:
    assert _refined(text, guess) is None


@pytest.mark.parametrize(
    ("text", "guess", "kept"),
    [
        ("Merci Natalie Cruz pour tout", "Merci Natalie Cruz", "Natalie Cruz"),  # lead-in cut
        ("Bonjour Andrée, comme convenu", "Bonjour Andrée", "Andrée"),
        ("Thank you Ravi Câmara for the help", "Ravi Câmara", "Ravi Câmara"),  # "Ravi" is a name here
        ("Merci à Ravi et Léa", "Ravi", "Ravi"),
        ("update my address is USNV Snider\nFPO AP", "Snider\nFPO AP", "Snider"),  # first line only
        ("Hi  Natalie Cruz  !", "  Natalie Cruz  ", "Natalie Cruz"),  # spaces around the words
        ("Merci\u00a0Natalie Cruz", "Merci\u00a0Natalie Cruz", "Natalie Cruz"),  # a no-break space
        ("Merci, Hello Natalie", "Merci, Hello Natalie", "Natalie"),  # lead-ins one after the other
        ("Ravis de vous voir, Léa", "Léa", "Léa"),
        # Near misses: names that look like the patterns above but are people.
        ("Thanks to Julia for the review", "Julia", "Julia"),  # a language name, left to context
        ("Coffee with Mark Chef tomorrow", "Mark", "Mark"),
        ("Call Rose at home", "Rose", "Rose"),  # "at" after the name, not before
        ("Ana Lima, CEO of Acme", "Ana Lima", "Ana Lima"),  # the title is outside the span
        ("Rendez-vous avec Chez Lee demain", "Chez Lee", "Chez Lee"),  # "chez" inside, not before
        ("Félicitations à Jean Dupont", "Jean Dupont", "Jean Dupont"),
        ("Marek, can I please speak to your boss?", "Marek", "Marek"),  # opens a sentence, but listed
        ("Thanks, Pendaison was fun", "Pendaison", "Pendaison"),  # in no list, but mid-sentence
        ("Mr. Ootsuki is 78", "Ootsuki", "Ootsuki"),  # a title's dot ends no sentence
        ("They had 2: Yurina and Bo", "Yurina", "Yurina"),  # nor does a colon
        ("Takumi shouted at Tina", "Takumi", "Takumi"),  # opens a sentence, but speaks
        ("Fernán: What a wife.", "Fernán", "Fernán"),  # a speaker
        ("Irenka's address is", "Irenka", "Irenka"),  # owns a personal thing
    ],
)
def test_keeps_or_narrows_real_names(text: str, guess: str, kept: str) -> None:
    assert _refined(text, guess) == kept


@pytest.mark.parametrize(
    ("recognizer", "entity_type", "value"),
    [
        ("MentionRecognizer", "PERSON", "Product Owner"),  # the row says it is a person
        ("AuthorProfileRecognizer", "PERSON", "kafka"),
        ("EmailRecognizer", "EMAIL_ADDRESS", "Product Owner"),
    ],
)
def test_known_values_are_never_second_guessed(recognizer: str, entity_type: str, value: str) -> None:
    text = f"hello {value} there"
    assert _refined(text, value, entity_type=entity_type, recognizer=recognizer) == value


def test_blank_spans_are_dropped_and_order_is_kept() -> None:
    text = "Ana   Lima and Bo"
    spans = [_guess(text, "Ana", recognizer="X"), Span("PHONE_NUMBER", 3, 6, 0.9, "X"), _guess(text, "Bo")]
    assert [text[s.start : s.end] for s in refine_spans(text, "en", spans)] == ["Ana", "Bo"]


@pytest.mark.parametrize(
    ("text", "found", "repeats"),
    [
        ("Carly Jones's tales... than early Jones?", "Carly Jones", ["Jones"]),
        ("My name is Nino Mikulić but everyone calls me Nino", "Nino Mikulić", ["Nino"]),
        # Near misses: everyday words, lower case and longer words do not spread.
        ("Will Smith said: Will you come?", "Will Smith", []),
        ("Ana Jones and the jones family, Jonestown", "Ana Jones", []),
    ],
)
def test_repeats_of_a_found_name_are_names(text: str, found: str, repeats: list[str]) -> None:
    spans = refine_spans(text, "en", [_guess(text, found, recognizer="MentionRecognizer")])
    added = [text[s.start : s.end] for s in spans if s.recognizer == "RepeatedName"]
    assert added == repeats
    assert all(s.entity_type == "PERSON" for s in spans)


@pytest.mark.parametrize("recognizer", ["SpacyRecognizer", "NameListRecognizer"])
def test_employer_cue_spares_listed_given_names(recognizer: str) -> None:
    text = "Sandra shouted at Michael, then joined the team at Globex and chez Atlassian"
    guesses = [_guess(text, v, recognizer=recognizer) for v in ("Michael", "Globex", "Atlassian")]
    assert [text[s.start : s.end] for s in refine_spans(text, "en", guesses)] == ["Michael"]


@pytest.mark.parametrize(
    ("text", "value", "entity_type", "kept"),
    [
        ("Apply: https://www.linkedin.com/jobs/view/3954408248/", "3954408248", "PHONE_NUMBER", False),
        ("see acme.com/orders?id=4111111111111111 now", "4111111111111111", "CREDIT_CARD", False),
        ("Write me: https://wa.me/33612345678", "33612345678", "PHONE_NUMBER", True),  # a phone link
        ("call 0612345678 or see https://acme.io", "0612345678", "PHONE_NUMBER", True),  # not in the link
    ],
)
def test_numbers_inside_links_are_ids(text: str, value: str, entity_type: str, kept: bool) -> None:
    span = _guess(text, value, entity_type=entity_type, recognizer="IntlPhoneRecognizer")
    assert (refine_spans(text, "en", [span]) == [span]) is kept


def test_a_siret_is_not_a_card() -> None:
    text = "SIRET: 36892925302828."
    card = _guess(text, "36892925302828", entity_type="CREDIT_CARD", recognizer="CreditCardRecognizer")
    siret = _guess(text, "36892925302828", entity_type="FR_SIRET", recognizer="FrSiretRecognizer")
    assert refine_spans(text, "fr", [card, siret]) == [siret]
    assert refine_spans(text, "fr", [card]) == [card]  # alone, the card stays


@pytest.mark.parametrize(
    ("text", "address", "guess", "kept"),
    [
        ("domiciliation au 48 rue Jean Jaurès.", "48 rue Jean Jaurès", "Jean Jaurès", None),
        (
            "chez moi : 145 place Gambetta, 67000 Strasbourg.",
            "145 place Gambetta, 67000 Strasbourg",
            "145 place Gambetta, 67000 Strasbourg",
            None,
        ),
        (
            "Ms. Gina Václavík Apt. 104 67692 Hegedûs Gyula utca 15.",
            "Apt. 104 67692 Hegedûs Gyula utca 15",
            "Gina Václavík Apt. 104",
            "Gina Václavík",
        ),
        ("5221 Queen Court, Anna Berg", "5221 Queen Court", "Court, Anna Berg", "Anna Berg"),
        # near misses: a name next to an address, not in it, is untouched
        ("Anna Berg lives at 12 High Street", "12 High Street", "Anna Berg", "Anna Berg"),
        ("Sofie Nygaard, 12 rue de la Paix", "12 rue de la Paix", "Sofie Nygaard", "Sofie Nygaard"),
    ],
)
def test_street_names_are_not_people(text: str, address: str, guess: str, kept: str | None) -> None:
    street = _guess(text, address, entity_type="STREET_ADDRESS", recognizer="StreetAddressRecognizer")
    out = refine_spans(text, "en", [_guess(text, guess), street])
    people = [text[s.start : s.end] for s in out if s.entity_type == "PERSON"]
    assert people == ([kept] if kept else [])
    assert street in out


def test_known_names_inside_an_address_are_kept() -> None:
    text = "Send it to Claire Martin, 3 rue Claire Martin"
    street = _guess(text, "3 rue Claire Martin", entity_type="STREET_ADDRESS", recognizer="StreetAddressRecognizer")
    start = text.rindex("Claire Martin")
    mention = Span("PERSON", start, start + len("Claire Martin"), 1.0, "MentionRecognizer")
    assert mention in refine_spans(text, "fr", [mention, street])


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("Bravo Ravi Kumar ! Ravi a tout fait.", ["Ravi Kumar", "Ravi"]),  # the name again
        ("Bravo Ravi Kumar ! Ravi de travailler avec toi.", ["Ravi Kumar"]),  # the adjective
    ],
)
def test_repeated_names_skip_french_adjectives(text: str, repeated: list[str]) -> None:
    spans = refine_spans(text, "fr", [_guess(text, "Ravi Kumar")])
    assert [text[s.start : s.end] for s in spans] == repeated


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab-_ é1.\u0301X", max_size=30), st.text(alphabet="abé", min_size=1, max_size=3))
def test_whole_word_occurrences_match_the_word_boundary_pattern(text: str, word: str) -> None:
    expected = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w\-]){re.escape(word)}(?![\w\-])", text)]
    assert list(_whole_word_occurrences(text, word)) == expected


@given(st.lists(st.sampled_from(["Ana", "HTTP", "hTtPs", "WWW.", "www", ".", "1", "٣", "€", "_", " ", "K", "é"]),
                max_size=8).map("".join))  # fmt: skip
def test_not_name_chars_in_two_steps_agree_with_the_pattern(value: str) -> None:
    assert _has_not_name_chars(value) is bool(_NOT_NAME_CHARS.search(value))


# -- memo tables and gates: the same answers as without them -------------------------------------


def _forget() -> None:
    refine_module._GUESS_SHAPES.clear()
    refine_module._SPREADABLE.clear()


@pytest.mark.parametrize(
    ("texts", "value", "kept"),
    [
        # The same guess in other surroundings: what the memo keeps must not carry them over.
        (["Thanks Natalie Cruz", "#Natalie Cruz rocks", "met Natalie Cruz"], "Natalie Cruz", [True, False, True]),
        (
            ["joined Globex today", "joined the team at Globex", "Globex. Hired!", "Globex shouted"],
            "Globex",
            [True, False, False, True],
        ),
        (["Thanks, Pendaison was fun", "Pendaison. Yes", "Hi. Pendaison shouted"], "Pendaison", [True, False, True]),
        (["Merci Ravi Kumar", "Ravi de vous voir", "Merci à Ravi et Léa"], "Ravi", [True, False, True]),
    ],
)
def test_remembered_guesses_still_read_their_context(texts: list[str], value: str, kept: list[bool]) -> None:
    for order in (texts, texts[::-1]):
        for text in order:
            expected = kept[texts.index(text)]
            assert (_refined(text, value) == value) is expected, text


_GUESS_WORDS = ("Ana", "Lima", "at", "chez", "#", "Will", "Merci", "Ravi", "de", "Owner", "Kafka", "http", ".", ":",
                "'s", "\n", " ", "  ", "\u00a0", "shouted", "Jones", "early", "12 rue", "Tech")  # fmt: skip
_guess_texts = st.lists(st.sampled_from(_GUESS_WORDS), max_size=14).map(" ".join)


@st.composite
def _texts_with_guesses(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(_guess_texts)
    bound = st.integers(0, len(text))
    kinds = st.sampled_from(
        [("PERSON", "SpacyRecognizer"), ("PERSON", "NameListRecognizer"), ("PERSON", "MentionRecognizer"),
         ("STREET_ADDRESS", "StreetAddressRecognizer"), ("PHONE_NUMBER", "IntlPhoneRecognizer")]
    )  # fmt: skip
    raw = draw(st.lists(st.tuples(bound, bound, kinds), max_size=5))
    spans = [Span(kind[0], min(a, b), max(a, b), 0.85, kind[1]) for a, b, kind in raw]
    return text, sorted(spans, key=lambda s: (s.start, s.end, s.entity_type))


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts_with_guesses(), min_size=1, max_size=8))
def test_a_stream_of_texts_is_refined_as_each_text_alone(cases: list[tuple[str, list[Span]]]) -> None:
    alone = []
    for text, spans in cases:
        _forget()
        alone.append(refine_spans(text, "en", list(spans)))
    _forget()
    assert [refine_spans(text, "en", list(spans)) for text, spans in cases] == alone  # memo tables filling
    assert [refine_spans(text, "en", list(spans)) for text, spans in cases] == alone  # then full


def test_memo_tables_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refine_module, "_MEMO_SIZE", 4)
    _forget()
    for i in range(20):
        text = f"Merci à Natalie{chr(ord('a') + i)} Cruz, Natalie{chr(ord('a') + i)} Cruz"
        guess = _guess(text, f"Natalie{chr(ord('a') + i)} Cruz", recognizer="NameListRecognizer")
        assert len(refine_spans(text, "en", [guess])) == 3  # the guess and the repeats of its two words
        assert len(refine_module._GUESS_SHAPES) <= 4 and len(refine_module._SPREADABLE) <= 4


@given(st.text(alphabet="aAtTcChHeEzZ \t\n\u00a0\u2003x.", max_size=12), st.integers(0, 12))
def test_employer_cue_gate_agrees_with_the_pattern(text: str, start: int) -> None:
    start = min(start, len(text))
    assert _after_employer_cue(text, start) is bool(_CUE_BEFORE.search(text[max(0, start - 8) : start]))


@given(st.text(alphabet="AbÉé Zz1_-'\u0301ßİ", max_size=20), st.integers(0, 20), st.integers(0, 20))
def test_spreadable_words_are_the_name_tokens_of_the_span(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    expected = [(t, t.casefold()) for t in _NAME_TOKEN.findall(text, start, end) if t.casefold() not in _never_spread()]
    assert list(_spreadable_words(text[start:end])) == expected
