"""The prefilter's cheaper conditions: digits, runs of classes, gates over several patterns.

Each condition is sound: it holds in every text where the pattern matches (checked against
the `regex` module on generated texts), and it rejects the texts it is meant to reject.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recognizers.address_block_recognizer import _CORES
from redact.detect.prefilter import GateSet, Prefilter, analyze, need_searches


@cache
def prefilter(pattern: str, flags: int) -> Prefilter:
    return analyze(pattern, flags)


FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE

PATTERNS = [
    (r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", FLAGS),
    (r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{1,4}", FLAGS),
    (r"(?<=\blives at )\p{Lu}\w+ (?:Lane|Road)", 0),
    (r"(?:PO|P\.O\.) ?Box \d{1,6}", 0),
    (r"(?:ab|[xy]c)\d{2}-[A-Z]", 0),
    (r"\d{1,5}[A-Za-z]?(?: \p{Lu}\w*){1,3} \d{1,5}", 0),
    (r"(?:\d|x)y", 0),
]
_PIECES = st.sampled_from(
    [" ", "\n", ".", "-", ":", "@", "a", "b", "c", "x", "y", "ab", "xc", "Z", "é", "0", "1", "42", "ff", "FE80",
     "::", "lives at ", "Rose", "Lane", "Road", "PO", "P.O.", "Box", "box", "jdoe", "example.com", "\u00a0", "_"]
)  # fmt: skip
TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_digit_runs_and_gates_hold_wherever_the_pattern_matches(pattern: str, flags: int, text: str) -> None:
    pre = prefilter(pattern, flags)
    if not any(m.end() > m.start() for m in regex.finditer(pattern, text, flags=flags)):
        return
    if pre.digit:
        assert regex.search(r"\d", text)
    for run in pre.runs:
        assert re.search(run, text, re.DOTALL), run
    assert GateSet([pre]).admitted(text) == [True]


@pytest.mark.parametrize(
    ("pattern", "digit", "rejected"),
    [
        (r"(?:PO|P\.O\.) ?Box \d{1,6}", True, "PO Box none"),  # literal needs and a digit
        (r"(?<=\blives at )\p{Lu}\w+ (?:Lane|Road)", False, "Rose Lane"),  # what the lookbehind sees
        (r"(?:ab|[xy]c)\d{2}-[A-Z]", True, "ab 12 Z"),
        (r"(?:\d|x)y", False, "a b"),  # a digit or "x": no digit needed, but a "y"
    ],
)
def test_gates_reject_texts_missing_what_every_match_holds(pattern: str, digit: bool, rejected: str) -> None:
    pre = analyze(pattern, 0)
    assert pre.digit is digit
    assert GateSet([pre]).admitted(rejected) == [False]


def test_runs_read_classes_around_branches_and_lookarounds() -> None:
    # "x@y" where x ends a branch: the run goes on from the branch's last classes.
    pre = analyze(r"(?<!\.)(?:([a-z])|([0-9][a-z.]*[a-z]))@[a-z]+\.[a-z]{2,}", 0)
    assert all(re.search(run, "mail a@b.cd") for run in pre.runs)
    assert any(re.search(run, "say @jdoe on x.com") is None for run in pre.runs)


def test_runs_skip_what_is_not_selective() -> None:
    assert analyze(r"\w+ \w+", 0).runs == ()


@pytest.mark.parametrize(
    ("literals", "text", "holds"),
    [
        ({("Street", False), ("St", False)}, "Start", True),  # "St" alone is enough
        ({("Street", False), ("Ave", False)}, "street", False),  # exact case
        ({("linkedin.com", True)}, "LinkedIn.COM/in/x", True),  # case-insensitive, on the folded text
        ({("a.b", False)}, "axb", False),  # dots are literal
    ],
)
def test_need_searches(literals: set[tuple[str, bool]], text: str, holds: bool) -> None:
    exact, nocase = need_searches(frozenset(literals))
    found = (exact is not None and exact.search(text) is not None) or (
        nocase is not None and nocase.search(text.casefold()) is not None
    )
    assert found is holds


_ADDRESS_PIECES = st.sampled_from(
    ["12", "1040", "38", "PSC 1413, Box 1456", "APO AE 08501", "the corner of", "Main St", " and ", "Elm",
     "lives at", "Rose Cottage", ",", "\n", " ", "Street", "rue", "Rue", "de la", "Paix", "lieu-dit", "Les Granges",
     "Budaörsi", "út", "43", "Hundslevgyden", "84", "Αμαλίας", "PO Box", "Apt. 286", "habite", "avenue des Lilas",
     "R", "José Malhoa", "C/", "Via", "Tværgyden", "Kleist", "Expressway", "in", "2019", "March", "Mill Lane"]
)  # fmt: skip


_ADDRESS_GATES = GateSet([analyze(source, 0) for source, _ in _CORES])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_ADDRESS_PIECES, max_size=14).map(" ".join))
def test_address_core_gates_admit_every_text_a_core_matches(text: str) -> None:
    admitted = _ADDRESS_GATES.admitted(text)
    for (source, _), admit in zip(_CORES, admitted, strict=True):
        if regex.search(source, text):
            assert admit, source[:60]
