from __future__ import annotations

import pytest

from recognizers import IntlPhoneRecognizer
from tests.recognizers.assertions import at, detect

E = "PHONE_NUMBER"


@pytest.fixture(scope="module", params=["en", "fr"])
def recognizer(request: pytest.FixtureRequest) -> IntlPhoneRecognizer:
    return IntlPhoneRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    "value",
    [
        "+44 20 7946 0958",
        "(415) 555-0134",
        "(415)555-0134",
        "415-555-0134",
        "415.555.0134",
        "415 555 0134",
        "+1 415 555 0134",
        "+1-415-555-0134",
        "+1 (415) 555-0134",
        "1-800-555-0199",
        "001-415-555-0134",
        "415-555-0134x1234",
        "(415)555-0134 ext. 12",
        "4155550134",
        "+14155550134",
        "+447700900123",
        "07700 900123",
        "(07700) 900123",
        "020 7946 0958",
        "+91 98765 43210",
        "+91-9876543210",
        "+41 (0)21 123 45 67",
        "+46 (0)8 123 456 78",
        "+55 (11) 98765-4321",
        "+61 412 345 678",
        "+49 30 12345678",
    ],
)
def test_phone_formats(recognizer: IntlPhoneRecognizer, value: str) -> None:
    text = f"Call me at {value} after 6pm."
    assert detect(recognizer, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 I joined, and 10 years later I left.",
        "I worked there 2019-2023 and then 2023 - 2024.",
        "Upgrade from v1.2.3 to 3.11.4 or 10.0.19041.1234 today.",
        "Prices: $1,299.99, 1 299 €, €1.234.567 and +1 234 567 890 €.",
        "We hit 10,000 followers and 1 000 000 000 views.",
        "Revenue grew +15% and +12 345 678 abonnés.",
        "Meeting on 2023-01-15 and 15/01/2023 at 10:30.",
        "Card 4111 1111 1111 1111 expired.",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
        "SIRET 732 829 320 00074",
        "ISBN 978-3-16-148410-0",
        "Server 192.168.100.200 is down.",
        "Order 123456789012345 shipped.",
        "Call 555-0134 tomorrow.",
        "+20 000 users signed up.",
        "Pi is 3.14159265358979.",
        "Ids 0000000000 and 1111111111 are placeholders.",
    ],
)
def test_near_misses_are_not_phones(recognizer: IntlPhoneRecognizer, text: str) -> None:
    assert detect(recognizer, text) == []


def test_several_numbers(recognizer: IntlPhoneRecognizer) -> None:
    text = "US: 212-555-0187; UK: +44 20 7946 0958."
    assert detect(recognizer, text) == [
        at(text, "212-555-0187", E),
        at(text, "+44 20 7946 0958", E),
    ]


@pytest.mark.parametrize(
    ("digits", "possible"),
    [
        ("442079460958", True),  # GB, London
        ("33612345678", True),  # FR mobile
        ("14155550134", True),  # US
        ("4915112345678", True),  # DE mobile
        ("81312345678", True),  # JP, Tokyo
        ("3361234567", False),  # FR, one digit short
        ("1415555013", False),  # US, one digit short
        ("99912345678", False),  # no such calling code
        ("0612345678", False),  # a trunk 0 where the calling code should be
    ],
)
def test_loaded_metadata_gives_the_same_verdicts(digits: str, possible: bool) -> None:
    """Loading every region's metadata up front (the detector's warm-up) is only a cost moved:
    phonenumbers' verdicts stay what they are when it loads a region on first use."""
    import phonenumbers
    from phonenumbers import re_util

    from recognizers.intl_phone_recognizer import _is_possible_international, load_phone_metadata

    load_phone_metadata()
    assert _is_possible_international(digits) is possible
    # Its own pattern cache is on and holds the regions' parsing patterns, whatever `re`'s
    # bounded cache has dropped since.
    compiled = re_util._COMPILED_PATTERNS  # type: ignore[attr-defined]  # not in phonenumbers' stubs
    assert compiled is not None
    gb = phonenumbers.PhoneMetadata.metadata_for_region("GB")
    assert gb is not None and gb.general_desc is not None
    assert gb.general_desc.national_number_pattern in compiled


@pytest.mark.parametrize(
    ("first", "again", "possible"),
    [
        ("+1 415 555 0134", "+1 (415) 555-0134", True),  # one number, two forms: one parse
        ("+33 6 12 34 56 78", "0033 612345678", True),
        ("+33 6 12 34 56 7", "0033 61234567", False),  # near miss: one digit short, remembered too
    ],
)
def test_a_number_is_parsed_once_whatever_its_form(
    recognizer: IntlPhoneRecognizer, first: str, again: str, possible: bool
) -> None:
    from recognizers.intl_phone_recognizer import _is_possible_international

    _is_possible_international.cache_clear()
    assert recognizer.invalidate_result(first) is not possible
    assert _is_possible_international.cache_info().misses == 1
    assert recognizer.invalidate_result(again) is not possible
    info = _is_possible_international.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    digits = "".join(ch for ch in first if ch.isdigit())
    assert _is_possible_international.__wrapped__(digits) is possible  # the uncached verdict
