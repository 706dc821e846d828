from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers import AuthorProfileRecognizer
from redact.records import Profile
from tests.recognizers.assertions import Expected, at, spans_of
from tests.recognizers.row_properties import (
    NAMES,
    TEXTS,
    assert_offsets_valid,
    assert_person_spans_are_name_variants,
    assert_profile_spans_match_values,
)

PROFILE = Profile(
    name="Hélène Dupont",
    handle="@hdupont42",
    email="helene.dupont@example.com",
    phone="+33 6 12 34 56 78",
)
RECOGNIZER = AuthorProfileRecognizer()


def detected(text: str, profile: Profile = PROFILE) -> Expected:
    return spans_of(RECOGNIZER.analyze_row(text, profile))


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Je suis Hélène Dupont, ravie !", [("Hélène Dupont", "PERSON", 0)]),
        ("Bonjour, ici helene dupont.", [("helene dupont", "PERSON", 0)]),
        ("Merci Helene !", [("Helene", "PERSON", 0)]),
        ("H. Dupont et Mme Dupont", [("H. Dupont", "PERSON", 0), ("Dupont", "PERSON", 1)]),
        (
            "Suivez @hdupont42 ou hdupont42",
            [("@hdupont42", "HANDLE", 0), ("hdupont42", "HANDLE", 1)],
        ),
        (
            "Écrivez à Helene.Dupont@Example.com",
            [("Helene.Dupont@Example.com", "EMAIL_ADDRESS", 0)],
        ),
        (
            "contact : helene dot dupont at example dot com",
            [("helene dot dupont at example dot com", "EMAIL_ADDRESS", 0)],
        ),
        ("Tél 06.12.34.56.78", [("06.12.34.56.78", "PHONE_NUMBER", 0)]),
        ("WhatsApp +33612345678", [("+33612345678", "PHONE_NUMBER", 0)]),
    ],
)
def test_finds_profile_values(text: str, values: list[tuple[str, str, int]]) -> None:
    expected = sorted(at(text, value, entity, n) for value, entity, n in values)
    assert detected(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le rapport annuel est prêt.",
        "Contact: other.person@example.com, @hdupont4, hdupont421",
        "Code 06 12 34 56 79",
        "Dupontel et Hélènette",
    ],
)
def test_other_values_are_left_alone(text: str) -> None:
    assert detected(text) == []


def test_results_name_the_recognizer_and_entities() -> None:
    results = RECOGNIZER.analyze_row("Hélène Dupont", PROFILE)
    assert RECOGNIZER.name == "AuthorProfileRecognizer"
    assert set(RECOGNIZER.supported_entities) == {
        "PERSON",
        "HANDLE",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
    }
    assert results[0].recognition_metadata["recognizer_name"] == "AuthorProfileRecognizer"


def test_empty_profile_or_text() -> None:
    assert RECOGNIZER.analyze_row("Hélène Dupont", Profile()) == []
    assert RECOGNIZER.analyze_row("", PROFILE) == []


@settings(max_examples=150, deadline=None)
@given(
    text=TEXTS,
    name=NAMES,
    handle=st.one_of(st.none(), st.text(max_size=12), st.just("@j_smith")),
    email=st.one_of(st.none(), st.text(max_size=12), st.just("john.smith@example.com")),
    phone=st.one_of(st.none(), st.text(max_size=12), st.just("+1 415 555 0134")),
)
def test_never_crashes_and_offsets_hold(
    text: str, name: str, handle: str | None, email: str | None, phone: str | None
) -> None:
    profile = Profile(name=name, handle=handle, email=email, phone=phone)
    results = RECOGNIZER.analyze_row(text, profile)
    assert_offsets_valid(text, results)
    assert_person_spans_are_name_variants(text, results, [name])
    assert_profile_spans_match_values(text, results, profile)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200), name=st.text(max_size=30))
def test_arbitrary_unicode_names_and_texts(text: str, name: str) -> None:
    results = RECOGNIZER.analyze_row(text + " " + name, Profile(name=name))
    assert_offsets_valid(text + " " + name, results)
    assert_person_spans_are_name_variants(text + " " + name, results, [name])
