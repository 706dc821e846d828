from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers import MentionRecognizer
from recognizers.name_matching import name_finder
from redact.detect.results import found_of
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


@pytest.mark.parametrize(
    "text",
    ["Hélène Dupont (@hdupont42, helene.dupont@example.com, 06 12 34 56 78) et Jane Doe, Marc Petit",
     "Merci Jane et Marc !", "Helene", "Le rapport annuel est prêt.", ""],
)  # fmt: skip
def test_find_row_gives_the_results_as_tuples(text: str) -> None:
    # The detector reads the tuples; `analyze_row` builds Presidio's objects from the same results.
    profile = Profile(mentions=("Jane Doe", "Marc Petit"))
    results = RECOGNIZER.analyze_row(text, profile)
    assert RECOGNIZER.find_row(text, profile) == found_of(results)
    assert all("Matched the row's" in r.analysis_explanation.textual_explanation for r in results)


# Each case names a tagged member never seen before (nor in the other modules): the same name, spaced differently.
@pytest.mark.parametrize(
    ("name", "text", "built", "found"),
    [
        ("Chloë Quartermain", "Nothing to see here", False, []),
        ("Chloë  Quartermain", "Chlo, Quartermai and Q.", False, []),  # near misses: no word of the name is there
        ("Chloë   Quartermain", "Chloey was there", True, []),  # "chloe" is there, inside a word: the finder says no
        (" Chloë Quartermain", "Thanks Chloë!", True, ["Chloë"]),
        ("Chloë Quartermain ", "QUARTERMAIN, CHLOE", True, ["QUARTERMAIN, CHLOE"]),
    ],
)
def test_the_name_finder_is_built_only_for_texts_that_may_hold_the_name(
    name: str, text: str, built: bool, found: list[str]
) -> None:
    name_finder.cache_clear()
    results = RECOGNIZER.analyze_row(text, Profile(mentions=(name,)))
    assert [text[r.start : r.end] for r in results] == found
    assert (name_finder.cache_info().currsize == 1) is built
