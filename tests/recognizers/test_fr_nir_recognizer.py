from __future__ import annotations

import pytest

from recognizers import FrNirRecognizer
from tests.recognizers.assertions import at, detect

E = "FR_NIR"


@pytest.fixture(scope="module", params=["fr", "en"])
def recognizer(request: pytest.FixtureRequest) -> FrNirRecognizer:
    return FrNirRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    "value",
    [
        "1 84 12 76 451 089 46",
        "184127645108946",
        "1 84 12 76451089 46",
        "2 90 03 20 123 456 67",
        "1 85 05 2A 004 123 56",
        "1 85 05 2a 004 123 56",
        "2 91 09 2B 033 017 09",
        "1.84.12.76.451.089.46",
    ],
)
def test_valid_nir(recognizer: FrNirRecognizer, value: str) -> None:
    text = f"Mon numéro de sécurité sociale est {value}."
    assert detect(recognizer, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "NIR 1 84 12 76 451 089 47",  # wrong key
        "NIR 184127645108964",  # swapped key digits
        "NIR 1 84 13 76 451 089 46",  # month 13 does not exist
        "NIR 1 85 05 2A 004 123 57",  # Corsica, wrong key
        "NIR 1 85 05 2C 004 123 56",  # no department 2C
        "NIR 5 84 12 76 451 089 46",  # no sex digit 5
        "Code 12 184127645108946 0",  # inside a longer number
        "Tél 06 12 34 56 78",
    ],
)
def test_near_misses(recognizer: FrNirRecognizer, text: str) -> None:
    assert detect(recognizer, text) == []
