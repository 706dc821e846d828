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

import regex as re
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.base import CodeRecognizer
from redact.detect.prefilter import GateSet, analyze


def _alternation(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


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
# Endings of one-word street names ("Hundslevgyden", "Lozerlaan", "Martinpolku").
_SUFFIXES = _alternation(
    "gyden gade vej vejen vegen veien gatan gata vägen straße strasse weg gasse laan straat polku"
    " katu allee platz stræde bakken ulica"
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
_LAST_NUM = r"(?:\d{1,5}(?![\w]))"
_UNIT_FIRST = r"(?:(?:Suite|Apt\.?|Apartment|Unit|Flat|Appartement|Appt\.?) \d{1,5}[A-Za-z]?,? )?"
# A year after "in", "since"... is a date, not a building number.
_SUFFIX_CORE = (
    rf"(?<![\w\-])(?:\p{{Lu}}\p{{Ll}}{{2,}}(?:{_SUFFIXES})|[\p{{Greek}}\p{{Cyrillic}}]{{3,}}) {_LAST_NUM}(?!\.\d)"
)
_START = rf"(?<![\w.,/\-@#€$£%+])(?:(?!(?:19\d\d|20[0-4]\d)\b)|(?<!\b(?:{_YEAR_CUES})\s)){_UNIT_FIRST}"

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
)
_CORE_PATTERNS = tuple((re.compile(p), s) for p, s in _CORES)
# What a text must hold for each core to match (a street type, a digit...): most texts
# skip most cores without running them.
_CORE_GATES = GateSet([analyze(p, 0) for p, _ in _CORES])
# The prefilter cannot read Unicode properties: by hand, the suffix core needs one of its
# suffixes (exact case) or a Greek or Cyrillic letter, which is not ASCII.
_SUFFIX_WORD = re.compile(_SUFFIXES)


def _may_hold_suffix_core(text: str) -> bool:
    return not text.isascii() or _SUFFIX_WORD.search(text) is not None


_SEP = r"\.?(?:[ \t]{0,3}(?:,|\n(?:[ \t]*\?\?\?)?)[ \t]{0,6}(?:,[ \t]{0,3})?|[ \t]{1,3})"
_PART = (
    r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Box|Floor|Fl\.?|Room|#) ?\d{1,5}[A-Za-z]?"
    r"|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4} ?[A-Z]{2}(?![\w])"
    r"|\d{3} \d{2}(?!\d)|\d{4,6}(?![\d\w])|\d{1,3}(?![\d\w.:])"
    r"|nan(?!\w)|\(\p{Lu}[\p{L}\p{M}]+\)"
    rf"|(?!(?:{_MONTHS})\b)\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*(?!\d)"
    r"(?:[ \-](?:(?:de|la|u|del|do|da|di|des|du|dos|das|am|an|van|von|y|sur|en|le|lès) )?"
    r"\p{Lu}[\p{L}\p{M}'’\-]*(?!\d)){0,3}"
)
_NEXT = re.compile(rf"{_SEP}(?:{_PART})(?![\p{{L}}\p{{M}}]|[ \t]*:)")
_MAX_PARTS = 8
_AFTER_DOT = re.compile(r"[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Box|Floor|Fl|Room|#|\d)")


class AddressBlockRecognizer(CodeRecognizer):
    ENTITY = "STREET_ADDRESS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found: dict[tuple[int, int], float] = {}
        admitted = _CORE_GATES.admitted(text)
        for (source, _), (pattern, score), admit in zip(_CORES, _CORE_PATTERNS, admitted, strict=True):
            if not admit or (source is _SUFFIX_CORE and not _may_hold_suffix_core(text)):
                continue
            for match in pattern.finditer(text, overlapped=False):
                span = (match.start(), _extend(text, match.end()))
                found[span] = max(score, found.get(span, 0.0))
        # Keep the widest reading of each address: a core inside another one's span goes.
        found = {
            (a, b): score
            for (a, b), score in found.items()
            if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in found)
        }
        return [
            RecognizerResult(
                self.supported_entities[0],
                start,
                end,
                score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: "AddressBlockRecognizer",
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for (start, end), score in sorted(found.items())
        ]


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
