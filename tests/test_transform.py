"""The transformation stage: overlap resolution and every operator, by table and by property."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redact.errors import RedactError, SecretKeyError
from redact.keys import Pseudonymizer, SecretKey
from redact.policy import Operator, Policy
from redact.records import Span
from redact.transform import Transformer, TransformResult, mask, resolve_overlaps

KEY_A = SecretKey(b"transform-test-key-A-0123456789")
KEY_B = SecretKey(b"transform-test-key-B-0123456789")
PZ = Pseudonymizer(KEY_A)

# One operator per entity type, as a policy would map them.
OPS: dict[str, Operator] = {
    "PLACED": Operator(type="placeholder"),
    "BRACKETED": Operator(type="placeholder", template="[{entity}]"),
    "MASKED": Operator(type="mask"),
    "REMOVED": Operator(type="remove"),
    "DROPPED": Operator(type="drop_row"),
    "KEPT": Operator(type="keep"),
    "PSEUDO": Operator(type="pseudonym"),
}
REDACTING = tuple(e for e, op in OPS.items() if op.type != "keep")


def operator_for(entity_type: str) -> Operator:
    return OPS.get(entity_type, Operator())


def span(entity: str, start: int, end: int, score: float = 0.8, rec: str = "rec") -> Span:
    return Span(entity, start, end, score, rec)


def run(text: str, spans: Sequence[Span], pz: Pseudonymizer | None = PZ) -> TransformResult:
    return Transformer(operator_for, pz).transform(text, spans)


def tag(entity: str, value: str, digits: int = 6) -> str:
    return PZ.entity(entity, value, digits)


# -- operators ---------------------------------------------------------------------------

TEXT = "Call Jean Dupont on 06 12 34 56 78 today"
NAME = (5, 16)  # "Jean Dupont"
PHONE = (20, 34)  # "06 12 34 56 78"


@pytest.mark.parametrize(
    ("operator", "where", "replacement"),
    [
        (Operator(type="placeholder"), NAME, "<PERSON>"),
        (Operator(type="placeholder", template="[{entity}]"), NAME, "[PERSON]"),
        (Operator(type="placeholder", template="XXX"), NAME, "XXX"),
        (Operator(type="mask"), NAME, "***********"),
        (Operator(type="mask", char="#", keep_last=4), PHONE, "#########56 78"),
        (Operator(type="remove"), NAME, ""),
        (Operator(type="drop_row"), NAME, "<PERSON>"),
        (Operator(type="drop_row", template="[gone]"), NAME, "[gone]"),
        (Operator(type="keep"), NAME, "Jean Dupont"),
        (Operator(type="keep"), PHONE, "06 12 34 56 78"),
        (Operator(type="pseudonym"), NAME, f"<PERSON_{tag('PERSON', 'Jean Dupont')}>"),
        (Operator(type="pseudonym", template="{entity}#{tag}", digits=10), NAME,
         f"PERSON#{tag('PERSON', 'Jean Dupont', 10)}"),
        (Operator(type="pseudonym", template="<someone>"), NAME, "<someone>"),
    ],
)  # fmt: skip
def test_each_operator_rewrites_only_its_span(
    operator: Operator, where: tuple[int, int], replacement: str
) -> None:
    result = Transformer(lambda _: operator, PZ).transform(TEXT, [span("PERSON", *where)])
    start, end = where
    assert result.text == TEXT[:start] + replacement + TEXT[end:]
    assert result.spans == (span("PERSON", *where),)
    assert result.drop_entity == ("PERSON" if operator.type == "drop_row" else None)


def test_pseudonym_tag_is_hex_of_the_requested_length() -> None:
    op = Operator(type="pseudonym", template="{tag}", digits=9)
    out = Transformer(lambda _: op, PZ).transform("Jean", [span("PERSON", 0, 4)]).text
    assert re.fullmatch(r"[0-9a-f]{9}", out)


@pytest.mark.parametrize(
    ("value", "char", "keep_last", "expected"),
    [
        ("Jean", "*", 0, "****"),
        ("a b", "*", 0, "***"),  # spaces are masked too
        ("06 12 34 56 78", "*", 4, "*********56 78"),  # spaces inside the kept tail stay
        ("4111 1111 1111 1234", "X", 4, "XXXXXXXXXXXXXXX1234"),
        ("Jean", "*", 1, "***n"),
        ("Jean", "*", 2, "**an"),
        ("Jean", "*", 4, "**an"),  # never more than half of the value
        ("abc", "*", 2, "**c"),
        ("a", "*", 5, "*"),
        ("   ", "*", 2, "***"),
        ("Zoë 😀😀", "•", 2, "••••😀😀"),
        ("Zoe\u0301!", "*", 2, "***\u0301!"),  # code points, not graphemes
    ],
)
def test_mask(value: str, char: str, keep_last: int, expected: str) -> None:
    assert mask(value, char, keep_last) == expected
    assert len(mask(value, char, keep_last)) == len(value)


# -- overlaps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], []),
        # nested: the outer span is kept, named by the higher score
        ([span("PERSON", 0, 10, 0.6), span("LOCATION", 3, 5, 0.9)], [span("LOCATION", 0, 10, 0.9)]),
        ([span("PERSON", 0, 10, 0.9), span("LOCATION", 3, 5, 0.6)], [span("PERSON", 0, 10, 0.9)]),
        # partial
        ([span("A", 0, 5, 0.7), span("B", 3, 8, 0.5)], [span("A", 0, 8, 0.7)]),
        ([span("A", 0, 5, 0.5), span("B", 3, 8, 0.7)], [span("B", 0, 8, 0.7)]),
        # one shared character is enough; adjacency is not
        ([span("A", 0, 4), span("B", 3, 6)], [span("A", 0, 6)]),
        ([span("A", 0, 3), span("B", 3, 6)], [span("A", 0, 3), span("B", 3, 6)]),
        # chains a-b-c merge transitively, whatever the input order
        ([span("A", 0, 3, 0.5), span("B", 2, 6, 0.6), span("C", 5, 9, 0.9)],
         [span("C", 0, 9, 0.9)]),
        ([span("A", 0, 3, 0.9), span("B", 2, 6, 0.6), span("C", 5, 9, 0.5)],
         [span("A", 0, 9, 0.9)]),
        # the cluster's end is the furthest end, not the last span's
        ([span("A", 0, 10), span("B", 1, 2), span("C", 9, 12)], [span("A", 0, 12)]),
        ([span("A", 0, 5), span("B", 1, 2), span("C", 6, 8)], [span("A", 0, 5), span("C", 6, 8)]),
        # identical spans: score, then length, then entity type, then recognizer
        ([span("B", 0, 4, 0.5), span("A", 0, 4, 0.5)], [span("A", 0, 4, 0.5)]),
        ([span("A", 0, 4, 0.5), span("B", 0, 4, 0.6)], [span("B", 0, 4, 0.6)]),
        ([span("A", 0, 4, rec="z"), span("A", 0, 4, rec="y")], [span("A", 0, 4, rec="y")]),
        ([span("A", 0, 4), span("A", 0, 4)], [span("A", 0, 4)]),
        # equal scores: the longest member names the union
        ([span("A", 0, 3, 0.5), span("B", 1, 6, 0.5)], [span("B", 0, 6, 0.5)]),
        ([span("B", 0, 3, 0.5), span("A", 2, 5, 0.5)], [span("A", 0, 5, 0.5)]),
        # zero-length spans are ignored, and do not bridge adjacent spans
        ([span("A", 2, 2)], []),
        ([span("A", 0, 3), span("Z", 3, 3, 1.0), span("B", 3, 6)],
         [span("A", 0, 3), span("B", 3, 6)]),
        ([span("A", 0, 6, 0.5), span("Z", 3, 3, 1.0)], [span("A", 0, 6, 0.5)]),
        # disjoint spans are sorted
        ([span("B", 5, 7), span("A", 0, 2)], [span("A", 0, 2), span("B", 5, 7)]),
    ],
)  # fmt: skip
def test_resolve_overlaps(spans: list[Span], expected: list[Span]) -> None:
    assert resolve_overlaps(spans) == expected
    assert resolve_overlaps(list(reversed(spans))) == expected


@pytest.mark.parametrize(("start", "end"), [(0, 6), (5, 7), (6, 6), (9, 9)])
def test_out_of_bounds_span_is_a_detector_bug(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside a text of length 5"):
        resolve_overlaps([span("A", start, end)], text_length=5)
    with pytest.raises(ValueError, match="outside"):
        run("Alice", [span("PLACED", 0, 1), span("PLACED", start, end)])


@pytest.mark.parametrize(("start", "end"), [(0, 5), (4, 5), (5, 5)])
def test_span_ending_at_the_text_end_is_in_bounds(start: int, end: int) -> None:
    expected = [span("A", start, end)] if end > start else []
    assert resolve_overlaps([span("A", start, end)], text_length=5) == expected
    run("Alice", [span("PLACED", start, end)])


@pytest.mark.parametrize(
    ("text", "spans", "expected_text", "expected_spans"),
    [
        # a merged span is rewritten once, with the operator of the member naming it
        ("Jean Dupont here", [span("PLACED", 0, 4, 0.9), span("MASKED", 2, 11, 0.5)],
         "<PLACED> here", [span("PLACED", 0, 11, 0.9)]),
        ("Jean Dupont here", [span("PLACED", 0, 4, 0.5), span("MASKED", 2, 11, 0.9)],
         "*********** here", [span("MASKED", 0, 11, 0.9)]),
        # adjacent spans get one replacement each
        ("JeanDupont", [span("PLACED", 0, 4), span("BRACKETED", 4, 10)],
         "<PLACED>[BRACKETED]", [span("PLACED", 0, 4), span("BRACKETED", 4, 10)]),
        ("ab cd ef", [span("REMOVED", 6, 8), span("PLACED", 0, 2)],
         "<PLACED> cd ", [span("PLACED", 0, 2), span("REMOVED", 6, 8)]),
    ],
)  # fmt: skip
def test_transform_merges_before_replacing(
    text: str, spans: list[Span], expected_text: str, expected_spans: list[Span]
) -> None:
    result = run(text, spans)
    assert result.text == expected_text
    assert list(result.spans) == expected_spans


def test_pseudonym_of_a_merged_span_tags_the_whole_union() -> None:
    result = run("Jean Dupont!", [span("PSEUDO", 0, 4, 0.9), span("PLACED", 3, 11, 0.5)])
    assert result.text == f"<PSEUDO_{tag('PSEUDO', 'Jean Dupont')}>!"
    assert result.text != f"<PSEUDO_{tag('PSEUDO', 'Jean')}>!"


# -- keep against redaction --------------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "expected_text", "expected_spans"),
    [
        # keep alone: reported, text untouched
        ([span("KEPT", 0, 4)], "Acme hired Jean", [span("KEPT", 0, 4)]),
        # keep adjacent to a redaction (near miss of an overlap) stays readable
        ([span("KEPT", 0, 5), span("PLACED", 5, 10)], "Acme <PLACED> Jean", None),
        # keep containing a redacting span with a higher score: the redaction wins the union
        ([span("KEPT", 0, 15, 0.99), span("PLACED", 11, 15, 0.4)], "<PLACED>",
         [span("PLACED", 0, 15, 0.4)]),
        # partial overlap: the keep part is redacted too
        ([span("KEPT", 0, 6, 1.0), span("MASKED", 5, 10, 0.3)], "********** Jean",
         [span("MASKED", 0, 10, 0.3)]),
        # overlapping keeps stay kept, named by the best score
        ([span("KEPT", 0, 6, 0.5), span("KEPT", 5, 10, 0.7)], "Acme hired Jean",
         [span("KEPT", 0, 10, 0.7)]),
        # a chain keep - redact - keep is redacted end to end
        ([span("KEPT", 0, 6, 1.0), span("REMOVED", 5, 8, 0.1), span("KEPT", 7, 15, 1.0)], "",
         [span("REMOVED", 0, 15, 0.1)]),
    ],
)  # fmt: skip
def test_redaction_wins_over_keep_for_the_union(
    spans: list[Span], expected_text: str, expected_spans: list[Span] | None
) -> None:
    result = run("Acme hired Jean", spans)
    assert result.text == expected_text
    if expected_spans is not None:
        assert list(result.spans) == expected_spans


# -- drop_row ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "drop_entity", "expected_text"),
    [
        ([span("PLACED", 0, 4)], None, "<PLACED> 123 456"),
        ([span("KEPT", 5, 8)], None, "Jean 123 456"),
        ([span("DROPPED", 5, 8)], "DROPPED", "Jean <DROPPED> 456"),
        # the first in text order names the drop, whatever the input order
        ([span("SECOND", 9, 12), span("DROPPED", 5, 8)], "DROPPED", "Jean <DROPPED> <SECOND>"),
        # a drop_row member names its cluster even against a higher score ...
        ([span("PLACED", 0, 8, 0.99), span("DROPPED", 5, 8, 0.2)], "DROPPED", "<DROPPED> 456"),
        # ... and against keep
        ([span("KEPT", 0, 12, 1.0), span("DROPPED", 9, 12, 0.2)], "DROPPED", "<DROPPED>"),
    ],
)
def test_drop_row(spans: list[Span], drop_entity: str | None, expected_text: str) -> None:
    ops = {**OPS, "SECOND": Operator(type="drop_row")}
    result = Transformer(lambda e: ops.get(e, Operator()), PZ).transform("Jean 123 456", spans)
    assert result.drop_entity == drop_entity
    assert result.text == expected_text
    if drop_entity is not None:
        assert drop_entity in {s.entity_type for s in result.spans}


# -- keys --------------------------------------------------------------------------------


def test_pseudonym_without_a_key_is_a_user_error_without_the_value() -> None:
    with pytest.raises(SecretKeyError) as caught:
        run("Call Jean Dupont", [span("PSEUDO", 5, 16)], pz=None)
    message = str(caught.value)
    assert isinstance(caught.value, RedactError)
    assert "PSEUDO" in message and "REDACT_SECRET_KEY" in message and "key.file" in message
    assert "Jean" not in message and "Dupont" not in message


def test_no_key_is_needed_when_no_pseudonym_is_applied() -> None:
    result = run("Call Jean Dupont", [span("PLACED", 5, 16), span("KEPT", 0, 4)], pz=None)
    assert result.text == "Call <PLACED>"
    # a pseudonym span that loses its cluster to another operator needs no key either
    result = run("Jean", [span("PSEUDO", 0, 4, 0.5), span("PLACED", 0, 4, 0.9)], pz=None)
    assert result.text == "<PLACED>"


def test_same_value_gets_the_same_tag_in_one_text_and_across_texts() -> None:
    text = "Jean Dupont met JEAN  DUPONT and Jean Dupond"
    result = run(text, [span("PSEUDO", 0, 11), span("PSEUDO", 16, 28), span("PSEUDO", 33, 44)])
    tags = re.findall(r"<PSEUDO_([0-9a-f]{6})>", result.text)
    assert len(tags) == 3
    assert tags[0] == tags[1] != tags[2]
    again = run("Jean Dupont", [span("PSEUDO", 0, 11)]).text
    assert again == f"<PSEUDO_{tags[0]}>"


def test_default_policy_operators() -> None:
    policy = Policy.default()
    text = "Jean Dupont, jean@example.com, +33 6 12 34 56 78"
    spans = [span("PERSON", 0, 11), span("EMAIL_ADDRESS", 13, 29), span("PHONE_NUMBER", 31, 48)]
    result = Transformer(policy.operator_for, PZ).transform(text, spans)
    assert result.text == (
        f"<PERSON_{tag('PERSON', 'Jean Dupont')}>, "
        f"<EMAIL_ADDRESS_{tag('EMAIL_ADDRESS', 'jean@example.com')}>, <PHONE_NUMBER>"
    )
    assert result.drop_entity is None


def test_empty_text_and_no_spans() -> None:
    assert run("", []) == TransformResult("", (), None)
    assert run("hello", []) == TransformResult("hello", (), None)
    assert run("hello", [span("PLACED", 2, 2)]) == TransformResult("hello", (), None)


# -- properties --------------------------------------------------------------------------

SCORES = (0.3, 0.5, 0.85, 1.0)


@st.composite
def texts_with_spans(
    draw: st.DrawFn, texts: st.SearchStrategy[str], entities: Sequence[str]
) -> tuple[str, list[Span]]:
    text = draw(texts)
    bound = st.integers(0, len(text))
    raw = draw(
        st.lists(
            st.tuples(bound, bound, st.sampled_from(entities), st.sampled_from(SCORES),
                      st.sampled_from(("r1", "r2"))),
            max_size=8,
        )
    )  # fmt: skip
    return text, [Span(e, min(a, b), max(a, b), s, r) for a, b, e, s, r in raw]


# Texts of unique CJK characters: none can come from a template, a tag or the mask char.
MARKER_BASE = 0x4E00
marker_texts = st.integers(0, 30).map(lambda n: "".join(chr(MARKER_BASE + i) for i in range(n)))


def is_marker(c: str) -> bool:
    return MARKER_BASE <= ord(c) < MARKER_BASE + 100


def redacted_positions(spans: Sequence[Span]) -> set[int]:
    """Naive oracle: a position is redacted when its overlap group has a redacting member."""
    live = [s for s in spans if s.length]
    group = list(range(len(live)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i, a in enumerate(live):
        for j, b in enumerate(live[:i]):
            if a.start < b.end and b.start < a.end:
                group[root(i)] = root(j)
    redacting_roots = {root(i) for i, s in enumerate(live) if OPS[s.entity_type].type != "keep"}
    return {
        p for i, s in enumerate(live) if root(i) in redacting_roots for p in range(s.start, s.end)
    }


def covered(spans: Sequence[Span]) -> set[int]:
    return {p for s in spans for p in range(s.start, s.end)}


@settings(deadline=None)
@given(texts_with_spans(marker_texts, tuple(OPS)))
def test_no_detected_character_survives_unless_only_kept(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    out = run(text, spans).text
    survivors = [c for c in out if is_marker(c)]
    # (1) no character of a redacting span survives
    for s in spans:
        if OPS[s.entity_type].type != "keep":
            assert not set(text[s.start : s.end]) & set(survivors)
    # (2) characters outside all spans are preserved, in order
    outside = [c for i, c in enumerate(text) if i not in covered(spans)]
    it = iter(survivors)
    assert all(c in it for c in outside)
    # both, exactly: what survives is everything but the redacted overlap groups
    gone = redacted_positions(spans)
    assert survivors == [c for i, c in enumerate(text) if i not in gone]


def replacement_length(op: Operator, s: Span) -> int:
    match op.type:
        case "mask" | "keep":
            return s.length
        case "remove":
            return 0
        case "pseudonym":
            return len(op.effective_template.format(entity=s.entity_type, tag="0" * op.digits))
        case _:
            return len(op.effective_template.format(entity=s.entity_type))


@settings(deadline=None)
@given(texts_with_spans(marker_texts, tuple(OPS)))
def test_output_length_accounts_for_every_replacement(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    result = run(text, spans)
    # (3) len(text) - covered + sum(replacements), counted on the spans acted on
    removed = sum(s.length for s in result.spans)
    added = sum(replacement_length(OPS[s.entity_type], s) for s in result.spans)
    assert len(result.text) == len(text) - removed + added
    # mask alone preserves length
    masked = [Span("MASKED", s.start, s.end, s.score, s.recognizer) for s in spans]
    assert len(run(text, masked).text) == len(text)


@settings(deadline=None)
@given(texts_with_spans(marker_texts, ("A", "B", "C")))
def test_resolved_spans_partition_the_input_union(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    resolved = resolve_overlaps(spans, text_length=len(text))
    # (4) sorted, non-overlapping, within bounds, same union as the input
    assert all(0 <= s.start < s.end <= len(text) for s in resolved)
    assert all(a.end <= b.start for a, b in pairwise(resolved))
    assert covered(resolved) == covered(spans)
    for r in resolved:
        members = [s for s in spans if r.start <= s.start and s.end <= r.end and s.length]
        assert (r.entity_type, r.score, r.recognizer) in {
            (s.entity_type, s.score, s.recognizer) for s in members
        }
        assert r.score == max(s.score for s in members)
    # independent of the input order
    assert resolve_overlaps(list(reversed(spans))) == resolved


@settings(deadline=None)
@given(
    value=st.text(min_size=1, max_size=20),
    keys=st.lists(st.binary(min_size=16, max_size=40), min_size=2, max_size=2, unique=True),
)
def test_pseudonym_tags_are_stable_per_key_and_differ_across_keys(
    value: str, keys: list[bytes]
) -> None:
    # (5) the tag depends on the value and the key only
    op = Operator(type="pseudonym", digits=64)
    text = f"<{value}|{value}>"
    spans = [Span("PERSON", 1, 1 + len(value), 0.9, "r"),
             Span("PERSON", 2 + len(value), 2 + 2 * len(value), 0.9, "r")]  # fmt: skip

    def tags(key: bytes) -> list[str]:
        out = Transformer(lambda _: op, Pseudonymizer(SecretKey(key))).transform(text, spans).text
        return re.findall(r"<PERSON_([0-9a-f]{64})>", out)

    first, second = tags(keys[0]), tags(keys[1])
    assert len(first) == 2 and first[0] == first[1]
    assert tags(keys[0]) == first
    assert set(first).isdisjoint(second)


TRICKY = (
    "👩\u200d👩\u200d👧",  # ZWJ emoji sequence
    "🇫🇷",  # flag: two regional indicators
    "e\u0301\u0327",  # stacked combining marks
    "שלום",  # Hebrew (RTL)
    "مرحبا",  # Arabic (RTL)
    "\u202eevil\u202c",  # RTL override
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
    "\x00",
    "\ufeff",
    " \t\n",
)
unicode_texts = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=())), max_size=25
).map("".join)
ANY_OPS = {**OPS, "MASK_TAIL": Operator(type="mask", char="█", keep_last=3)}


@settings(deadline=None)
@given(texts_with_spans(unicode_texts, tuple(ANY_OPS)))
def test_any_unicode_text_is_transformed(case: tuple[str, list[Span]]) -> None:
    # (6) emoji, combining marks, RTL and lone surrogates never crash
    text, spans = case
    result = Transformer(lambda e: ANY_OPS[e], PZ).transform(text, spans)
    assert isinstance(result.text, str)
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)
    # whatever lies before the first span and after the last one is untouched
    if result.spans:
        assert result.text.startswith(text[: result.spans[0].start])
        assert result.text.endswith(text[result.spans[-1].end :])
    else:
        assert result.text == text
    result.text.encode("utf-8", "surrogatepass")


# -- the fast paths agree with the general one -----------------------------------------------


def reference_transform(
    text: str, spans: Sequence[Span], pz: Pseudonymizer | None, ops: dict[str, Operator]
) -> tuple[str, tuple[Span, ...], str | None]:
    """The transform of the module doc, spelled out with no shortcut: cluster, rank, replace."""
    if any(s.end > len(text) for s in spans):
        raise ValueError("span outside the text")
    live = sorted((s for s in spans if s.length), key=lambda s: (s.start, s.end))
    clusters: list[list[Span]] = []
    for s in live:
        if clusters and s.start < max(m.end for m in clusters[-1]):
            clusters[-1].append(s)
        else:
            clusters.append([s])
    rank = {"drop_row": 0, "keep": 2}
    resolved = []
    for c in clusters:
        best = min(c, key=lambda s: (rank.get(ops[s.entity_type].type, 1), -s.score, -s.length, s.entity_type,
                                     s.recognizer))  # fmt: skip
        resolved.append(Span(best.entity_type, c[0].start, max(m.end for m in c), best.score, best.recognizer))
    out: list[str] = []
    done, drop = 0, None
    for s in resolved:
        op, value = ops[s.entity_type], text[s.start : s.end]
        if op.type == "keep":
            continue
        drop = drop or (s.entity_type if op.type == "drop_row" else None)
        out.append(text[done : s.start])
        if op.type == "mask":
            out.append(mask(value, op.char, op.keep_last))
        elif op.type == "pseudonym":
            assert pz is not None
            tag_ = pz.entity(s.entity_type, value, op.digits)
            out.append(op.effective_template.format(entity=s.entity_type, tag=tag_))
        elif op.type != "remove":
            out.append(op.effective_template.format(entity=s.entity_type))
        done = s.end
    return "".join(out) + text[done:], tuple(resolved), drop


ALL_OPS = {
    **OPS,
    "TAGGED": Operator(type="pseudonym", digits=10, template="{entity}:{tag}/{tag}{{x}}"),
    "TAG_SPEC": Operator(type="pseudonym", template="[{tag:>8}]"),  # a format spec: `format` itself
    "MASK_TAIL": Operator(type="mask", char="#", keep_last=2),
    "MARKED": Operator(type="drop_row", template="~{entity}~"),
}
# Few values, so that the same value comes back (pseudonyms remembered across texts).
repeating_texts = st.lists(st.sampled_from(("Ana ", "ana", "Bo", " ", "é", "\n", "Ana Lima")), max_size=8).map("".join)


@settings(deadline=None, max_examples=300)
@given(st.lists(texts_with_spans(repeating_texts, tuple(ALL_OPS)), min_size=1, max_size=6))
def test_transform_agrees_with_the_reference_on_a_stream_of_texts(cases: list[tuple[str, list[Span]]]) -> None:
    transformer = Transformer(ALL_OPS.__getitem__, PZ)  # one per worker: plans and pseudonyms carry over
    for text, spans in cases:
        for ordered in (spans, sorted(spans, key=lambda s: (s.start, s.end))):
            expected = reference_transform(text, ordered, PZ, ALL_OPS)
            result = transformer.transform(text, ordered)
            assert (result.text, result.spans, result.drop_entity) == expected


@pytest.mark.parametrize(
    ("spans", "as_is"),
    [
        ([span("PLACED", 0, 2), span("MASKED", 3, 5)], True),  # sorted, apart
        ([span("PLACED", 0, 2), span("MASKED", 2, 5)], True),  # adjacent spans stay apart
        ([span("PLACED", 0, 10)], True),  # ends at the text's end
        # near misses: each needs resolving, or raises
        ([span("PLACED", 3, 5), span("MASKED", 0, 2)], False),  # not sorted
        ([span("PLACED", 0, 3), span("MASKED", 2, 5)], False),  # overlapping
        ([span("PLACED", 0, 2), span("PLACED", 0, 2)], False),  # a duplicate
        ([span("PLACED", 0, 2), span("MASKED", 4, 4)], False),  # an empty span
    ],
)
def test_rewrite_hands_back_spans_that_need_no_resolving(spans: list[Span], as_is: bool) -> None:
    text = "0123456789"
    _, resolved, _ = Transformer(operator_for, PZ).rewrite(text, spans)
    assert (resolved is spans) is as_is
    assert tuple(resolved) == reference_transform(text, spans, PZ, OPS)[1]


def test_rewrite_still_refuses_a_sorted_span_past_the_text() -> None:
    with pytest.raises(ValueError, match="outside a text of length 10"):
        Transformer(operator_for, PZ).rewrite("0123456789", [span("PLACED", 0, 2), span("MASKED", 8, 11)])


def test_a_keyless_pseudonym_raises_at_every_text_not_only_the_first() -> None:
    transformer = Transformer(operator_for, None)
    for _ in range(2):
        with pytest.raises(SecretKeyError):
            transformer.transform("Ana Lima", [span("PSEUDO", 0, 3)])
    assert transformer.transform("Ana Lima", [span("PLACED", 0, 3)]).text == "<PLACED> Lima"


def test_remembered_pseudonyms_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import redact.transform as transform_module

    monkeypatch.setattr(transform_module, "_PSEUDONYM_MEMO_SIZE", 3)
    transformer = Transformer(operator_for, PZ)
    names = [f"Name{i}" for i in range(7)] * 2
    for name in names:
        assert transformer.transform(name, [span("PSEUDO", 0, len(name))]).text == f"<PSEUDO_{tag('PSEUDO', name)}>"
        assert len(transformer._pseudonyms) <= 3


