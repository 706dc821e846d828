"""International street addresses and the locality lines that follow them.

StreetAddressRecognizer knows the English and French street forms. Posts and forms also
carry addresses in other countries' orders ("1040 Blekersdijk 78", "Ilichova 77 Krčmář
Mill"), military ones ("PSC 1413, Box 1456 / APO AE 08501") and crossings ("the corner of
X and Y"). A *core* (one street line) is found by one of these shapes:

- number, name words, number: "995 Na Kopci 1357", "868 Szilágyi Erzsébet fasor 38";
- number(s), name words, street type: "1144 176 Makri Street", "08093 335 Broad Rd";
- name, number, name words, street type: "Tværgyden 40 Kleist Expressway";
- military: PSC / Unit / USNS / USNV / USS / USCGC ... APO / FPO / DPO AA|AE|AP 12345;
- "the corner of ... and Name".

The core then grows over what follows on the same or next lines, as long as it looks like
an address part: "Apt. 286", "Suite 219", a postcode, a region code, capitalised place
names ("Raufarhöfn", "Salmon Arm", "Czech Republic"). It stops at a lower-case word, a
label ("Mobile:"), a blank line, or after eight parts. Names of months never start a core
("12 March 2024"), nor does a year after "in", "since", ...
"""

from __future__ import annotations

import re as std_re
from collections.abc import Callable, Iterable
from typing import Any

import regex as re

from recognizers.base import CodeRecognizer
from redact.detect.prefilter import GateSet, analyze, contains_digit, literal_trie


def _alternation(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


def _literals(words: str) -> str:
    """Like `_alternation`, for words holding regex symbols ("Str.", "C/")."""
    return "|".join(re.escape(w) for w in sorted(words.split(), key=len, reverse=True))


_STREET_TYPES = _alternation(
    "Street Streets St Str Avenue Ave Road Roads Rd Boulevard Blvd Lane Lanes Ln Drive Drives Dr Court"
    " Courts Ct Place Pl Square Squares Sq Terrace Parkway Parkways Pkwy Highway Hwy Way Ways Circle"
    " Circles Cir Crescent Close Alley Trail Plaza Mews Row Grove Groves Gardens Heights Expressway"
    " Freeway Turnpike Loop Bridge Brook Brooks Bypass Camp Canyon Cape Causeway Center Centers"
    " Cliff Cliffs Club Common Commons Corner Corners Course Cove Coves Creek Crest Crossing"
    " Crossroad Curve Dale Dam Divide Estate Estates Extension Extensions Falls Ferry Field Fields"
    " Flat Flats Ford Fords Forest Forge Forges Fork Forks Fort Garden Gateway Glen Glens Green"
    " Greens Harbor Harbors Haven Hill Hills Hollow Inlet Island Islands Isle Junction Junctions Key"
    " Keys Knoll Knolls Lake Lakes Land Landing Light Lights Loaf Lock Locks Lodge Mall Manor Manors"
    " Meadow Meadows Mill Mills Mission Motorway Mount Mountain Mountains Neck Orchard Oval Overpass"
    " Park Parks Pass Passage Path Pike Pine Pines Plain Plains Point Points Port Ports Prairie"
    " Radial Ramp Ranch Rapid Rapids Rest Ridge Ridges River Route Run Shoal Shoals Shore Shores"
    " Skyway Spring Springs Spur Spurs Station Stravenue Stream Summit Trace Track Trafficway Tunnel"
    " Underpass Union Unions Valley Valleys Via Viaduct View Views Village Villages Ville Vista"
    " Walk Walks Wall Well Wells"
)
# Lower-case words that belong inside street names ("rue La Boétie", "Erzsébet fasor").
_STREET_LOWER = _alternation(
    "rue avenue av bd boulevard allée impasse chemin quai route place cours passage voie square"
    " rua via viale piazza strada calle carrer avenida avda travessa largo praça ul ulica u tee fasor"
    " utca út körút tér rkp rakpart kapu sor köz sétány tie katu gata gatan gate vei veien vej vegur väg"
    " vägen straße strasse weg"
    " gasse platz allee ring straat laan cesta trg de la le les du des del della delle dei degli dalla"
    " dello do da dos das di van von der den y e"
)
# Lower-case street types that follow the name ("Budaörsi út", "Merineitsi põik").
_LOW_TYPES = _alternation(
    "út utca fasor tér körút köz sor sétány põik puiestee tee gata gatan gate vei veien vej vegur väg"
    " vägen straße strasse weg gasse platz allee straat laan cesta ulica rakpart"
)
_MONTHS = _alternation(
    "January February March April May June July August September October November December"
    " Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Janvier Février Mars Avril Mai Juin"
    " Juillet Août Septembre Octobre Novembre Décembre"
)
_YEAR_CUES = "in|In|since|Since|by|until|from|of|to|year|circa|around|before|after|during|en|depuis"

_FUNCTION_WORDS = "Of|The|And|For|To|In|On|At|By|With|From|A|An|Or|Is|Are|You|Your|My|Our|We|I"
_CAP = rf"(?:(?:\p{{Lu}}\.){{2,}}|(?!(?:{_FUNCTION_WORDS})\b)\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*\.?)"
_LOW = rf"(?:(?:{_STREET_LOWER})\.?)"
_WORD = rf"(?!(?:{_MONTHS})\b){_CAP}|{_LOW}"
_LOW_WORD = rf"{_LOW}(?![\p{{L}}])"
_NUM = r"(?:\d{1,5}[A-Za-z]?(?![\w]))"
# What follows a count, not a house number ("3 pallets", "5 Personen", "2 anni").
_COUNT_WORDS = (
    "people|persons?|years?|months?|weeks?|days?|hours?|minutes?|times|members|users|customers"
    "|clients|items|units|pieces|tickets|plans|stars|ideas|tips|things|ways|steps|jobs|roles|hires|seats"
    "|pallets|parcels|boxes|jahre|jahren|leute|personen|mitarbeiter|tage|wochen|monate|stunden|minuten"
    "|termine|punkte|ideen|personas|años|días|meses|horas|cosas|persone|anni|giorni|mesi|ore|cose|pessoas"
    "|anos|dias|horas|coisas|metri|metros|meter|km|kg|mb|gb|x|k|m"
)
_COUNTED = rf"(?![ ](?i:{_COUNT_WORDS})\b|[ ]?[%€$£])"
_LAST_NUM = rf"(?:\d{{1,5}}(?![\w]){_COUNTED})"
# Street types that end compound street names across Europe ("Kohlweg", "Kerkstraat",
# "Ängstorget", "Porkkalantie"), in two groups: the long ones are safe after one lower-case
# letter, the short ones (which end everyday words more often) need three.
_LONG_SUFFIXES = _literals(
    "straße strasse str. allee platz gasse damm ufer steig chaussee graben markt straat plein gracht"
    " singel dreef steeg boulevard gatan vägen gränd torget backen stigen vejen gade stræde alléen gyden"
    " veien vegen gata polku kuja bulevardi kaari ulica"
)
_SHORT_SUFFIXES = _alternation("weg laan kade dijk baan hof vej vei väg katu tie tori")
_HYPHEN_TYPES = r"Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Markt|Steig|Chaussee"
_COMPOUND = (
    rf"(?:\p{{Lu}}\p{{Ll}}+(?:{_LONG_SUFFIXES})|\p{{Lu}}\p{{Ll}}{{3,}}(?:{_SHORT_SUFFIXES})"
    rf"|\p{{Lu}}[\p{{L}}\-]*-(?:{_HYPHEN_TYPES}))"
)
# Street types written as their own word after the name: lower case ("Sabino Arana
# etorbidea", "Tartu mnt", "Ida Ekmanin katu", "Karl Johans gate") or capitalised
# ("Berliner Straße", "Olympos Allé", "Kölner Str.").
_AFTER_TYPES = _literals(
    "kalea etorbidea bidea pasealekua enparantza tänav mnt maantee puiestee katu tie kuja tori gate gata"
    " vei veien vej gade plads allé cesta ulica utca út"
    " Straße Strasse Str. Weg Allee Platz Gasse Ring Damm Ufer Markt Chaussee Steig Allé Plads Vej Gade"
)
# Street types written before the name, then the house number ("Calle Mayor 5", "Via Roma,
# 12", "ul. Słowackiego 33", "Strada Albu Nr. 13", "náměstí Míru 5").
_BEFORE_TYPES = _literals(
    "Calle C/ Avenida Avda. Avda Avd. Paseo Pº Plaza Pza. Ronda Travesía Camino Carretera Ctra. Glorieta"
    " Pasaje Alameda Cañada Rambla Callejón Vía Carrer Avinguda Passeig Plaça Travessera Camí Rúa"
    " Via Viale V.le Piazza P.za Piazzale Corso C.so Largo Vicolo Strada Borgo Contrada Lungomare"
    " Lungotevere Salita Rua Travessa Praça Estrada Rodovia Beco Ladeira Calçada Praceta"
    " Bulevardul Calea Șoseaua Soseaua Aleea Drumul Intrarea Piața Splaiul"
    " ulica aleja Aleja osiedle ulice náměstí třída nábřeží námestie Ulica Trg trg"
)
# Their Polish and Czech abbreviations ("ul. Hutnicza 78", "al. Chopina 79/26"): a text must
# hold one of these before the (slower) pattern runs, as "al." also ends "digital.".
_SLAVIC_ABBREVIATIONS = ("ul. ", "al. ", "Al. ", "pl. ", "os. ", "nám. ", "tř. ")
_SLAVIC_TYPES = "|".join(re.escape(a.strip()) for a in _SLAVIC_ABBREVIATIONS)
# Little words inside street names ("Paseo de la Castellana", "Largo das Antas").
_PARTICLES = _alternation("de del la las los el d' l' dels da do das dos di della dello delle degli dei e y i")
# A house number: "5", "12B", "93/28", "7-2", "Nr. 13", "nº 5".
_HOUSE = (
    r"(?:(?:Nr\.|nr|n[º°o]\.?|No\.|#)[ ]?)?\d{1,4}[A-Za-z]?(?:[/\-]\d{1,4}[A-Za-z]?)?(?![\w])"
    rf"(?![.,:]\d){_COUNTED}"
)
# Capitalised words that, before a number, name a thing and not a street ("Level 3").
_NOT_STREET_NAMES = _alternation(
    "Room Level Floor Gate Terminal Booth Stand Hall Stage Table Platform Series Version Python Day Week"
    " Phase Season Chapter Part Episode Step Round Grade Year Top Fortune Formula Web Industry Windows"
    " Galaxy Pixel Apollo Area Channel Track Section Page Slide Item Lesson Exercise Question Task Sprint"
    " Release Quarter Month Office Microsoft Game World War Gen Tier Group Team Class Batch Cohort Edition"
    " Volume Vol Number No Jahr Info Teil Tag Woche Monat Kapitel Runde Stufe Q FY H iOS Android Java"
    " Studio Unit Suite Apt Flat Box Building Block Module Lab Door Pier Dock Catch Covid COVID Vision"
    " Plan Agenda Goal Goals Rule Rules Law Article Section Figure Fig Table Appendix Slide Iteration"
    " Milestone Sprint Wave Batch Pillar Lesson Lessons Tip Tips Reason Reasons Way Ways Thing Things"
)
_NAME_WORD = rf"(?!(?:{_NOT_STREET_NAMES}|{_MONTHS})\b){_CAP}"
# Where a street line ends: the end of a clause or a postcode; never a following word.
_CLAUSE_END = r"(?=[ \t]*(?:$|\n|[,;!?)]|\.(?!\d)|[ \t]\d{4,5}\b))"
# Words after which a street line with no street type is still an address ("address:
# Pagari 18", "lives at Tiigi 34", "Adresse : Hauptstraße 5").
_CUE_WORDS = (
    "address|adress|adresse|anschrift|dirección|direccion|domicilio|indirizzo|morada|endereço"
    "|adres|osoite|aadress|adresa"
)
_CUES = (
    rf"(?:\b(?i:{_CUE_WORDS})(?:[ ](?:is|es|è|ist|est|é|on|er|är))?[ ]?[:\-–]?"
    r"|\b(?:[Ll]ive[sd]?|[Ll]iving|[Ll]ocated|[Ss]ituated|[Rr]esides?|[Mm]eet (?:you|me|us)|[Ss]ee you|[Ff]ind us"
    r"|[Vv]isit us|[Ss]hip(?:ped)?(?: it| them)?|[Ss]en[dt](?: it| them)?|[Dd]eliver(?:ed)?(?: it| them)?"
    r"|[Ww]ohne|[Ww]ohnen|[Vv]ivo|[Aa]bito|[Mm]oro)"
    r"[ ](?:at|to|in|on|en|in der|in|na|a|al)"
    r")[ \t]*\n?[ \t]*"
)
# Lower-case stems of the cues: a text holding none of them skips the cue pattern, whose
# case-insensitive alternation costs more than these substring tests.
_CUE_STEMS = (
    "dres",
    "anschrift",
    "direcci",
    "domicil",
    "indirizz",
    "morada",
    "endere",
    "osoite",
    "live",
    "living",
    "locat",
    "situat",
    "reside",
    "meet",
    "see you",
    "find us",
    "visit us",
    "ship",
    "send",
    "sent",
    "deliver",
    "wohn",
    "vivo",
    "abito",
    "moro",
)

# Street types that start cores 2, 3 and 4: French ones after the number ("134 cours des
# Tilleuls"), others after it ("168 27 Rue Jamil Sedki"), and short ones ("R José Malhoa 51").
_FRENCH_TYPES = (
    r"rue|avenue|av\.|boulevard|bd|allée|impasse|chemin|quai|route|place|cours|passage|voie|square|rond-point"
    r"|Rue|Avenue|Boulevard|Chemin|Place|Quai"
)
_TYPES_BEFORE_NAME = r"Rue|Avenue|Via|Calle|C/|Rua|Avenida|Avda\.|Boulevard|Chemin|Strada|Ul\.|Trg"
_SHORT_TYPES = r"R\.?|Rua|Rúa|Av\.?|Avda\.|Via|Calle|C/|Trg|Ul\.|Str\."
_UNIT_WORDS = r"Flat|Studio|Apartment|Apt\.|Unit|Suite"
_UNIT_FIRST = r"(?:(?:Suite|Apt\.?|Apartment|Unit|Flat|Appartement|Appt\.?) \d{1,5}[A-Za-z]?,? )?"
# A year after "in", "since"... is a date, not a building number.
_SUFFIX_CORE = rf"(?<![\w\-])(?:{_NUM} )?(?:{_COMPOUND},?|[\p{{Greek}}\p{{Cyrillic}}]{{3,}}) {_HOUSE}"
_START = rf"(?<![\w.,/\-@#€$£%+])(?:(?!(?:19\d\d|20[0-4]\d)\b)|(?<!\b(?:{_YEAR_CUES})\s)){_UNIT_FIRST}"

_AFTER_TYPE_CORE = (
    rf"(?<![\w\-])(?:{_NUM} )?{_NAME_WORD}(?: (?:(?:{_PARTICLES}) )?{_CAP}){{0,2}} (?:{_AFTER_TYPES})"
    rf"(?![\p{{L}}]),? {_HOUSE}"
)
_BEFORE_TYPE_CORE = (
    rf"(?<![\w\-/.])(?:{_NUM} )?(?:{_BEFORE_TYPES})"
    rf" (?:(?:{_PARTICLES})[ ]){{0,2}}{_NAME_WORD}"
    rf"(?: (?:(?:{_PARTICLES})[ ]){{0,2}}(?:{_CAP}|\d{{1,2}}(?: de)?)){{0,4}},? {_HOUSE}"
)
_PREPOSITIONS = (
    "Am|An der|An den|Auf der|Auf dem|Auf den|Im|In der|In den|Zum|Zur|Unter den|Hinter der"
    "|Hinter dem|Vor dem|Bei der|Na|Pod|Nad|Mezi|Před"
)
_PREPOSITION_CORE = rf"(?<![\w\-])(?:{_PREPOSITIONS}) {_NAME_WORD}(?: {_CAP}){{0,2}},? {_HOUSE}{_CLAUSE_END}"
_UNIT_LINE_CORE = (
    rf"(?<![\w\-])(?:{_UNIT_WORDS}) \d{{1,4}}[A-Za-z]?(?:,[ ]?|[ ]?\n[ ]?)"
    rf"(?:{_CAP} ){{1,3}}(?:{_STREET_TYPES})\b"
)
_SLAVIC_CORE = rf"(?<![\w\-/.])(?:{_NUM} )?(?:{_SLAVIC_TYPES}) ?{_NAME_WORD}(?: (?:{_CAP}|\d{{1,2}})){{0,4}},? {_HOUSE}"
_CUE_CORE = (
    rf"{_CUES}(?P<a>(?:{_NUM} )?{_NAME_WORD}(?: {_CAP}){{0,2}},? {_HOUSE})(?:{_CLAUSE_END}"
    r"|(?=[ ](?:after|before|at|for|on|in|and|or|please|tomorrow|tonight|today|when|with|if)\b|[ ]?[–—][ ]))"
)

_CORES = (
    # number, name words, number (the European order with a leading building number)
    (rf"{_START}{_NUM}(?: {_NUM})?(?: (?:{_WORD})){{1,4}} {_LAST_NUM}(?!\.\d)", 0.6),
    # number(s), name words, street type
    (rf"{_START}{_NUM}(?: {_NUM})? (?:(?:{_WORD}) ){{1,3}}(?:{_STREET_TYPES})\b\.?", 0.65),
    # French order: number, street type, name ("134 cours des Tilleuls"), to reach the locality
    (
        rf"{_START}{_NUM}(?: {_NUM})?(?: (?:bis|ter))?,? "
        rf"(?:{_FRENCH_TYPES})"
        rf"(?: (?:{_LOW}|{_CAP})){{1,5}}",
        0.6,
    ),
    # number(s), a street type first, name words ("168 27 Rue Jamil Sedki")
    (
        rf"{_START}{_NUM}(?: {_NUM})? (?:{_TYPES_BEFORE_NAME})"
        rf"(?: (?:{_LOW} )?{_CAP}){{1,4}}",
        0.6,
    ),
    # a street type or abbreviation first, words, number: "R José Malhoa 51", "Trg revolucije
    # 95", "C/ Pablo Iglesias 33", "378 69 Av Sidi Lakhmi"
    (
        rf"(?<![\w\-/])(?:{_NUM} (?:{_NUM} )?)?(?:{_SHORT_TYPES})"
        rf"(?: (?:de |del |da |do |la |dos |das )?{_CAP}| \p{{Ll}}{{3,}}){{1,4}}(?: {_LAST_NUM}(?!\.\d)|(?=,))",
        0.6,
    ),
    # a name and a lower-case street type, then a number: "Budaörsi út 43", "Merineitsi põik 87"
    (rf"(?<![\w\-]){_CAP}(?: {_CAP})? (?:{_LOW_TYPES}) {_LAST_NUM}(?!\.\d)", 0.6),
    # one word ending in a street type, then a number: "Hundslevgyden 84", "Hauptplatz 52";
    # or a Greek or Cyrillic name and a number: "Αμαλίας 28"
    (_SUFFIX_CORE, 0.6),
    # name, number, name words, street type
    (
        rf"(?<![\w\-])(?:(?:{_LOW}|Via|Viale|Rua|Calle|Avenida|Rue|Ul\.|Avda\.) )?{_CAP}(?: {_CAP}){{0,2}} {_NUM}"
        rf" (?:{_CAP} ){{0,2}}(?:{_STREET_TYPES})\b",
        0.6,
    ),
    # post office boxes: "PO Box 4521", "P.O. Box 77", "Postbox 297", "Boîte postale 12"
    (
        r"(?<![\w.])(?:P\.?[ ]?O\.?[ ]?Box|Post[ ]?[Bb]ox|Postfach|Apartado|[Bb]o[iî]te [Pp]ostale|B\.P\.)"
        r"[ ]?(?:No\.?[ ]?|#[ ]?)?\d{1,6}(?!\d)",
        0.7,
    ),
    # no number, after someone says where they live: "lives at Rose Cottage, Mill Lane",
    # "habite lieu-dit La Croix Blanche", "habite avenue des Lilas"
    (
        r"(?<=(?:\b(?:[Ll]ives?|[Ll]iving|[Ll]ived|[Ss]tay(?:s|ing)?|[Rr]eside[sd]?)[ ]at|\b(?:[Hh]abit|[Rr]ésid)"
        r"(?:e|es|ons|ez|ent|é|ée|ait)(?:[ ](?:au|à[ ]la|à[ ]l['’]|à|dans[ ]la|dans[ ]le))?|\b[Dd]omicilié(?:e|s|es)?"
        r"[ ](?:au|à[ ]la|à[ ]l['’]|à))[ ])"
        rf"(?:(?:{_CAP}[ ]){{1,3}}(?:{_STREET_TYPES})\b|(?:{_CAP}[ ]){{1,3}}(?:Cottage|House|Farm|Hall|Manor)\b"
        rf"|(?:rue|avenue|boulevard|allée|impasse|chemin|quai|route|place|lieu-dit|hameau|résidence|Lieu-dit"
        rf"|Hameau|Résidence)(?:[ ](?:{_LOW_WORD}|{_CAP})){{1,5}})",
        0.6,
    ),
    # a French "lieu-dit" (a named place with no street): "lieu-dit Les Granges"
    (rf"(?<![\w\-])(?:[Ll]ieu-dit|[Ll]ieudit)[ ](?:{_LOW_WORD}[ ])?{_CAP}(?:[ ](?:{_LOW_WORD}[ ])?{_CAP}){{0,3}}", 0.6),
    # military
    (
        r"(?<!\w)(?:PSC|Unit|USNS|USNV|USS|USCGC)\s[\w ,]{1,30}?\s*\n?\s*(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}(?!\d)",
        0.8,
    ),
    # crossings
    (rf"(?<!\w)(?:[Tt]he )?corner of [^\n,;]{{3,60}}? and {_CAP}(?: {_CAP}){{0,3}}", 0.6),
    # name words, then a street type as its own word, then the house number: "Berliner
    # Straße 12", "Sabino Arana etorbidea 5", "Tartu mnt 17", "Olympos Allé 4"
    (_AFTER_TYPE_CORE, 0.6),
    # a street type first, name words, then the house number: "Calle Mayor 5", "Via Roma,
    # 12", "ul. Słowackiego 33", "Strada Albu Nr. 13", "Avenida de la Constitución 12"
    (_BEFORE_TYPE_CORE, 0.6),
    # the same with a Polish or Czech abbreviation: "ul. Słowackiego 33", "al. Jana III Sobieskiego 93/28"
    (_SLAVIC_CORE, 0.6),
    # German and Czech names that start with a preposition, at the end of a clause: "Am
    # Markt 5", "An der Alster 12", "Unter den Linden 77", "Na Strži 4"
    (_PREPOSITION_CORE, 0.6),
    # a unit line first, then the street: "Flat 79m\nRuth Hill", "Studio 8, Jeffrey Unions"
    (_UNIT_LINE_CORE, 0.6),
    # after an address cue, capitalised words and a house number with no street type:
    # "address: Pagari 18", "I'll meet you at Tiigi 34", "sent to Štychova 9"
    (_CUE_CORE, 0.55),
)
# The suffix core needs a word ending in a street type (or in a Greek or Cyrillic letter,
# which the prefilter cannot see) just before a number; so does the street-type-after core.
_SUFFIX_ENDINGS = tuple(w.replace("\\", "") for w in (*_LONG_SUFFIXES.split("|"), *_SHORT_SUFFIXES.split("|"))) + tuple(
    "-" + w.replace("\\", "") for w in _HYPHEN_TYPES.split("|")
)
_SPACE_DIGIT = std_re.compile(r" \d")


def _words_before_numbers(text: str) -> list[str]:
    """The words right before a " <digit>" ("Kohlweg" in "Kohlweg 7"), trailing comma aside."""
    out: list[str] = []
    for match in _SPACE_DIGIT.finditer(text):
        end = match.start()
        start = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
        out.append(text[start:end].rstrip(","))
    return out


# The words that each core needs one of, looked up in the set of a text's words: cheaper
# than a search for each alternation, and exact where a substring test is not ("al." ends
# "digital.").
_WORD_NEEDS: dict[str, frozenset[str]] = {
    _BEFORE_TYPE_CORE: frozenset(w.replace("\\", "") for w in _BEFORE_TYPES.split("|")),
    _SLAVIC_CORE: frozenset(a.strip() for a in _SLAVIC_ABBREVIATIONS),
    _PREPOSITION_CORE: frozenset(
        [
            "Am",
            "An",
            "Auf",
            "Im",
            "In",
            "Zum",
            "Zur",
            "Unter",
            "Hinter",
            "Vor",
            "Bei",
            "Na",
            "Pod",
            "Nad",
            "Mezi",
            "Před",
        ]
    ),
    _UNIT_LINE_CORE: frozenset(["Flat", "Studio", "Apartment", "Apt.", "Unit", "Suite"]),
}


def _may_hold_cue_core(text: str) -> bool:
    return _CUE_STEM_SEARCH.search(text.lower()) is not None


# Cores gated by hand rather than by the prefilter.
_PRECHECKS: frozenset[str] = frozenset((_CUE_CORE, _SUFFIX_CORE, _AFTER_TYPE_CORE))

_CORE_PATTERNS = tuple((re.compile(p), s) for p, s in _CORES)
_HAND_GATED = frozenset((*_WORD_NEEDS, *_PRECHECKS))
_AFTER_TYPE_WORDS = frozenset(w.replace("\\", "") for w in _AFTER_TYPES.split("|"))
# What a text must hold for each core to match (a street type, a digit...), one gate per
# core: `find_spans` asks it only for a core whose coarse form (see the pre-check) passed.
_CORE_GATES = {p: GateSet([analyze(p, 0)]) for p, _ in _CORES if p not in _HAND_GATED}


# The prefilter cannot read Unicode properties: by hand, the suffix core needs one of its
# suffixes (exact case) or a Greek or Cyrillic letter, which is not ASCII.


_SEP = r"\.?(?:[ \t]{0,3}(?:,|\n(?:[ \t]*\?\?\?)?)[ \t]{0,6}(?:,[ \t]{0,3})?|[ \t]{1,3})"
_PART = (
    r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Box|Floor|Fl\.?|Room|#) ?\d{1,5}[A-Za-z]?"
    r"|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4} ?[A-Z]{2}(?![\w])"
    r"|\d{3} \d{2}(?!\d)|(?:[A-Z]{1,2}-)?\d{4,6}(?![\d\w\-])|\d{2,5}-\d{3}(?![\d\w])|\d{1,3}(?![\d\w.:\-])"
    r"|nan(?!\w)|\(\p{Lu}[\p{L}\p{M}]+\)"
    rf"|(?!(?:{_MONTHS})\b)\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*(?!\d)"
    r"(?:[ \-](?:(?:de|la|u|del|do|da|di|des|du|dos|das|am|an|van|von|y|sur|en|le|lès) )?"
    r"\p{Lu}[\p{L}\p{M}'’\-]*(?!\d)){0,3}"
)
_NEXT = re.compile(rf"{_SEP}(?:{_PART})(?![\p{{L}}\p{{M}}]|[ \t]*:)")
_MAX_PARTS = 8
_AFTER_DOT = re.compile(r"[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Box|Floor|Fl|Room|#|\d)")


# The name-number-type core needs a capitalised word right before " <number>"; in an ASCII
# text that is this (`\p{Lu}` is [A-Z] there, `\p{M}` and "’" absent).
_NAME_NUMBER_CORE = _CORES[7][0]
_ASCII_NAME_NUMBER = std_re.compile(r"[A-Z][A-Za-z'\-.]* [0-9]")


# ---- The pre-check: can a text hold an address at all? -----------------------------------
# `may_match` runs on every text, and most hold no address. It looks for *coarse* forms of
# the cores with the standard library's `re`, which skips in C to the characters a pattern
# can start with (a digit, a capital, a dot) where `regex` tries the whole pattern at every
# position. A coarse form accepts every text on which its core, behind the hand-made checks
# of `find_spans`, finds something (and more texts): it only ever widens its core.
# - Classes grow: a digit is 0-9 or any character from U+0660 on (`regex`'s Unicode tables
#   are newer than `re`'s), a capital A-Z or any non-ASCII character that may be one, a name
#   character any ASCII letter, "'", "-", "." or any non-ASCII character.
# - Lookarounds that reject keep only what `regex` certainly rejects too: `(?!\w)` becomes
#   "no ASCII word character"; inside `(?!...)`, `\b` becomes "no word character, ASCII or
#   not". Other lookarounds go.
# - Where a core's rare part (a digit) comes after a stretch of any length, the search starts
#   at that part and checks what must come just before it with fixed-width lookbehinds.
# - Word lists become tries ("Str(?:eet|asse)"): `re` tries the alternatives of a group one by
#   one, so a position meets a few first letters instead of every word.
# `find_spans` asks each core's coarse form before running the core; `may_match` asks merged
# forms, a few searches for all cores.

# Blocks of punctuation, currency signs, arrows and emoji: no digit, cased, Greek or Cyrillic
# letter in them (checked here against `regex`'s tables, so a future table cannot make the
# classes below too narrow), so the classes can leave them out.
_SYMBOL_BLOCKS = ((0x2000, 0x20FF), (0x2190, 0x2BFF), (0xFE00, 0xFE0F), (0x1F000, 0x1FAFF))
_SYMBOLS_HOLD_NO_LETTER = (
    re.search(
        r"[\d\p{Lu}\p{Ll}\p{Lt}\p{Greek}\p{Cyrillic}]",
        "".join(chr(c) for first, last in _SYMBOL_BLOCKS for c in range(first, last + 1)),
    )
    is None
)
_LAST_CHAR = chr(0x10FFFF)


def _from(start: int) -> str:
    """Class items for every character from `start` on, less the symbol blocks (when safe)."""
    items, low = [], start
    for first, last in _SYMBOL_BLOCKS if _SYMBOLS_HOLD_NO_LETTER else ():
        if first > low:
            items.append(f"{chr(low)}-{chr(first - 1)}")
        low = max(low, last + 1)
    return "".join(items) + f"{chr(low)}-{_LAST_CHAR}"


_D = f"[0-9{_from(0x660)}]"  # \d
_UP = f"[A-Z\xc0-\xd6\xd8-\xde{_from(0x100)}]"  # \p{Lu}
_LO = f"[a-z\xaa\xb5\xba\xdf-\xf6\xf8-\xff{_from(0x100)}]"  # \p{Ll}
_GREEK_CYRILLIC = f"[{_from(0x370)}]"
_NAME_CHAR = f"[A-Za-z'\\-.\x80-{_LAST_CHAR}]"
_NO_WORD_AFTER = "(?![0-9A-Za-z_])"
_WORD_ENDS = f"(?![0-9A-Za-z_\x80-{_LAST_CHAR}])"
# What `_HOUSE` allows before the number: (?:Nr\.|nr|n[º°o]\.?|No\.|#).
_HOUSE_PREFIXES = ("Nr.", "nr", "nº", "n°", "no", "nº.", "n°.", "no.", "No.", "#")


def _trie(words: Iterable[str], char: Callable[[str], str] = std_re.escape) -> str:
    """An alternation of literal words, factored by their beginnings; `char` writes a letter."""

    def source(node: dict[str, Any]) -> str:
        branches = [char(letter) + source(child) for letter, child in sorted(node.items()) if letter]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 and "" not in node else f"(?:{'|'.join(branches)})"
        return group + "?" if "" in node else group

    return source(literal_trie(words))


# Letters from the most to the least frequent in posts (roughly): `_rarest_letter_search`
# anchors each word on its rarest letter.
_LETTER_RANK = {letter: rank for rank, letter in enumerate(" etaoinsrhldcumfpgwybvkxjqz")}


def _rarest_letter_search(words: Iterable[str]) -> std_re.Pattern[str]:
    """A search for any of `words`, each from its rarest letter (what comes before that letter
    in a lookbehind): `re` skips to those letters, fewer positions than first letters."""
    groups: dict[str, list[str]] = {}
    for word in words:
        at = max(range(len(word)), key=lambda i: _LETTER_RANK.get(word[i], len(_LETTER_RANK)))
        before = f"(?<={std_re.escape(word[: at + 1])})" if at else ""
        groups.setdefault(word[at], []).append(before + std_re.escape(word[at + 1 :]))
    return std_re.compile("|".join(f"{std_re.escape(c)}(?:{'|'.join(alts)})" for c, alts in sorted(groups.items())))


_CUE_STEM_SEARCH = _rarest_letter_search(_CUE_STEMS)


def _words(alternation: str) -> list[str]:
    """The words of an alternation of (escaped) literals."""
    return [word.replace("\\", "") for word in alternation.split("|")]


def _case_blind(letter: str) -> str:
    """A letter in either case, or any non-ASCII character (`regex`'s case folding matches
    "ſ" for "s", "İ" for "i"...)."""
    nonascii = f"\x80-{_LAST_CHAR}"
    return f"[{letter.lower()}{letter.upper()}{nonascii}]" if letter.isascii() else f"[{nonascii}]"


def _same_lengths(words: Iterable[str]) -> list[list[str]]:
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return [group for _, group in sorted(by_length.items())]


def _lookbehinds(words: Iterable[str], after: str, before: str = "") -> str:
    """`(?<=<before><word><after>)` for any of `words`: one lookbehind per word length (`re`
    needs fixed widths)."""
    return "|".join(f"(?<={before}{_trie(group)}{after})" for group in _same_lengths(words))


# A capital first: cheaper than the lookaheads over word lists, which it spares most positions.
_C_CAP = rf"(?={_UP})(?:(?={_UP}\.{_UP}\.)|(?!{_trie(_words(_FUNCTION_WORDS))}{_WORD_ENDS})){_UP}{_NAME_CHAR}*"
_C_LOW = _trie(_words(_STREET_LOWER))
_C_WORD = rf"(?:(?={_UP})(?!{_trie(_words(_MONTHS))}{_WORD_ENDS}){_C_CAP}|{_C_LOW}\.?)"
_C_NAME = rf"(?={_UP})(?!{_trie(_words(_NOT_STREET_NAMES) + _words(_MONTHS))}{_WORD_ENDS}){_C_CAP}"
_C_NUM = rf"{_D}{{1,5}}[A-Za-z]?{_NO_WORD_AFTER}"
_C_LAST_NUM = rf"{_D}{{1,5}}{_NO_WORD_AFTER}(?![ ](?:{_COUNT_WORDS}){_WORD_ENDS}|[ ]?[%€$£])(?!\.[0-9])"
_C_TYPE = rf"{_trie(_words(_STREET_TYPES))}{_NO_WORD_AFTER}"
_C_HOUSE = rf"(?:{_trie(_HOUSE_PREFIXES)} ?)?{_D}"

# -- cores found from a digit (each source starts right after it) --
# Cores 0-3: a number where one may start (`_START`), then name words and a number, a street
# type, or a street type and a name.
_NUMBER_START = r"(?<![A-Za-z0-9_.,/\-@#€$£%+].)"
_AT_NUMBER = (
    rf"{_D}{{0,4}}[A-Za-z]?{_NO_WORD_AFTER}(?: {_C_NUM})?"
    rf"(?=(?: (?:bis|ter))?,? (?:{_UP}|{_trie(_words(_STREET_LOWER) + _words(_FRENCH_TYPES))}))"
)
_NUMBER_FIRST = (
    rf"(?: {_C_WORD}){{1,4}} {_C_LAST_NUM}",
    rf" (?:{_C_WORD} ){{1,3}}{_C_TYPE}",
    rf"(?: (?:bis|ter))?,? (?:{_FRENCH_TYPES}) (?:{_C_LOW}|{_UP})",
    rf" (?:{_TYPES_BEFORE_NAME}) (?:{_C_LOW}\.? )?{_UP}",
)
# Cores 5, 6, 13: a street type (after a space), or a word ending in one (after lower-case
# letters, or a hyphen), or Greek or Cyrillic letters, then (a comma and) a space before the
# number. The lookbehinds for one core, as (what comes before, the words).
_TYPES_BEFORE_NUMBER: dict[int, list[tuple[str, list[str]]]] = {
    5: [("[ ]", _words(_LOW_TYPES))],
    6: [
        (_LO, _words(_LONG_SUFFIXES)),
        (_LO + "{3}", _words(_SHORT_SUFFIXES)),
        ("-", _words(_HYPHEN_TYPES)),
        (_GREEK_CYRILLIC + "{3}", [""]),
    ],
    13: [("[ ]", _words(_AFTER_TYPES))],
}


def _type_before(cores: Iterable[int], after: str) -> str:
    """Lookbehinds: one of the cores' street types (see above), then `after`."""
    return "|".join(
        _lookbehinds(words, after, before) for core in cores for before, words in _TYPES_BEFORE_NUMBER[core]
    )


def _type_before_number(*cores: int) -> str:
    """From the number's first digit: one of the cores' street types before it."""
    return rf"(?<=[ ].)(?:{_type_before(cores, '[ ].')})|(?<=,[ ].)(?:{_type_before(cores, ',[ ].')})"


# For `may_match`, which asks all three cores at once: the last four letters of their street
# types, a few cheap lookbehinds, before the exact ones.
_TYPE_TAILS = {w[-4:] for core in (5, 6, 13) for _, words in _TYPES_BEFORE_NUMBER[core] for w in words if w}
_TYPE_TAIL_BEFORE_NUMBER = (
    rf"(?=(?<=[ ].)(?:{_lookbehinds(_TYPE_TAILS, '[ ].')}|(?<={_GREEK_CYRILLIC}[ ].))"
    rf"|(?<=,[ ].)(?:{_lookbehinds(_TYPE_TAILS, ',[ ].')}))(?:{_type_before_number(5, 6, 13)})"
)


def _prefixed(cores: Iterable[int], spaced: bool) -> str:
    """From the number's first digit: one of the cores' street types, then a house number
    prefix, `spaced` from the number ("Kohlweg Nr. 5") or not ("Hauptstraße, #5")."""
    prefixes = _same_lengths(p + " " if spaced else p for p in _HOUSE_PREFIXES)
    # First the prefix alone (a few lookbehinds), then the street types before it.
    guard = "|".join(f"(?<={_trie(group)}.)" for group in prefixes)
    exact = "|".join(_type_before(cores, f"{comma}[ ]{_trie(group)}.") for comma in ("", ",") for group in prefixes)
    return f"(?:{guard})(?:{exact})"


# Core 7: a name, the number, name words and a street type; searched from the name's capital
# (the name holds no space; a space and the number follow it).
_NAME_NUMBER_TYPE_FROM_CAPITAL = std_re.compile(
    rf"{_UP}{_NAME_CHAR}*[ ]{_D}{{1,5}}[A-Za-z]?{_NO_WORD_AFTER} (?:{_C_CAP} ){{0,2}}{_C_TYPE}"
)


def _from_digit(*sources: str) -> std_re.Pattern[str]:
    return std_re.compile(rf"{_D}(?:{'|'.join(sources)})")


# -- cores found from a capitalised keyword --
def _keywords(words: Iterable[str], rest: str, guard: str = "") -> list[tuple[str, str]]:
    """(first letter, the pattern after it) for keywords, grouped by first letter."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    return [(first, f"{guard}{_trie(tails)}{rest}") for first, tails in by_first.items()]


def _by_first_letter(*alternatives: list[tuple[str, str]]) -> dict[str, str]:
    """Alternatives grouped by their literal first letter: the pattern after each letter."""
    groups: dict[str, list[str]] = {}
    for first, rest in (pair for group in alternatives for pair in group):
        groups.setdefault(first, []).append(rest)
    return {first: "|".join(rests) for first, rests in sorted(groups.items())}


def _from_keyword(*alternatives: list[tuple[str, str]]) -> std_re.Pattern[str]:
    """One search for all alternatives: `re` skips to their first letters and, at one, tries
    only the alternatives that start with it."""
    groups = _by_first_letter(*alternatives)
    return std_re.compile("|".join(f"{std_re.escape(first)}(?:{rests})" for first, rests in groups.items()))


_PO_NUMBER = rf" ?(?:No\.? ?|# ?)?{_D}"
_KEYWORD_FIRST = {
    4: _keywords(
        ["R", "R.", "Rua", "Rúa", "Av", "Av.", "Avda.", "Via", "Calle", "C/", "Trg", "Ul.", "Str."],
        rf"(?: (?:de |del |da |do |la |dos |das )?{_UP}{_NAME_CHAR}*| {_LO}{{3,}}){{1,4}}(?: {_D}|,)",
        guard=r"(?<![A-Za-z0-9_\-/].)",
    ),
    8: [
        ("P", rf"(?:\.? ?O\.? ?Box|ost ?[Bb]ox|ostfach){_PO_NUMBER}"),
        ("A", rf"partado{_PO_NUMBER}"),
        ("B", rf"(?:o[iî]te [Pp]ostale|\.P\.){_PO_NUMBER}"),
    ],
    11: _keywords(["APO", "FPO", "DPO"], rf"\s+A[AEP]\s+{_D}"),
    14: _keywords([t for t in _words(_BEFORE_TYPES) if t[0].isupper()], rf" [^\n,]*,? {_C_HOUSE}"),
    16: _keywords(_PREPOSITIONS.split("|"), rf" {_UP}{_NAME_CHAR}*(?: {_UP}{_NAME_CHAR}*){{0,2}},? {_C_HOUSE}"),
    17: _keywords(_words(_UNIT_WORDS), rf" {_D}{{1,4}}[A-Za-z]?(?:, ?| ?\n ?)(?:{_C_CAP} ){{1,3}}{_C_TYPE}"),
}

# -- cores found from other keywords, searched for once the keyword is in the text --
# Core 8 in lower case ("boîte postale 12"); core 14's street types in lower case ("ul.").
_LOWER_PO_BOX = std_re.compile(rf"bo[iî]te [Pp]ostale{_PO_NUMBER}")
_LOWER_BEFORE_TYPES = tuple(t for t in _words(_BEFORE_TYPES) if t[0].islower())
_LOWER_BEFORE_TYPE = std_re.compile(rf"{_trie(_LOWER_BEFORE_TYPES)} [^\n,]*,? {_C_HOUSE}")
# Core 15: a Polish or Czech abbreviation, found from its dot; `find_spans` also needs one
# written as a word of its own (between spaces or commas).
_SLAVIC_SHAPE = std_re.compile(rf"\.(?:(?<=(?:ul|al|Al|pl|os|tř)\.)|(?<=nám\.)) ?{_UP}[^\n,]*,? {_C_HOUSE}")
_SLAVIC_WORD = std_re.compile(r"\.(?:(?<=(?:ul|al|Al|pl|os|tř)\.)(?<![^\s,]...)|(?<=nám\.)(?<![^\s,]....))(?![^\s,])")
# Core 9: "lives at Rose Cottage", "habite avenue des Lilas".
_PLACE_AFTER_LIVES = rf"(?:{_UP}|rue|avenue|boulevard|allée|impasse|chemin|quai|route|place|lieu-dit|hameau|résidence)"
# Behind " at ": the last four letters of (L|l)ive, lives, lived, living, (S|s)tay, stays,
# staying, reside, resides, resided.
_LIVES_TAILS = ["Live", "live", "ives", "ived", "ving", "Stay", "stay", "tays", "ying", "side", "ides", "ided"]
_LIVES_AT = std_re.compile(rf" at (?<={_trie(_LIVES_TAILS)} at ){_PLACE_AFTER_LIVES}")
_HABITE = std_re.compile(
    rf"(?:abit|ésid)(?:e|es|ons|ez|ent|é|ée|ait)(?: (?:au|à la|à l['’]|à|dans la|dans le))? {_PLACE_AFTER_LIVES}"
    rf"|omicilié(?:e|s|es)? (?:au|à la|à l['’]|à) {_PLACE_AFTER_LIVES}"
)
# Core 10 (a "lieu-dit") and core 12 (a crossing).
_LIEU_DIT = std_re.compile("ieu-?dit ")
_CORNER = std_re.compile(rf"corner of [^\n,;]{{3,60}}? and {_UP}")
# Core 18: a cue right before a name and a house number: a verb and a little word ("lives at",
# "sent to"), or an address word in any case ("ADDRESS:"). A cue word's case-folded letters
# are in the case-folded text (with "i̇", the fold of "İ", read as "i").
_CUE_TARGET = rf"[ \t]*\n?[ \t]*(?:{_C_NUM} )?{_C_NAME}(?: {_C_CAP}){{0,2}},? {_C_HOUSE}"
_CUE_VERB_SHAPE = std_re.compile(rf"[ ](?:at|to|in|on|en|in der|na|a|al){_CUE_TARGET}")
_CUE_WORD_STEMS = ("dres", "anschrift", "direcci", "domicil", "indirizz", "morada", "endere", "osoite")
_CUE_WORD_SHAPE = std_re.compile(
    rf"{_trie(_words(_CUE_WORDS), char=_case_blind)}(?:[ ](?:is|es|è|ist|est|é|on|er|är))?[ ]?[:\-–]?{_CUE_TARGET}"
)


def _may_hold_cue_word(text: str) -> bool:
    folded = text.casefold().replace("i\u0307", "i")
    return any(stem in folded for stem in _CUE_WORD_STEMS) and _CUE_WORD_SHAPE.search(text) is not None


def _search(pattern: std_re.Pattern[str], *others: std_re.Pattern[str]) -> Callable[[str], bool]:
    """Whether the text holds a match of the pattern (or of one of the others)."""
    if others:
        return lambda text: any(p.search(text) is not None for p in (pattern, *others))
    return lambda text: pattern.search(text) is not None


# Each core's coarse form (by index in `_CORES`).
_CORE_SHAPES: tuple[Callable[[str], bool], ...] = (
    *(_search(_from_digit(_NUMBER_START + _AT_NUMBER + shape)) for shape in _NUMBER_FIRST),
    _search(_from_keyword(_KEYWORD_FIRST[4])),
    _search(_from_digit(_type_before_number(5))),
    _search(_from_digit(_type_before_number(6), _prefixed([6], True), _prefixed([6], False))),
    _search(_NAME_NUMBER_TYPE_FROM_CAPITAL),
    _search(_from_keyword(_KEYWORD_FIRST[8]), _LOWER_PO_BOX),
    lambda text: (" at " in text and _LIVES_AT.search(text) is not None) or _HABITE.search(text) is not None,
    lambda text: "ieu" in text and _LIEU_DIT.search(text) is not None,
    _search(_from_keyword(_KEYWORD_FIRST[11])),
    lambda text: "corner of " in text and _CORNER.search(text) is not None,
    _search(_from_digit(_type_before_number(13), _prefixed([13], True), _prefixed([13], False))),
    _search(_from_keyword(_KEYWORD_FIRST[14]), _LOWER_BEFORE_TYPE),
    lambda text: _SLAVIC_WORD.search(text) is not None and _SLAVIC_SHAPE.search(text) is not None,
    _search(_from_keyword(_KEYWORD_FIRST[16])),
    _search(_from_keyword(_KEYWORD_FIRST[17])),
    lambda text: (_CUE_VERB_SHAPE.search(text) is not None and _may_hold_cue_core(text)) or _may_hold_cue_word(text),
)

# `may_match`'s merged forms: one search from the digits, one from capitalised keywords. The
# digit search first asks the character before the digit, so that a digit inside a number
# fails at once: after a space come most shapes, after "#", "r", "o"... a prefixed number,
# after anything else a number where one may start (cores 0-3). After a space, core 7's
# number and street type go with core 1's (any words, up to three, before the type).
_DIGIT_SHAPES = _from_digit(
    rf"(?<=[ ].)(?:{_AT_NUMBER}(?:{'|'.join(_NUMBER_FIRST)}| (?:(?:{_C_CAP}|{_C_LOW}\.?) ){{0,3}}{_C_TYPE})"
    rf"|{_TYPE_TAIL_BEFORE_NUMBER}|{_prefixed([6, 13], True)})"
    rf"|(?<=[{''.join(sorted({std_re.escape(p[-1]) for p in _HOUSE_PREFIXES}))}].){_prefixed([6, 13], False)}"
    rf"|(?<![ A-Za-z0-9_.,/\-@#€$£%+].){_AT_NUMBER}(?:{'|'.join(_NUMBER_FIRST)})"
)
_KEYWORD_SHAPES = _from_keyword(*_KEYWORD_FIRST.values())
_DIGIT = std_re.compile(_D)

# Cores whose coarse forms `find_spans` first asks together, one search per group: when it fails,
# none of the group's own searches is needed. (Cores 8 and 14 have lower-case forms too.)
_SHAPE_GROUPS = (
    _from_digit(_NUMBER_START + _AT_NUMBER + f"(?:{'|'.join(_NUMBER_FIRST)})"),
    _from_digit(_TYPE_TAIL_BEFORE_NUMBER, _prefixed([5, 6, 13], True), _prefixed([5, 6, 13], False)),
    _KEYWORD_SHAPES,
)
_GROUP_OF = {0: 0, 1: 0, 2: 0, 3: 0, 5: 1, 6: 1, 13: 1, 4: 2, 11: 2, 16: 2, 17: 2}

# What `find_spans` runs per core: its source, compiled pattern and score, its group and coarse
# form, and its gate (None for a core gated by hand).
_CORE_RUNS = tuple(
    (source, pattern, score, _GROUP_OF.get(index), shape, _CORE_GATES.get(source))
    for index, ((source, _), (pattern, score), shape) in enumerate(
        zip(_CORES, _CORE_PATTERNS, _CORE_SHAPES, strict=True)
    )
)


def _may_hold_address(text: str) -> bool:
    """False only where `AddressBlockRecognizer.find_spans` finds nothing (see above)."""
    if (
        _KEYWORD_SHAPES.search(text) is not None
        or (" at " in text and _LIVES_AT.search(text) is not None)
        or (("abit" in text or "ésid" in text or "omicili" in text) and _HABITE.search(text) is not None)
        or ("ieu" in text and _LIEU_DIT.search(text) is not None)
        or ("corner of " in text and _CORNER.search(text) is not None)
    ):
        return True
    first_digit = _DIGIT.search(text)
    if first_digit is None:
        return False  # every other core needs a digit
    return (
        _DIGIT_SHAPES.search(text, first_digit.start()) is not None
        or ("." in text and _SLAVIC_WORD.search(text) is not None and _SLAVIC_SHAPE.search(text) is not None)
        or ("ostale" in text and _LOWER_PO_BOX.search(text) is not None)
        or (
            ("trg" in text or "ulic" in text or "alej" in text or "osiedl" in text or "á" in text or "ř" in text)
            and _LOWER_BEFORE_TYPE.search(text) is not None
        )
        # Core 18, behind the check `analyze` makes first.
        or (_may_hold_cue_core(text) and (_CUE_VERB_SHAPE.search(text) is not None or _may_hold_cue_word(text)))
    )


class AddressBlockRecognizer(CodeRecognizer):
    ENTITY = "STREET_ADDRESS"
    # Every address starts as a match of one of the cores.
    GATE_PATTERNS = tuple((pattern.pattern, pattern.flags) for pattern, _ in _CORE_PATTERNS)

    # A cheap pre-check, False only for a text on which `analyze` finds nothing (a plain
    # function, to spare a call on every text).
    may_match = staticmethod(_may_hold_address)

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        found: dict[tuple[int, int], float] = {}
        has_digit = contains_digit(text)
        words: set[str] | None = None
        before: list[str] | None = None
        groups: list[bool | None] = [None] * len(_SHAPE_GROUPS)
        for source, pattern, score, group, shape, gate in _CORE_RUNS:
            # A core runs when its coarse form (see the pre-check) and its gate let it: the
            # gate's prefilter, or the checks made by hand here (cheaper, so asked first).
            if group is not None:
                if groups[group] is None:
                    groups[group] = _SHAPE_GROUPS[group].search(text) is not None
                if not groups[group]:
                    continue
            if gate is not None:
                if not shape(text) or not gate.admitted(text)[0]:
                    continue
            else:
                if source in _WORD_NEEDS:
                    if words is None:
                        words = set(text.replace(",", " ").split()) if has_digit else set()
                    if words.isdisjoint(_WORD_NEEDS[source]):
                        continue
                elif not has_digit:
                    continue
                elif source is _CUE_CORE:
                    if not _may_hold_cue_core(text):
                        continue
                else:
                    if before is None:
                        before = _words_before_numbers(text)
                    if source is _AFTER_TYPE_CORE:
                        if _AFTER_TYPE_WORDS.isdisjoint(before):
                            continue
                    elif not any(w.endswith(_SUFFIX_ENDINGS) or not w.isascii() for w in before):
                        continue
                if not shape(text):
                    continue
            if source is _NAME_NUMBER_CORE and text.isascii() and _ASCII_NAME_NUMBER.search(text) is None:
                continue
            for match in pattern.finditer(text, overlapped=False):
                start = match.start("a") if "a" in pattern.groupindex else match.start()
                span = (_crossing_start(text, start), _extend(text, match.end()))
                found[span] = max(score, found.get(span, 0.0))
        # Keep the widest reading of each address: a core inside another one's span goes.
        found = {
            (a, b): score
            for (a, b), score in found.items()
            if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in found)
        }
        return [(start, end, score) for (start, end), score in sorted(found.items())]


# "meet me at Luano and 82 Chatsworth Drive": a crossing named by its two streets.
_CROSSING_BEFORE = re.compile(r"(?:^|[:?]|\b(?:at|to|in|on|is))[ \t]+(?P<a>\p{Lu}[\p{L}\p{M}'’\-]+ (?:and|&) )$")


def _crossing_start(text: str, start: int) -> int:
    """Move an address's start back over "<Name> and " when a cue comes just before it."""
    if not text.startswith(("and ", "& "), max(0, start - 4)) and not text.startswith("& ", max(0, start - 2)):
        return start
    match = _CROSSING_BEFORE.search(text, max(0, start - 48), start)
    return match.start("a") if match else start


def _extend(text: str, end: int) -> int:
    """Grow an address over the parts that follow it (see the module doc)."""
    for _ in range(_MAX_PARTS):
        match = _NEXT.match(text, end)
        if match is None or "\n\n" in match.group() or match.group().count("\n") > 1:
            break
        if match.group().startswith(".") and not _AFTER_DOT.match(match.group(), 1):
            break  # "38. Apt. 873" goes on; "80936. See you" is the next sentence
        end = match.end()
    return end
