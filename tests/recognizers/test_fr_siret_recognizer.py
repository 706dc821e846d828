from __future__ import annotations

import pytest

from recognizers import FrSiretRecognizer
from tests.recognizers.assertions import at, detect

E = "FR_SIRET"


@pytest.fixture(scope="module", params=["fr", "en"])
def recognizer(request: pytest.FixtureRequest) -> FrSiretRecognizer:
    return FrSiretRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    ("value", "min_score"),
    [
        ("732 829 320 00074", 0.5),
        ("443 061 841 00047", 0.5),
        ("73282932000074", 0.4),
        ("35600000049837", 0.4),  # La Poste: digit sum rule instead of Luhn
    ],
)
def test_valid_siret(recognizer: FrSiretRecognizer, value: str, min_score: float) -> None:
    text = f"SIRET : {value}."
    assert detect(recognizer, text, min_score=min_score) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "SIRET 732 829 320 00075",  # Luhn fails
        "SIRET 35600000049838",  # La Poste, digit sum not a multiple of 5
        "SIRET 00000000000000",
        "Carte 4111 1111 1111 1111",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
    ],
)
def test_near_misses(recognizer: FrSiretRecognizer, text: str) -> None:
    assert detect(recognizer, text, min_score=0.1) == []
