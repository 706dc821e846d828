from __future__ import annotations

import pytest

from recognizers import AddressBlockRecognizer
from tests.recognizers.assertions import at, detect

REC = AddressBlockRecognizer()
E = "STREET_ADDRESS"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It's in 1040 Blekersdijk 78\nMari\n, LA\n 80936. See you", "1040 Blekersdijk 78\nMari\n, LA\n 80936"),
        ("lives at 995 Na Kopci 1357, Býšt", "995 Na Kopci 1357, Býšt"),
        ("his address: 1144 176 Makri Street", "1144 176 Makri Street"),
        (
            "to Tværgyden 40 Kleist Expressway\n Apt. 482\n Knebel\n Denmark 86570?",
            "Tværgyden 40 Kleist Expressway\n Apt. 482\n Knebel\n Denmark 86570",
        ),
        ("Address:\nPSC 1413, Box 1456\nAPO AE 08501.", "PSC 1413, Box 1456\nAPO AE 08501"),
        ("at the corner of Blancefloerlaan 354 and Monty Parks", "the corner of Blancefloerlaan 354 and Monty Parks"),
        ("chez moi : 134 cours des Tilleuls, 1204 Genève. Apportez", "134 cours des Tilleuls, 1204 Genève"),
        ("sent to 2886 River St, Leeds LS1 4DY", "2886 River St, Leeds LS1 4DY"),
        ("Send it to PO Box 4521, Springfield, IL 62704 please", "PO Box 4521, Springfield, IL 62704"),
        ("Mail: P.O. Box 77, Austin, TX 78701", "P.O. Box 77, Austin, TX 78701"),
        ("User: Postbox 297", "Postbox 297"),
        ("Flat 2, 10 Downing Street, London SW1A 2AA", "Flat 2, 10 Downing Street, London SW1A 2AA"),
        ("He lives at Rose Cottage, Mill Lane, Oxford OX1 2AB", "Rose Cottage, Mill Lane, Oxford OX1 2AB"),
        ("J'habite lieu-dit La Croix Blanche depuis 10 ans", "lieu-dit La Croix Blanche"),
        ("Elle habite avenue des Lilas, 69003 Lyon", "avenue des Lilas, 69003 Lyon"),
        ("User: 4326 Csabai kapu 38. Suite 250, Roobaka", "4326 Csabai kapu 38. Suite 250, Roobaka"),
        ("his address: 67595 C/ Cuevas de Ambrosio 81", "67595 C/ Cuevas de Ambrosio 81"),
        ("sent to Frank and R José Malhoa 51", "R José Malhoa 51"),  # a type abbreviation first
        ("User: 93229 Trg revolucije 95\n Apt. 546", "93229 Trg revolucije 95\n Apt. 546"),
        ("lives at 378 69 Av Sidi Lakhmi, Cebbala", "378 69 Av Sidi Lakhmi, Cebbala"),
        ("sent to Malthe and Budaörsi út 43.?", "Budaörsi út 43"),  # a lower-case type after
        ("his address: 48867 Merineitsi põik 87", "Merineitsi põik 87"),
        ("Address:\nDmitar and Hundslevgyden 84.", "Hundslevgyden 84"),  # one word with its type
        ("here's the address:\n\nNicole and Αμαλίας 28", "Αμαλίας 28"),
        ("lives at 221 250 Theotokopoulou Str., Larnaka", "221 250 Theotokopoulou Str., Larnaka"),
        ("Pick-up only, from 2091 Albert St, Apt. 12, Boston", "2091 Albert St, Apt. 12, Boston"),
    ],
)
def test_finds_street_lines_and_their_locality(text: str, value: str) -> None:
    assert detect(REC, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 Google hired 30 people.",  # a year after "In"
        "from 2031 Google Street View changes",  # a near year after "from"
        "Upgrade to Windows 11 and Python 3 today",  # a product and its version
        "R Studio is great, see Chapter 12",
        "We moved the Hauptplatz event to room 12 and Laan 4",  # no street ending in one word
        "Our Budapest út",  # a type with no number
        "Top 5 Tips for 2024",
        "On 12 March 2024 we met",  # a date
        "Python 3 is great",
        "5 Musicians Of The 70s You're Supposed To Hate",
        "We raised 15 M€ in 2023 with 12 investors",
        "She lives at the end of the street",  # no capitalised place after "lives at"
        "Il habite à Lyon depuis 2020",  # a city, no street
        "Our Box 3 offer",  # "Box" alone is no post office box
        "le lieu-dit est joli",
    ],
)
def test_rejects_numbers_and_capitals_that_are_not_addresses(text: str) -> None:
    assert detect(REC, text) == []


def test_stops_at_a_label_and_a_lowercase_word() -> None:
    text = "Siemens Ltd\n760 Torvvägen 34 Suite 522\nUnionville, NY 82649\nMobile: 0950-9662415"
    assert detect(REC, text) == [at(text, "760 Torvvägen 34 Suite 522\nUnionville, NY 82649", E)]
