from __future__ import annotations

import pytest

from recognizers import FrSirenRecognizer
from tests.recognizers.assertions import at, detect

E = "FR_SIREN"


@pytest.fixture(scope="module", params=["fr", "en"])
def recognizer(request: pytest.FixtureRequest) -> FrSirenRecognizer:
    return FrSirenRecognizer(supported_language=request.param)


@pytest.mark.parametrize("value", ["732 829 320", "732829320", "775 670 417", "552.100.554"])
def test_valid_siren_is_found_below_threshold(recognizer: FrSirenRecognizer, value: str) -> None:
    # Nine digits are too common to redact without context: the score stays under 0.5 and
    # Presidio's context words (SIREN, RCS...) lift it.
    text = f"RCS Paris {value}"
    assert detect(recognizer, text, min_score=0.3) == [at(text, value, E)]
    assert detect(recognizer, text, min_score=0.5) == []


@pytest.mark.parametrize(
    "text",
    [
        "SIREN 732 829 321",  # Luhn fails
        "SIREN 000 000 000",
        "SIRET 732 829 320 00074",  # the SIREN inside a SIRET is not reported alone
        "Tél 0612345678",
        "1234567890 vues",
    ],
)
def test_near_misses(recognizer: FrSirenRecognizer, text: str) -> None:
    assert detect(recognizer, text, min_score=0.1) == []
