"""What identifies a personal value: the fragments the strict leak rule looks for.

One definition for `redact eval` (labeled texts, `redact.evaluate`) and `redact bench`
(generated rows, `redact.leakage`): a value leaks when any of its fragments can still be
read in the output. See docs/recipes/evaluation.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LETTER_TOKEN = re.compile(r"[^\W\d_]{2,}")
_DIGIT_RUN = re.compile(r"\d{4,}")
DIGIT_TYPES = frozenset(
    {"PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "FR_NIR", "FR_SIRET", "FR_SIREN", "US_SSN", "US_BANK_NUMBER"}
)
_URL_STRUCTURE = frozenset({"in", "pub", "profile", "profile.php", "user", "u", "c", "channel", "add", "people"})
_STREET_TYPES = (
    "street st avenue ave road rd boulevard blvd lane ln drive dr court ct place pl way terrace square"
    " sq suite ste apt apartment unit floor fl building bldg highway hwy parkway pkwy circle cir"
    " crescent close rue av bd allée allee impasse chemin quai route cours passage voie bis ter"
    " des del della van von"
)
_STREET_WORDS = frozenset(_STREET_TYPES.split())
# Parts of a written name that identify nobody ("Mr.", "Dr.", "MD", "PhD", "Jr").
_CREDENTIALS = "mr mrs ms mx dr prof sir dame mme mlle md dds phd jr sr ii iii iv mba esq rn dvm cpa"
_TITLES_AND_CREDENTIALS = frozenset(_CREDENTIALS.split())


@dataclass(frozen=True, slots=True)
class Fragment:
    """One piece of a value that identifies it: `word` (whole word), `text` (substring) or
    `digits` (four digits in a row once separators are dropped)."""

    kind: str
    text: str


def fragments(entity_type: str, value: str) -> list[Fragment]:
    """The identifying fragments of a labeled value (see the module doc and docs/recipes/evaluation.md).

    - PERSON: every letter run of at least two letters (a name token), titles and
      credentials ("Mr", "Dr", "MD", "PhD") aside.
    - EMAIL_ADDRESS: the local part.
    - HANDLE: the handle without its `@`.
    - PROFILE_URL: the path segments that are not structure (`in`, `user`, ...).
    - STREET_ADDRESS: the capitalized words of the street line that are not street types.
    - digit identifiers (phones, cards, IBANs, NIR, SIRET, SSN): every four consecutive digits.
    - every value: every run of four or more digits as written; otherwise the whole value.
    """
    found: list[Fragment] = []
    if entity_type in DIGIT_TYPES:
        digits = re.sub(r"\D", "", value)
        found += [Fragment("digits", digits[i : i + 4]) for i in range(len(digits) - 3)]
    elif entity_type == "PERSON":
        words = [m.group() for m in LETTER_TOKEN.finditer(value)]
        found += [Fragment("word", w) for w in words if w.casefold() not in _TITLES_AND_CREDENTIALS]
    elif entity_type == "EMAIL_ADDRESS" and "@" in value:
        found.append(Fragment("text", value.rsplit("@", 1)[0]))
    elif entity_type == "HANDLE":
        found.append(Fragment("word", value.lstrip("@")))
    elif entity_type == "PROFILE_URL":
        path = re.sub(r"^(?:https?://)?[^/]*", "", value).split("?")[0].split("#")[0]
        segments = [seg.lstrip("@") for seg in path.split("/") if seg.lower() not in _URL_STRUCTURE]
        found += [Fragment("text", seg) for seg in segments if len(seg) >= 2]
    elif entity_type == "STREET_ADDRESS":
        street = value.split(",")[0]
        found += [
            Fragment("word", w)
            for w in LETTER_TOKEN.findall(street)
            if len(w) >= 3 and w[0].isupper() and w.casefold() not in _STREET_WORDS
        ]
    if entity_type not in DIGIT_TYPES:
        found += [Fragment("digits", m.group()) for m in _DIGIT_RUN.finditer(value)]
    if not found:
        found.append(Fragment("text", value))
    return list(dict.fromkeys(found))


# A `word` fragment stands alone: no letter or digit touches it (an apostrophe or hyphen may).
WORD_EDGE_BEFORE = r"(?<![^\W_])"
WORD_EDGE_AFTER = r"(?![^\W_])"
