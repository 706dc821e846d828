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

import regex as re
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.base import CodeRecognizer
from redact.detect.prefilter import GateSet, analyze, contains_digit


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
_COUNTED = (
    r"(?![ ](?i:people|persons?|years?|months?|weeks?|days?|hours?|minutes?|times|members|users|customers"
    r"|clients|items|units|pieces|tickets|plans|stars|ideas|tips|things|ways|steps|jobs|roles|hires|seats"
    r"|pallets|parcels|boxes|jahre|jahren|leute|personen|mitarbeiter|tage|wochen|monate|stunden|minuten"
    r"|termine|punkte|ideen|personas|años|días|meses|horas|cosas|persone|anni|giorni|mesi|ore|cose|pessoas"
    r"|anos|dias|horas|coisas|metri|metros|meter|km|kg|mb|gb|x|k|m)\b|[ ]?[%€$£])"
)
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
_CUES = (
    r"(?:\b(?i:address|adress|adresse|anschrift|dirección|direccion|domicilio|indirizzo|morada|endereço"
    r"|adres|osoite|aadress|adresa)(?:[ ](?:is|es|è|ist|est|é|on|er|är))?[ ]?[:\-–]?"
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
_PREPOSITION_CORE = (
    r"(?<![\w\-])(?:Am|An der|An den|Auf der|Auf dem|Auf den|Im|In der|In den|Zum|Zur|Unter den|Hinter der"
    rf"|Hinter dem|Vor dem|Bei der|Na|Pod|Nad|Mezi|Před) {_NAME_WORD}(?: {_CAP}){{0,2}},? {_HOUSE}{_CLAUSE_END}"
)
_UNIT_LINE_CORE = (
    rf"(?<![\w\-])(?:Flat|Studio|Apartment|Apt\.|Unit|Suite) \d{{1,4}}[A-Za-z]?(?:,[ ]?|[ ]?\n[ ]?)"
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
        rf"(?:rue|avenue|av\.|boulevard|bd|allée|impasse|chemin|quai|route|place|cours|passage|voie|square|rond-point|Rue|Avenue|Boulevard|Chemin|Place|Quai)"
        rf"(?: (?:{_LOW}|{_CAP})){{1,5}}",
        0.6,
    ),
    # number(s), a street type first, name words ("168 27 Rue Jamil Sedki")
    (
        rf"{_START}{_NUM}(?: {_NUM})? (?:Rue|Avenue|Via|Calle|C/|Rua|Avenida|Avda\.|Boulevard|Chemin|Strada|Ul\.|Trg)"
        rf"(?: (?:{_LOW} )?{_CAP}){{1,4}}",
        0.6,
    ),
    # a street type or abbreviation first, words, number: "R José Malhoa 51", "Trg revolucije
    # 95", "C/ Pablo Iglesias 33", "378 69 Av Sidi Lakhmi"
    (
        rf"(?<![\w\-/])(?:{_NUM} (?:{_NUM} )?)?(?:R\.?|Rua|Rúa|Av\.?|Avda\.|Via|Calle|C/|Trg|Ul\.|Str\.)"
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
# What a text must hold for each core to match (a street type, a digit...): most texts
# skip most cores without running them.
_GATED_PREFILTERS = [analyze(p, 0) for p, _ in _CORES if p not in _HAND_GATED]
_CORE_GATES = GateSet(_GATED_PREFILTERS)
# A text without a digit (a quarter of posts) asks only the gates of the cores that need none.
_DIGITLESS_GATES = GateSet([pre for pre in _GATED_PREFILTERS if not pre.digit])
_NEEDS_DIGIT = [pre.digit for pre in _GATED_PREFILTERS]


def _admitted(text: str, has_digit: bool) -> list[bool]:
    """`_CORE_GATES.admitted(text)`, cheaper for a text without a digit."""
    if has_digit:
        return _CORE_GATES.admitted(text)
    digitless = iter(_DIGITLESS_GATES.admitted(text))
    return [False if needs_digit else next(digitless) for needs_digit in _NEEDS_DIGIT]


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
_CUE_STEM_SEARCH = std_re.compile("|".join(std_re.escape(stem) for stem in _CUE_STEMS))


class AddressBlockRecognizer(CodeRecognizer):
    ENTITY = "STREET_ADDRESS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found: dict[tuple[int, int], float] = {}
        has_digit = contains_digit(text)
        gated = iter(_admitted(text, has_digit))
        words: set[str] | None = None
        before: list[str] | None = None
        for (source, _), (pattern, score) in zip(_CORES, _CORE_PATTERNS, strict=True):
            if source not in _HAND_GATED:
                if not next(gated):
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
        return [self.result(start, end, score) for (start, end), score in sorted(found.items())]


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
