"""IBAN for every registered country: exact per-country length and ISO 13616 checksum."""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer
from recognizers.checksums import iban_mod97_is_valid
from recognizers.iban_countries import IBAN_LENGTHS

# Grouping people use: none, spaces (incl. no-break), or dashes, between any two characters.
_SEP = r"[ \u00a0\u202f\-]"


def _iban_regex() -> str:
    """One alternative per IBAN length, so a match stops exactly where the IBAN ends.

    Each alternative takes exactly the number of characters its country needs; an IBAN
    followed by more text ("... 189 merci") therefore does not swallow that text.
    """
    by_length: dict[int, list[str]] = defaultdict(list)
    for country, length in IBAN_LENGTHS.items():
        by_length[length].append(country)
    alternatives = [
        rf"(?:{'|'.join(sorted(countries))})\d{{2}}(?:{_SEP}?[A-Z0-9]){{{length - 4}}}"
        for length, countries in sorted(by_length.items(), reverse=True)
    ]
    # The cheap lookahead rejects most positions before the country alternation is tried.
    return rf"(?<![A-Z0-9])(?=[A-Z]{{2}}\d\d)(?:{'|'.join(alternatives)})(?![A-Z0-9])"


class IbanCountryRecognizer(ConstantsPatternRecognizer):
    """Recognizes an IBAN written compact or grouped by four, in any case.

    A match is kept only when the mod-97 checksum holds (its score then is the maximum).
    Named apart from Presidio's `IbanRecognizer`: Presidio finds its predefined recognizers
    by class name among all loaded subclasses, and a namesake makes that pick random.
    """

    ENTITY = "IBAN_CODE"
    # IBANs are typed in lower case too; the pattern relies on case-insensitivity.
    REGEX_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE

    PATTERNS: ClassVar[list[Pattern]] = [Pattern("IBAN (per-country length)", _iban_regex(), 0.5)]

    CONTEXT: ClassVar[list[str]] = [
        "iban",
        "bic",
        "swift",
        "bank",
        "account",
        "transfer",
        "rib",
        "banque",
        "compte",
        "virement",
    ]

    def validate_result(self, pattern_text: str) -> bool:
        """Check the two check digits against the rest (ISO 7064 mod 97-10)."""
        compact = "".join(ch for ch in pattern_text if ch.isascii() and ch.isalnum())
        expected_length = IBAN_LENGTHS.get(compact[:2].upper())
        return expected_length == len(compact) and iban_mod97_is_valid(compact)
