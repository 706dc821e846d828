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
        ("sent to Frank and R José Malhoa 51", "Frank and R José Malhoa 51"),  # a crossing, a type abbreviation first
        ("User: 93229 Trg revolucije 95\n Apt. 546", "93229 Trg revolucije 95\n Apt. 546"),
        ("lives at 378 69 Av Sidi Lakhmi, Cebbala", "378 69 Av Sidi Lakhmi, Cebbala"),
        ("sent to Malthe and Budaörsi út 43.?", "Malthe and Budaörsi út 43"),  # a crossing, a lower-case type after
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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # German: a compound or a separate street type, a preposition, a hyphenated name
        ("Unser Büro: Berliner Straße 12, 10715 Berlin.", "Berliner Straße 12, 10715 Berlin"),
        ("Büro: Hauptstr. 5, D-80331 München", "Hauptstr. 5, D-80331 München"),
        ("Wir sind umgezogen: Kohlweg 7-2\n45145 Essen", "Kohlweg 7-2\n45145 Essen"),
        ("Adresse: Rico-Linke-Platz 4, Jena", "Rico-Linke-Platz 4, Jena"),
        ("Unser Büro: An der Alster 12, 20099 Hamburg.", "An der Alster 12, 20099 Hamburg"),
        ("Wir sind jetzt Am Markt 5.", "Am Markt 5"),
        # Spanish, Catalan, Basque, Italian, Portuguese, Romanian: the type first or after
        ("Nueva oficina en Calle Mayor 5, 28013 Madrid!", "Calle Mayor 5, 28013 Madrid"),
        ("Sede: Paseo de la Castellana 259, Madrid", "Paseo de la Castellana 259, Madrid"),
        ("Carrer de Balmes 12, 08007 Barcelona", "Carrer de Balmes 12, 08007 Barcelona"),
        ("Bulegoa: 120 Sabino Arana etorbidea 15\nBILBO", "120 Sabino Arana etorbidea 15\nBILBO"),
        ("Ci trovate in Via Roma, 12 - Milano", "Via Roma, 12"),
        ("Rua Augusta 25, 1100-048 Lisboa", "Rua Augusta 25, 1100-048 Lisboa"),
        ("Sediul: Strada Albu Nr. 13, Cluj", "Strada Albu Nr. 13, Cluj"),
        # Dutch, Nordic, Finnish, Estonian: compounds and separate types
        ("Kantoor: Kerkstraat 12, 1017 GC Amsterdam", "Kerkstraat 12, 1017 GC Amsterdam"),
        ("Vi finns på Drottninggatan 5, 111 51 Stockholm", "Drottninggatan 5, 111 51 Stockholm"),
        ("Kontor: Karl Johans gate 5, 0154 Oslo", "Karl Johans gate 5, 0154 Oslo"),
        ("Showroom: Olympos Allé 4, Aarhus", "Olympos Allé 4, Aarhus"),
        ("Toimisto: Mannerheimintie 12 B, 00100 Helsinki", "Mannerheimintie 12 B, 00100 Helsinki"),
        ("Kontor: Tartu mnt 17, 10117 Tallinn", "Tartu mnt 17, 10117 Tallinn"),
        # Polish and Czech: abbreviations and type words first
        ("Biuro: ul. Marszałkowska 10/12, 00-590 Warszawa", "ul. Marszałkowska 10/12, 00-590 Warszawa"),
        ("náměstí Míru 5, 120 00 Praha", "náměstí Míru 5, 120 00 Praha"),
        ("Sídlo: Na Strži 4\n140 00 Praha", "Na Strži 4\n140 00 Praha"),
        # English: a unit line before the street
        ("Post it to Flat 79m\nRuth Hill, Leeds", "Flat 79m\nRuth Hill, Leeds"),
        # no street type, after an address cue
        ("Boði had given me his address: Pagari 18.", "Pagari 18"),
        ("I'll meet you at Tiigi 34 after the concert.", "Tiigi 34"),
        ("Please send it to Štychova 9, 110 00 Praha", "Štychova 9, 110 00 Praha"),
        # a crossing named by two streets after a cue
        ("It's in Luano and 82 Chatsworth Drive", "Luano and 82 Chatsworth Drive"),
    ],
)
def test_finds_european_street_forms(text: str, value: str) -> None:
    assert detect(REC, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "text",
    [
        "Series A 2024 closed, Series B 12 months later",  # a round and a count, no street
        "Join us at Level 3 or at Room 12 and Gate 5",  # places in a building, not streets
        "Upgrade to Python 3, Windows 11 and Java 17",
        "Im Jahr 2024 wachsen wir auf 50 Leute.",  # a year after a preposition
        "Zur Info 2 Termine. Im Team 5 Personen.",  # counts after German prepositions
        "Am Ende 3 Punkte gewonnen",  # a count, no clause end after the number
        "Via LinkedIn 3 people reached out",  # "Via" then a count
        "Corso Python 3 gratuito",  # a course, not a street
        "Send it to Marketing 2 by Friday.",  # a cue, but a team and no clause end
        "Ship to Germany 3 pallets",  # a cue, then a count
        "We live in Berlin 2 years now.",
        "Engineering 101 and Monitoring 24/7",  # words ending in street types' letters
        "Offering 3 plans: Basic 9, Pro 29",
        "Our digital. 12 ideas for 2024",  # "al." ends a word here
        "Strasse 4 Kids and Laan 4",  # a street type alone is no street name
        "Meet you at Web Summit 2024 in Lisbon",  # an event and its year
    ],
)
def test_rejects_european_near_misses(text: str) -> None:
    assert detect(REC, text) == []
