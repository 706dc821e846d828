from __future__ import annotations

import pytest
import regex as re
from hypothesis import given
from hypothesis import strategies as st

from recognizers.text_folding import (
    Alt,
    CharClass,
    Lit,
    Node,
    NotAhead,
    Run,
    case_key,
    first_end,
    fold,
    fold_char,
    fold_with_offsets,
    folded_text,
    folds_one_to_one,
    normalize,
    plain_pattern,
    sequence_ends,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hélène", "helene"),
        ("ÇA", "ca"),
        ("Łukasz Øster", "lukasz oster"),
        ("Lœtitia", "loetitia"),
        ("Straße", "strasse"),
        ("O’Brien", "o'brien"),
        ("𝗝𝗼𝗵𝗻", "john"),
        ("Ｊｏｈｎ", "john"),
        ("He\u0301le\u0300ne", "helene"),
        ("İstanbul", "istanbul"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("  Jean-Pierre   DUPONT ", "jean pierre dupont"),
        ("Smith, J.", "smith j"),
        ("J.Smith", "j smith"),
    ],
)
def test_normalize(text: str, normal: str) -> None:
    assert normalize(text) == normal


@pytest.mark.parametrize(
    ("value", "text", "found"),
    [
        ("Hélène Dupont", "helene dupont", "helene dupont"),
        ("Helene", "HÉLÈNE", "HÉLÈNE"),
        ("Helene", "He\u0301le\u0300ne!", "He\u0301le\u0300ne"),
        ("Jean-Pierre", "Jean Pierre", "Jean Pierre"),
        ("Jean Pierre", "jean-pierre", "jean-pierre"),
        ("Loetitia", "Lœtitia", "Lœtitia"),
        ("Lœtitia", "Loetitia", "Loetitia"),
        ("O'Brien", "O’Brien", "O’Brien"),
        ("John", "𝗝𝗼𝗵𝗻", "𝗝𝗼𝗵𝗻"),
        ("Anna Smith", "Anna\nSmith", "Anna\nSmith"),
        ("Мария", "МАРИЯ", "МАРИЯ"),
    ],
)
def test_plain_pattern_matches_spellings_on_the_folded_text(value: str, text: str, found: str) -> None:
    folded, starts, ends = fold_with_offsets(text)
    match = re.search(plain_pattern(value), folded)
    assert match is not None
    assert text[starts[match.start()] : ends[match.end() - 1]] == found


@pytest.mark.parametrize(
    ("value", "text"),
    [("Helene", "Helena"), ("Jean Pierre", "Jean  and Pierre"), ("Ann", "Amy")],
)
def test_plain_pattern_rejects_other_words(value: str, text: str) -> None:
    assert re.search(plain_pattern(value), fold_with_offsets(text)[0]) is None


@given(st.text())
def test_fold_with_offsets_agrees_with_fold_and_maps_inside_the_text(text: str) -> None:
    folded, starts, ends = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(starts) == len(ends) == len(folded)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)


# `fold` lower-cases the ASCII part of a text in one call and folds its other characters
# alone: it must give what folding every character does, for few or many such characters,
# marks, and the Cherokee letters that `str.lower` would change back.
_FOLD_PIECES = ["A", "z", "`", " ", "É", "é", "e\u0301", "ß", "ẞ", "Æ", "İ", "ı", "ſ", "K", "Σ", "ς", "Ꭰ", "ꭰ", "Ᏸ",
                "ﬁ", "𝗝", "Ｊ", "’", "😀", "日本", "\u00a0", "\ud800", "Ω"]  # fmt: skip


@pytest.mark.parametrize("text", ["", "plain ASCII `text`", "Ꭰ", "aᏰb", "Hélène", "É" * 40, "😀 John 😀", "\ud800x"])
def test_fold_is_each_character_folded(text: str) -> None:
    assert fold(text) == "".join(map(fold_char, text)) == folded_text(text)


@given(st.lists(st.sampled_from(_FOLD_PIECES), max_size=30).map("".join))
def test_fold_agrees_with_fold_char_on_mixed_texts(text: str) -> None:
    assert fold(text) == "".join(map(fold_char, text))


@given(st.text(max_size=60))
def test_fold_agrees_with_fold_char(text: str) -> None:
    assert fold(text) == "".join(map(fold_char, text))


@pytest.mark.parametrize(
    ("text", "one_to_one"),
    [("John", True), ("Hélène", True), ("O’Brien", True), ("Straße", False), ("He\u0301le\u0300ne", False),
     ("Lœtitia", False)],
)  # fmt: skip
def test_folds_one_to_one(text: str, one_to_one: bool) -> None:
    folded, starts, _ = fold_with_offsets(text)
    assert folds_one_to_one(text, folded) is one_to_one
    assert (starts == list(range(len(text))) and len(folded) == len(text)) is one_to_one


# `case_key` is a pre-check: where an ASCII literal matches case-insensitively (as `regex`
# matches it), its lower case is in the key, at the same offsets.
_KEY_PIECES = ["john", "JOHN", "Kiki", "SİS", "ſ", "ı", "İ", "K", "é", "Σ", "x", " ", "@", "."]


@pytest.mark.parametrize("literal", ["john", "kiki", "sis", "Is", "iS", "S.x"])
@given(text=st.lists(st.sampled_from(_KEY_PIECES), max_size=12).map("".join))
def test_case_key_holds_every_case_insensitive_match(literal: str, text: str) -> None:
    key = case_key(text)
    assert len(key) == len(text)
    for match in re.finditer(re.escape(literal), text, re.IGNORECASE):
        assert key[match.start() : match.end()] == literal.lower()


@pytest.mark.parametrize(("text", "absent"), [("Jon Smith", "john"), ("kik", "kiki"), ("x@y", "x.y")])
def test_case_key_lacks_what_cannot_match(text: str, absent: str) -> None:
    assert absent not in case_key(text)


# -- literal sequences matched like `regex` ---------------------------------------------------------

_SPACE = CharClass(r"\s")
_GAP = CharClass(r"[\s\-]")
_WORD = CharClass(r"[\p{L}\p{M}\p{N}_]")


def _not_word_at(text: str, i: int) -> bool:
    return i < len(text) and text[i] in _WORD


# Node sequences next to the `regex` source they stand for: greedy runs that must give
# characters back, alternatives whose order decides the match, case-insensitive literals.
NODE_PATTERNS: list[tuple[tuple[Node, ...], str, int]] = [
    ((Lit("ab"), Run(_GAP, 1, 3), Lit("cd"), NotAhead(_not_word_at)), r"ab[\s\-]{1,3}cd(?![\p{L}\p{M}\p{N}_])", 0),
    ((Run(_SPACE, 0, 2), Lit(" x")), r"\s{0,2} x", 0),  # the run must give a space back
    ((Alt(((Lit("a"),), (Lit("ab"),))), Lit("c")), r"(?:a|ab)c", 0),  # the second option after the first fails
    ((Alt(((Lit("."), Run(_SPACE, 0, 2)), (Run(_SPACE, 1, 2),))), Lit("s")), r"(?:\.\s{0,2}|\s{1,2})s", 0),
    ((Lit("dot", ignore_case=True), Run(CharClass(","), 0, 1)), r"dot,?", re.IGNORECASE),
    ((Lit("kis", ignore_case=True),), r"kis", re.IGNORECASE),  # "K" (Kelvin), "ſ", "İ" fold in `regex`
]
NODE_TEXT = st.lists(
    st.sampled_from(["ab", "cd", "a", "b", "c", " ", "  ", "-", "\n", ".", "s", "x", " x", "dot", "DoT", ",", "é",
                     "\u212a", "\u017f", "\u0130", "\u0131", "kis", "_"]),
    max_size=12,
).map("".join)  # fmt: skip


def _node_finditer(nodes: tuple[Node, ...], text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    while position <= len(text):
        end = first_end(nodes, text, position)
        if end is None or end == position:
            position += 1
            continue
        spans.append((position, end))
        position = end
    return spans


@pytest.mark.parametrize(("nodes", "source", "flags"), NODE_PATTERNS)
@given(text=NODE_TEXT)
def test_nodes_match_what_regex_matches(nodes: tuple[Node, ...], source: str, flags: int, text: str) -> None:
    expected = [m.span() for m in re.finditer(source, text, flags) if m.end() > m.start()]
    assert _node_finditer(nodes, text) == expected


@pytest.mark.parametrize(
    ("nodes", "text", "ends"),
    [
        ((Run(_SPACE, 1, 3),), "    x", [3, 2, 1]),  # greedy: longest first, never past `hi`
        ((Run(_SPACE, 1, 3),), "x", []),
        ((Alt(((Lit("a"),), (Lit("ab"),))),), "abc", [1, 2]),  # options in order
        ((Lit("ab", ignore_case=True),), "AB", [2]),
        ((Lit("ab"),), "AB", []),  # near miss: case-sensitive by default
    ],
)
def test_sequence_ends_in_backtracking_order(nodes: tuple[Node, ...], text: str, ends: list[int]) -> None:
    assert list(sequence_ends(nodes, text, 0)) == ends


@pytest.mark.parametrize(
    ("source", "inside", "outside"),
    [(r"\s", ["\u00a0", "\n"], ["\x1c", "x"]), (r"[\p{L}_]", ["é", "_"], ["1", "-"])],
)
def test_char_class_asks_regex(source: str, inside: list[str], outside: list[str]) -> None:
    chars = CharClass(source)
    assert all(ch in chars for ch in inside)
    assert not any(ch in chars for ch in outside)
    # The table hot loops read gives the same answers, asked or remembered.
    assert all(chars.table[ch] for ch in inside) and not any(chars.table[ch] for ch in outside)
