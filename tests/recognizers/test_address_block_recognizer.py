from __future__ import annotations

import itertools
import re as std_re

import pytest
import regex as re
from hypothesis import given, settings
from hypothesis import strategies as st

import recognizers.address_block_recognizer as M
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


# ---- the pre-check (`may_match`) and the coarse forms behind it --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Live at Rose Cottage, Mill Lane",  # a four-letter verb written with a capital
        "Stay at Rose Cottage, Mill Lane",
        "Elle réside avenue des Lilas, 69003 Lyon",
        "Sediul: Strada Albu Nr. 13, Cluj",  # house numbers with a prefix
        "Calle Mayor nº 5, Madrid",
        "address: Pagari nr 18.",
        "Hauptstraße 5 und Kohlweg #7",
        "Ich wohne in Hauptstraße Nr. 5.",
        "Адрес: Шевченка 12",  # Cyrillic letters before the number
        "Post it to boîte postale 12",  # a post office box in lower case
        "Biuro: ul. Marszałkowska 10/12, 00-590 Warszawa",
        "náměstí Míru 5, 120 00 Praha",
        "ADDRESS: Pagari 18.",  # a cue word in capitals
        "ADDREſS: Pagari 18, see you",  # a long s, which `regex` folds to "s"
        "Unit 12 Main\nFPO AP 96620",
        "the corner of Main St and Elm Road",
        "12\u00a0Main Street, 12 Main Street",
        "١٢ Main Street",  # Arabic-Indic digits
        "See you at 2091 Albert St, Apt. 12, Boston",
        "Ci trovate in Via Roma, 12 - Milano",
    ],
)
def test_may_match_admits_texts_with_an_address(text: str) -> None:
    assert detect(REC, text, min_score=0.0) != []
    assert REC.may_match(text)


@pytest.mark.parametrize(
    "text",
    [
        "Closing ticket #551562 with a smile",  # a prefixed number, no street before it
        "Celebrating 18 months at Mistral AI",  # "...ing 18" ends like "Ring 18"
        "Support asked me to confirm my card 4418 2949 2392 1404",  # "card" ends like "boulevard"
        "Had a great time speaking at NeurIPS in January 2024",  # "speaking at", not "living at"
        "Cloud Architect based in Lagos. For 5 years I've helped startups",  # "os." inside a word
        "Just published a post about migrating 500 services to dbt",
        "Our first office was a kitchen table in Boston. 10 years and 42 employees later",
        "On 12 March 2024 we met",
        "Top 5 Tips for 2024",
        "Upgrade to Python 3, Windows 11 and Java 17",
        "Bienvenue Melissa Anderson ! 🎉",
    ],
)
def test_may_match_rejects_near_misses(text: str) -> None:
    assert detect(REC, text, min_score=0.0) == []
    assert not REC.may_match(text)


# Pieces of addresses, cues and near misses, in several scripts and cases, to build texts
# where the cores match (or nearly) in many ways.
_PIECE_TEXT = (
    "12 5 221B 1040 78 2024 10715 08501 96620 34 18 9 7-2 10/12 ١٢ 𝟙𝟚 Nr. No. nº # , . : \n ( ) - "
    "Main Street St. St Road Rd Avenue Lane Way Park Terrace Boulevard Drive Court Place Mill Rose Cottage "
    "rue avenue de la des Paix Lilas cours Tilleuls bis Rue Via Roma Calle Mayor Rua Augusta Strada Albu "
    "Kohlweg Hauptstraße Berliner Straße Str. Kerkstraat Drottninggatan gate Karl Johans Allé út Budaörsi "
    "põik Merineitsi Hundslevgyden Αμαλίας Шевченка ul. al. Marszałkowska náměstí Míru Na Strži Am Markt "
    "An der Alster In Im Zur Box PO P.O. Postfach boîte postale Apt. Suite Flat Unit Studio APO FPO AE AP "
    "PSC Live live lives Stay staying at address: ADDRESS Adresse ADDREſS İNDİRİZZO adres sent send to "
    "meet you see corner of and lieu-dit habite réside domicilié au Lyon Berlin Praha SW1A 2AA March "
    "January Python Top Level Room Series people years Q3 Mistral AI R José Malhoa Av Sidi Trg revolucije"
)
_PIECES = _PIECE_TEXT.split(" ")
# Cues, street lines and their parts, so that the cores match often.
_PHRASES = [
    *(f"{verb} at" for verb in ("Live", "live", "lives", "Lived", "living", "Stay", "stays", "staying", "resides")),
    *("address:", "ADDRESS:", "Adresse :", "sent to", "meet you at", "wohne in", "habite", "réside au"),
    *("the corner of", "lieu-dit", "PO Box", "P.O. Box", "Postfach", "boîte postale", "Flat 79m\n", "Apt. 4,"),
    *("Rose Cottage", "Mill Lane", "Main Street", "Baker St", "avenue des Lilas", "rue de la Paix", "Budaörsi út"),
    *("Kohlweg", "Berliner Straße", "Hauptstr.", "Calle Mayor", "Via Roma,", "ul. Marszałkowska", "Am Markt"),
    *("Pagari", "Tiigi", "Αμαλίας", "Шевченка", "Nr.", "#", "12", "5", "221B", "7-2", "10/12", "APO AE 08501"),
]
_TEXTS = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(_PIECES), st.sampled_from(_PHRASES)),
        st.sampled_from([" ", " ", " ", " ", ", ", "\n", ""]),
    ),
    max_size=12,
).map(lambda parts: "".join(piece + sep for piece, sep in parts))
# A cue and a street line (or a cue-less one) between noise.
_CUES = ["", "Live at", "Stay at", "lives at", "Living at", "address:", "ADDRESS:", "Sent to", "habite", "Na"]
_LINES = [
    *("Rose Cottage, Mill Lane", "Mill Lane", "12 Main Street", "Kohlweg 7", "Pagari 18", "Αμαλίας 28"),
    *("avenue des Lilas", "ul. Marszałkowska 10", "Calle Mayor 5", "Budaörsi út 43", "Kohlweg Nr. 5", "Am Markt 5"),
    *("PSC 1413, Box 1456\nAPO AE 08501", "the corner of Main St and Elm Road", "PO Box 4521", "Flat 2, Ruth Hill"),
]
_ADDRESSY_TEXTS = st.one_of(
    _TEXTS,
    st.tuples(_TEXTS, st.sampled_from(_CUES), st.sampled_from(_LINES), _TEXTS).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(_ADDRESSY_TEXTS)
def test_may_match_never_rejects_a_text_with_an_address(text: str) -> None:
    if not REC.may_match(text):
        assert REC.analyze(text, [E], None) == []


@settings(max_examples=400, deadline=None)
@given(_ADDRESSY_TEXTS)
def test_each_coarse_form_admits_where_its_core_matches(text: str) -> None:
    """`analyze` skips a core whose coarse form fails: it must pass wherever the core matches
    (for cores 15 and 18, wherever `analyze`'s own checks let the core run)."""
    has_digit = M.contains_digit(text)
    for index, ((source, _), (pattern, _score), shape) in enumerate(
        zip(M._CORES, M._CORE_PATTERNS, M._CORE_SHAPES, strict=True)
    ):
        if index == 15 and M._WORD_NEEDS[source].isdisjoint(set(text.replace(",", " ").split())):
            continue
        if index == 18 and not (has_digit and M._may_hold_cue_core(text)):
            continue
        if pattern.search(text) is not None:
            assert shape(text), (index, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("abñ.", min_size=1, max_size=4), min_size=1, max_size=6), st.text("abñ. ", max_size=12))
def test_word_searches_find_exactly_their_words(words: list[str], text: str) -> None:
    assert (std_re.fullmatch(f"(?:{M._trie(words)})", text) is not None) == (text in words)
    assert (M._rarest_letter_search(words).search(text) is not None) == any(word in text for word in words)


def test_house_prefixes_are_the_prefixes_the_cores_allow() -> None:
    core_prefix = re.compile(r"(?:Nr\.|nr|n[º°o]\.?|No\.|#)")
    candidates = {"".join(p) for n in range(1, 4) for p in itertools.product("Nnro°º.#", repeat=n)}
    assert {c for c in candidates if core_prefix.fullmatch(c)} == set(M._HOUSE_PREFIXES)


def test_lower_case_street_types_hold_a_key_the_pre_check_looks_for() -> None:
    upper = [t for t in M._words(M._BEFORE_TYPES) if t[0].isupper()]
    assert sorted(upper + list(M._LOWER_BEFORE_TYPES)) == sorted(M._words(M._BEFORE_TYPES))
    keys = ("trg", "ulic", "alej", "osiedl", "á", "ř")
    assert all(any(key in t for key in keys) for t in M._LOWER_BEFORE_TYPES)
