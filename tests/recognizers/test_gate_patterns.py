"""`GATE_PATTERNS`: one of a recognizer's gate patterns matches every text it finds something in.

The detector skips `analyze` on texts none of them may match (the compiled gate), so a
result outside them would be lost. Checked on generated posts, the labeled sets and
hypothesis texts made of the recognizers' own kinds of values.
"""

from __future__ import annotations

from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recognizers.address_block_recognizer import AddressBlockRecognizer
from recognizers.context_phone_recognizer import ContextPhoneRecognizer
from recognizers.luhn_card_recognizer import LuhnCardRecognizer

GATED = [AddressBlockRecognizer, ContextPhoneRecognizer, LuhnCardRecognizer]


def _gate_matches(recognizer: Any, text: str) -> bool:
    return any(regex.search(source, text, flags=flags) for source, flags in recognizer.GATE_PATTERNS)


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    from pathlib import Path

    from redact.evaluate import load_labeled
    from redact.synth import generate_posts

    texts = [t for batch in generate_posts(3000, 5) for t in batch.column("text").to_pylist() if t]
    data = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
    for name in ("labeled_dev.jsonl", "labeled_test.jsonl"):
        texts += [e.text for e in load_labeled(data / name)]
    return texts


@pytest.mark.parametrize("cls", GATED)
def test_every_finding_is_inside_the_gate(cls: type, corpus: list[str]) -> None:
    recognizer = cls()
    assert recognizer.GATE_PATTERNS
    found = 0
    for text in corpus:
        if recognizer.analyze(text, recognizer.supported_entities, None):
            found += 1
            assert _gate_matches(recognizer, text), text[:80]
    assert found >= 20  # the corpus does exercise the recognizer


@pytest.mark.parametrize(
    ("cls", "text", "gated"),
    [
        (LuhnCardRecognizer, "card 4111 1111 1111 1111", True),
        (LuhnCardRecognizer, "card 4111-1111-1111-1111", True),
        (LuhnCardRecognizer, "4111111111111111", True),
        (LuhnCardRecognizer, "year 2024, 12 34 56", False),  # near miss: too few digits together
        (LuhnCardRecognizer, "ticket 411 1111", False),
        (ContextPhoneRecognizer, "call 32 82 12", True),
        (ContextPhoneRecognizer, "no digits at all", False),
        (ContextPhoneRecognizer, "+41 (0)21 123", True),
        (ContextPhoneRecognizer, "(52) 876-015", True),
        (ContextPhoneRecognizer, "call 12 34 5", False),  # near miss: five digits
        (ContextPhoneRecognizer, "from 2019 to 2024", False),  # near miss: the groups are too far apart
        (ContextPhoneRecognizer, "1,200,000 views", False),  # near miss: a comma is no phone separator
        (AddressBlockRecognizer, "Kerkstraat 12, 1017 GC Amsterdam", True),
        (AddressBlockRecognizer, "We met at the conference in 2024.", False),
    ],
)
def test_gate_table(cls: type, text: str, gated: bool) -> None:
    assert _gate_matches(cls(), text) is gated


_PIECES = st.sampled_from(
    ["4111", "1111", "5555", "4444", "0134", "06", "12", "34", "56", "78", "+33", "(0)", " ", "-", ".", "/", "\n",
     "call", "card", "phone:", "fax", "visa", "|", "a@b.co", "x", "2024"]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_PIECES, max_size=12))
def test_digit_recognizers_find_nothing_outside_their_gates(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for cls in (ContextPhoneRecognizer, LuhnCardRecognizer):
        recognizer = cls()
        if recognizer.analyze(text, recognizer.supported_entities, None):
            assert _gate_matches(recognizer, text)
