from __future__ import annotations

import pytest

from recognizers import StreetAddressRecognizer
from tests.recognizers.assertions import at, detect

E = "STREET_ADDRESS"


@pytest.fixture(scope="module", params=["en", "fr"])
def recognizer(request: pytest.FixtureRequest) -> StreetAddressRecognizer:
    return StreetAddressRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    "value",
    [
        "221B Baker Street",
        "1600 Pennsylvania Avenue NW",
        "1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "10 Downing St",
        "350 5th Avenue",
        "1 Infinite Loop, Cupertino, CA 95014",
        "742 Evergreen Terrace",
        "123 Main St, Apt 4B",
        "4567 Smith Ferry",
        "88 Jones Ferry\nLake John, NY 12345",
        "1585 Broadway",
        "12 rue de la Paix, 75002 Paris",
        "12 rue de la Paix",
        "5 bis avenue Victor Hugo",
        "3 allée des Tilleuls",
        "10 boulevard Haussmann",
        "12, rue Dupont\n75002 Paris",
        "8 place du Général de Gaulle",
        "45 rue du Faubourg Saint-Honoré",
        "7 chemin de Martin",
        "14 rue de la paix",
        "rue de Rivoli, 75001 Paris",
    ],
)
def test_addresses(recognizer: StreetAddressRecognizer, value: str) -> None:
    text = f"Our office: {value}. Come by!"
    assert detect(recognizer, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "I spent 10 years there and 3 days in Paris.",
        "J'habite au 2 rue, juste là.",
        "Paris, Lyon and London are great cities.",
        "5 Key Points to remember",
        "10 Google Drive folders",
        "In 2019 Wall Street crashed",
        "3 cours de yoga par semaine",
        "It's a 5 hour drive down a 2 lane road.",
        "We took 3 Big Steps and 7 Habits Way too far",
        "Top 10 Ways to grow",
        "We moved 2 place de parking",
        "Rue de la Paix is famous.",
    ],
)
def test_near_misses(recognizer: StreetAddressRecognizer, text: str) -> None:
    assert detect(recognizer, text) == []
