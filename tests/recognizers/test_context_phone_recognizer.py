from __future__ import annotations

import pytest

from recognizers import ContextPhoneRecognizer
from tests.recognizers.assertions import at, detect

REC = ContextPhoneRecognizer()
E = "PHONE_NUMBER"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("mon portable le 0485/80 63 99. À bientôt", "0485/80 63 99"),
        ("Phone: (1) 941-2250", "(1) 941-2250"),
        ("You can call 795 2525", "795 2525"),
        ("Phone:\n99 691761\n\nE-mail", "99 691761"),
        ("23 344737 office", "23 344737"),  # the cue comes after
        ("stop receiving messages to 451 31 382", "451 31 382"),
        ("You can reach me at 094385 91904.", "094385 91904"),
        ("CV: a@b.io | 0171 43860411 | site", "0171 43860411"),  # trunk 0, no cue needed
        ("How can we reach you? You can call 32 82 12", "32 82 12"),  # six digits in pairs, cued
        ("Text me on 45 67 89 tonight", "45 67 89"),
        ("CV: ana.teo@mail.sg | 8226 0209 | www.linkedin.com/in/anateo", "8226 0209"),  # a contact line
        ("8226 0209 • https://ana.dev", "8226 0209"),
    ],
)
def test_finds_phones_by_context(text: str, value: str) -> None:
    assert detect(REC, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "call me on 2024-11-05",  # a date
        "In 2019 we had 1200000 users",  # no phone word, no trunk prefix
        "We raised 12 500 000 in total",
        "version 1.2.3, call",
        "appeler 192.168.1.10",  # an IP address
        "allowlist: 107.236.80.159. From the office",  # an IP address next to a phone word
        "the 2019-2023 period, call",
        "call 555 12",  # too few digits
        "we reached 100 000 users, call it a win",  # six digits, not in pairs
        "Score: 12 34 56 today",  # pairs without a phone word
        "call 12 34-56 later",  # pairs with mixed separators
        "Our team | 8226 0209 | great",  # a separated field, no email or link on the line
        "Released in 2024 | 8226 0209 views\nmail ana@x.io",  # the email is on another line
        "ana@x.io | 32 82 12",  # six digits need a phone word, not just a contact line
    ],
)
def test_rejects_numbers_that_are_not_phones(text: str) -> None:
    assert detect(REC, text) == []
