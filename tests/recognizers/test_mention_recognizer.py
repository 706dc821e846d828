from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers import MentionRecognizer
from redact.records import Profile
from tests.recognizers.assertions import at, spans_of
from tests.recognizers.row_properties import (
    NAMES,
    TEXTS,
    assert_offsets_valid,
    assert_person_spans_are_name_variants,
)

RECOGNIZER = MentionRecognizer()
E = "PERSON"


@pytest.mark.parametrize(
    ("mentions", "text", "names"),
    [
        (("Jane Doe",), "Great panel with @Jane Doe today", ["Jane Doe"]),
        (("Jane Doe", "Marc Petit"), "Merci Jane et Marc Petit !", ["Jane", "Marc Petit"]),
        (("Jane Doe",), "Doe, Jane and J. Doe", ["Doe, Jane", "J. Doe"]),
        (("Grace Hopper",), "By God's grace, Grace Hopper won.", ["Grace Hopper"]),
        (("Grace Hopper",), "Thanks Grace!", ["Grace"]),
        (("Ann Lee",), "Annual review", []),
        (("Bill Gates",), "Pay the bill at the gates.", []),
        (("", "Jane Doe", "Jane Doe"), "jane doe", ["jane doe"]),
    ],
)
def test_mentioned_names(mentions: tuple[str, ...], text: str, names: list[str]) -> None:
    found = spans_of(RECOGNIZER.analyze_row(text, Profile(mentions=mentions)))
    assert found == sorted(at(text, name, E) for name in names)


def test_no_mentions() -> None:
    assert RECOGNIZER.analyze_row("Jane Doe", Profile(name="Jane Doe")) == []
    assert RECOGNIZER.name == "MentionRecognizer"
    assert RECOGNIZER.supported_entities == ("PERSON",)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, mentions=st.lists(NAMES, max_size=3))
def test_offsets_hold_and_spans_are_variants(text: str, mentions: list[str]) -> None:
    results = RECOGNIZER.analyze_row(text, Profile(mentions=tuple(mentions)))
    assert_offsets_valid(text, results)
    assert_person_spans_are_name_variants(text, results, mentions)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200), mentions=st.lists(st.text(max_size=20), max_size=3))
def test_arbitrary_unicode(text: str, mentions: list[str]) -> None:
    full = text + " " + " ".join(mentions)
    results = RECOGNIZER.analyze_row(full, Profile(mentions=tuple(mentions)))
    assert_offsets_valid(full, results)
    assert_person_spans_are_name_variants(full, results, mentions)
