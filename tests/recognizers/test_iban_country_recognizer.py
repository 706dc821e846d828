from __future__ import annotations

import pytest

from recognizers import IbanCountryRecognizer
from recognizers.iban_countries import IBAN_LENGTHS
from tests.recognizers.assertions import at, detect

E = "IBAN_CODE"


@pytest.fixture(scope="module", params=["en", "fr"])
def recognizer(request: pytest.FixtureRequest) -> IbanCountryRecognizer:
    return IbanCountryRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    "value",
    [
        "FR76 3000 6000 0112 3456 7890 189",
        "FR7630006000011234567890189",
        "fr76 3000 6000 0112 3456 7890 189",
        "FR14 2004 1010 0505 0001 3M02 606",
        "DE89 3704 0044 0532 0130 00",
        "DE89-3704-0044-0532-0130-00",
        "GB82 WEST 1234 5698 7654 32",
        "GB82WEST12345698765432",
        "NO93 8601 1117 947",
        "BE68 5390 0754 7034",
        "CH93 0076 2011 6238 5295 7",
        "NL91 ABNA 0417 1643 00",
        "ES91 2100 0418 4502 0005 1332",
        "IT60 X054 2811 1010 0000 0123 456",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
        "LU28 0019 4006 4475 0000",
    ],
)
def test_valid_iban(recognizer: IbanCountryRecognizer, value: str) -> None:
    text = f"Virement sur {value} merci"
    assert detect(recognizer, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "IBAN FR76 3000 6000 0112 3456 7890 188",  # checksum fails
        "IBAN FR76 3000 6000 0112 3456 7890 18",  # one character short
        "IBAN DE89 3704 0044 0532 0130 0012",  # too long for Germany
        "IBAN XX89 3704 0044 0532 0130 00",  # no such country
        "Code ABCD12345678901234567890",
        "Ticket AB12 3456 7890",
        "Room FR76 is on floor 2",
    ],
)
def test_near_misses(recognizer: IbanCountryRecognizer, text: str) -> None:
    assert detect(recognizer, text) == []


def test_iban_followed_by_digits_stops_at_its_length(recognizer: IbanCountryRecognizer) -> None:
    text = "IBAN: FR7630006000011234567890189 2 fois"
    assert detect(recognizer, text) == [at(text, "FR7630006000011234567890189", E)]


def test_length_table_covers_sepa() -> None:
    sepa = "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT"
    sepa += " NL NO PL PT RO SE SI SK SM VA"
    assert set(sepa.split()) <= set(IBAN_LENGTHS)
    assert IBAN_LENGTHS["FR"] == 27 and IBAN_LENGTHS["NO"] == 15 and IBAN_LENGTHS["RU"] == 33
