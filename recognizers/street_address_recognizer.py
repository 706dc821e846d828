"""Street addresses in English and French: number, street type, name, optional locality."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer


def _words(spaced: str) -> str:
    """`"a b c"` -> `"a|b|c"`, longest first so an alternation never stops early."""
    return "|".join(sorted(spaced.split(), key=len, reverse=True))


# ---- English -------------------------------------------------------------------------
# Street types that are almost never anything else after "<number> <Name>".
_EN_STRONG = _words(
    "Street St Avenue Ave Road Rd Boulevard Blvd Lane Ln Drive Dr Court Ct Place Pl Square"
    " Sq Terrace Parkway Pkwy Highway Hwy Way Circle Cir Crescent Close Alley Trail Plaza"
    " Mews Row Grove Gardens Heights Expressway Freeway Turnpike Loop"
)
# Types that are also everyday nouns ("5 Key Points"): need a 3-5 digit number or a locality.
_EN_WEAK = _words(
    "Bridge Brook Burg Bypass Camp Canyon Cape Causeway Center Centre Cliff Club Common"
    " Corner Course Cove Creek Crest Crossing Crossroad Curve Dale Dam Divide Estate Estates"
    " Extension Falls Ferry Field Fields Flat Flats Ford Forest Forge Fork Forks Fort Garden"
    " Gateway Glen Green Harbor Haven Hill Hills Hollow Inlet Island Isle Junction Key Knoll"
    " Lake Lakes Landing Light Lock Lodge Mall Manor Meadow Meadows Mill Mills Mission"
    " Motorway Mount Mountain Neck Orchard Oval Overpass Park Pass Passage Path Pike Pine"
    " Pines Plain Plains Point Points Port Prairie Radial Ramp Ranch Rapids Rest Ridge River"
    " Route Run Shoal Shore Shores Skyway Spring Springs Spur Station Stravenue Stream Summit"
    " Trace Track Trafficway Tunnel Underpass Union Valley Via Viaduct View Village Ville"
    " Vista Walk Wall Well Wells"
)
# Capitalised words that start listicles and product names, not street names.
_EN_NOT_A_NAME = frozenset(
    _words(
        "Best Key Top Simple Easy New Only Right Wrong Better Fast Quick Good Great Other Same Big"
        " Small Main-Stream First Second Third Fourth Fifth-Gen Next Last Supreme High Google"
        " Hard Test Disk Flash Cloud Free Open Hot Major Minor Common Core Power Smart Little"
        " Long Short Golden Silver Million Billion Thousand Hundred Days Years Months Weeks"
        " Hours Minutes Ways Tips Steps Lessons Things Reasons Rules Habits Signs Tools Ideas"
    ).split("|")
)
_EN_YEAR_WORDS = "in|In|since|Since|by|until|from|of|to|year|circa|around|before|after|during"
_EN_NUMBER = (
    rf"(?:(?!(?:19\d\d|20[0-4]\d)\b)\d{{1,5}}[A-Za-z]?(?:-\d{{1,5}}[A-Za-z]?)?"
    rf"|(?<!\b(?:{_EN_YEAR_WORDS})\s)(?:19\d\d|20[0-4]\d))"
)
_EN_NAME_WORD = (
    r"(?:[A-Z][a-z]+(?:['’\-][A-Za-z]+)*|[A-Z]{2,}|\d{1,3}(?:st|nd|rd|th)"
    r"|(?:N|S|E|W|NE|NW|SE|SW)\.?|(?:St|Mt|Ft)\.?)"
)
_EN_NAME = rf"{_EN_NAME_WORD}(?: {_EN_NAME_WORD}){{0,3}}"
_EN_DIRECTION = r"(?: (?:NW|NE|SW|SE|N|S|E|W|North|South|East|West)\b)?"
_EN_UNIT = (
    r"(?:,? (?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Fl\.?|Floor|Room|Rm\.?|#) ?#?"
    r"[A-Za-z0-9\-]{1,6}\b)?"
)
_EN_CITY = r"[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2}"
_LOCALITY_SEP = r"(?:[ \t]{0,3}\n?[ \t]{0,3},[ \t]{0,3}\n?[ \t]{0,3}|[ \t]{0,3}\n[ \t]{0,3}|[ \t]{1,3})"
_US_LOCALITY = rf"{_LOCALITY_SEP}{_EN_CITY}{_LOCALITY_SEP}[A-Z]{{2}}[ \t\n]{{1,3}}\d{{5}}(?:-\d{{4}})?"
_UK_LOCALITY = rf"{_LOCALITY_SEP}{_EN_CITY}{_LOCALITY_SEP}[A-Z]{{1,2}}\d[A-Z\d]? ?\d[A-Z]{{2}}"
_EN_LOCALITY = rf"(?:{_US_LOCALITY}|{_UK_LOCALITY})"
_EN_START = r"(?<![\w.,/\-:$€£%+#])"
_EN_END = r"(?![\w'’])"

# ---- French --------------------------------------------------------------------------
# Types with which a lower-case name is still clearly an address ("12 rue de la paix").
_FR_STRONG = r"rue|avenue|av\.|boulevard|bd|allée|allee|impasse|quai"
# Types that are also common nouns ("3 cours de yoga"): need a capitalised name.
_FR_OTHER = _words(
    "place chemin route cours square passage villa cité cite rond-point voie sentier"
    " faubourg fbg esplanade promenade parvis hameau lieu-dit résidence residence chaussée"
    " montée ruelle traverse venelle clos domaine lotissement"
)
_FR_PARTICLE = r"(?:de\ la|de\ l['’]|du|des|de|d['’]|la|le|les|l['’]|aux|au|à\ la|à\ l['’]|à)"
_FR_CAP_WORD = r"(?:\p{Lu}[\p{Ll}'’]+(?:-\p{L}[\p{Ll}'’]*)*|\p{Lu}{2,}(?:-\p{Lu}{2,})*|\d{1,2}(?:er|e)?)"
_FR_FUNCTION_WORDS = (
    r"et|ou|mais|est|sont|pour|avec|dans|sur|par|qui|que|quand|où|il|elle|on|nous|vous|ils"
    r"|je|tu|ce|cette|ces|mon|ma|mes|son|sa|ses|un|une|a|à|en|y|pas|plus|très|depuis|puis"
)
_FR_LOW_WORD = rf"(?!(?:{_FR_FUNCTION_WORDS})\b)\p{{Ll}}[\p{{Ll}}'’]+(?:-\p{{Ll}}+)*"
_FR_CAP_NAME = rf"(?:{_FR_PARTICLE}[ ]?)?{_FR_CAP_WORD}(?:[ \-](?:{_FR_PARTICLE}[ ]?)?{_FR_CAP_WORD}){{0,4}}"
# Lower-case names only after a particle ("rue de la paix"), so "2 rue without..." is no address.
_FR_LOW_NAME = rf"{_FR_PARTICLE}[ ]?{_FR_LOW_WORD}(?: {_FR_LOW_WORD}){{0,2}}"
_FR_NUMBER = r"\d{1,4}(?:[ ]?(?:bis|ter|quater|[A-Da-d])\b)?,?"
_FR_CITY = (
    r"\p{Lu}[\p{L}'’]+(?:[ \-](?:\p{Lu}[\p{L}'’]+|sur|sous|en|lès|les|le|la|de|du|d['’]\p{L}+))"
    r"{0,4}(?:[ ](?:Cedex|CEDEX)(?:[ ]\d{1,2})?)?"
)
_FR_LOCALITY = rf"(?:,?[ \t]{{0,3}}\n?[ \t]{{0,3}}(?:F-)?\d{{5}}[ \t]{{1,3}}{_FR_CITY})"
_FR_START = r"(?<![\w.,/\-:$€£%+#])"
_FR_END = r"(?![\w'’])"


class StreetAddressRecognizer(ConstantsPatternRecognizer):
    """Recognizes street addresses written in English or French.

    `221B Baker Street`, `1600 Pennsylvania Avenue NW`, `123 Main St, Apt 4, Springfield,
    IL 62704`, `12 rue de la Paix, 75002 Paris`, `5 bis avenue Victor Hugo`, `3 allée des
    Tilleuls`, `10 boulevard Haussmann`. A street type needs a name ("2 rue" is not an
    address) and durations ("10 years") have no street type. Capitalisation matters, so
    the patterns are case-sensitive (street types are matched in either case where safe).
    """

    ENTITY = "STREET_ADDRESS"
    # Case carries the signal here ("Baker Street" vs "10 years"): no IGNORECASE.
    REGEX_FLAGS = re.DOTALL | re.MULTILINE

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "EN number + name + street type",
            rf"{_EN_START}{_EN_NUMBER} {_EN_NAME} (?:{_EN_STRONG}){_EN_DIRECTION}{_EN_UNIT}"
            rf"(?:{_EN_LOCALITY})?{_EN_END}",
            0.6,
        ),
        Pattern(
            "EN 3-5 digit number + name + minor street type",
            rf"{_EN_START}(?!(?:19|20)\d\d\b)\d{{3,5}}[A-Za-z]? {_EN_NAME} (?:{_EN_WEAK})"
            rf"{_EN_DIRECTION}{_EN_UNIT}(?:{_EN_LOCALITY})?{_EN_END}",
            0.5,
        ),
        Pattern(
            "EN number + name + minor street type + locality",
            rf"{_EN_START}{_EN_NUMBER} {_EN_NAME} (?:{_EN_WEAK}){_EN_DIRECTION}{_EN_UNIT}"
            rf"{_EN_LOCALITY}{_EN_END}",
            0.6,
        ),
        Pattern(
            "EN number + lower-case name + street",
            rf"{_EN_START}\d{{1,5}}[A-Za-z]? (?!(?:the|a|an|one|way|two|main|wall|side)\b)"
            rf"[a-z]{{3,}}(?: [a-z]{{3,}})? (?:street|avenue|boulevard){_EN_END}",
            0.5,
        ),
        Pattern(
            "EN number + Broadway",
            rf"{_EN_START}\d{{1,5}} Broadway{_EN_UNIT}(?:{_EN_LOCALITY})?{_EN_END}",
            0.6,
        ),
        Pattern(
            "FR number + type + name",
            rf"{_FR_START}{_FR_NUMBER} (?i:{_FR_STRONG}|{_FR_OTHER}) {_FR_CAP_NAME}"
            rf"(?:{_FR_LOCALITY})?{_FR_END}",
            0.6,
        ),
        Pattern(
            "FR number + type + lower-case name",
            rf"{_FR_START}{_FR_NUMBER} (?i:{_FR_STRONG}) {_FR_LOW_NAME}(?:{_FR_LOCALITY})?{_FR_END}",
            0.5,
        ),
        Pattern(
            "FR type + name + postcode and city",
            rf"{_FR_START}(?i:{_FR_STRONG}|{_FR_OTHER}) {_FR_CAP_NAME}{_FR_LOCALITY}{_FR_END}",
            0.55,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "address",
        "live",
        "lives",
        "located",
        "street",
        "visit",
        "office",
        "adresse",
        "habite",
        "domicile",
        "situé",
        "rendez-vous",
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject "<number> <listicle word> ..." ("5 Key Points"), checked here, not in the
        regex, because a lookahead over the word list at every number is slow on long texts.
        """
        words = pattern_text.split(maxsplit=2)
        return len(words) > 1 and words[1] in _EN_NOT_A_NAME
