from __future__ import annotations

import pytest

from recognizers import FrPhoneRecognizer
from tests.recognizers.assertions import at, detect

E = "PHONE_NUMBER"


@pytest.fixture(scope="module", params=["fr", "en"])
def recognizer(request: pytest.FixtureRequest) -> FrPhoneRecognizer:
    return FrPhoneRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    "value",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "07 98 76 54 32",
        "01 30 12 34 56",
        "05 56 12 34 56",
        "09 87 65 43 21",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "+33 (0)1 30 12 34 56",
        "0033 6 12 34 56 78",
        "+33612345678",
        "+33 612 345 678",
        "(+33) 6 12 34 56 78",
        "06\u00a012\u00a034\u00a056\u00a078",
    ],
)
def test_french_phone_formats(recognizer: FrPhoneRecognizer, value: str) -> None:
    text = f"Appelez-moi au {value}, merci."
    assert detect(recognizer, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "Le chiffre d'affaires a atteint 2019-2023 des sommets.",
        "Réunion le 01.02.2023 10:30 en salle B.",
        "Commande n°1234567890123 expédiée.",
        "SIRET 732 829 320 00074",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
        "Numéro spécial 08 00 12 34 56",
        "J'ai 10 ans d'expérience et 3 jours de congés.",
        "Le code 12 06 12 34 56 78 n'est pas un numéro.",
        "Version 06.12.34 publiée",
    ],
)
def test_near_misses_are_not_phones(recognizer: FrPhoneRecognizer, text: str) -> None:
    assert detect(recognizer, text) == []


def test_two_numbers_in_one_sentence(recognizer: FrPhoneRecognizer) -> None:
    text = "Fixe : 01 23 45 67 89 / portable : 06 98 76 54 32."
    assert detect(recognizer, text) == [
        at(text, "01 23 45 67 89", E),
        at(text, "06 98 76 54 32", E),
    ]


def test_language_is_per_instance() -> None:
    assert FrPhoneRecognizer(supported_language="en").supported_language == "en"
    assert vars(FrPhoneRecognizer())["name"] == "FrPhoneRecognizer"
