from __future__ import annotations

import pytest

from recognizers import LuhnCardRecognizer
from tests.recognizers.assertions import at, detect

REC = LuhnCardRecognizer()
E = "CREDIT_CARD"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Card used: 2221822878094875.", "2221822878094875"),  # Mastercard 2-series
        ("carte 5594-3303-0321-9259 et", "5594-3303-0321-9259"),
        ("card 4577104656341483961 please", "4577104656341483961"),  # 19-digit Visa
        ("ma carte 3743 506560 91029, merci", "3743 506560 91029"),  # Amex 4-6-5
        ("my card 060408913196 at the ATM", "060408913196"),  # 12 digits next to a card word
        ("it is 4539 1488 0343 6467", "4539 1488 0343 6467"),  # 16 digits need no card word
    ],
)
def test_finds_luhn_valid_cards(text: str, value: str) -> None:
    assert detect(REC, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "Card used: 2221822878094876.",  # Luhn fails
        "order id 060408913196 shipped",  # 12 digits without a card word
        "Mon numéro SIRET : 74102825208742.",  # 14 digits: a SIRET, not a card
        "https://www.linkedin.com/events/7125545044984108395/",  # inside a URL
        "IBAN FR7687699267486888578002753",  # inside an identifier
        "ref 0000000000000000",  # too few distinct digits
        "1234-5678-9012-3456-7890 too long",
    ],
)
def test_rejects_near_misses(text: str) -> None:
    assert detect(REC, text) == []
