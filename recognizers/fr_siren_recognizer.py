"""French company number SIREN (9 digits, Luhn)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer
from recognizers.checksums import digits_only, luhn_is_valid

_SEP = r"[ \u00a0.]"
_START = r"(?<![\w+])(?<!\d[ \u00a0.\-,])"
_END = r"(?![ \u00a0.\-,]?\d)(?!\w)"


class FrSirenRecognizer(ConstantsPatternRecognizer):
    """Recognizes a SIREN (`732 829 320`, `732829320`) whose Luhn checksum holds.

    Nine digits are common in text (amounts, counts), so the base score stays under the
    default threshold and the context words (SIREN, RCS, société...) carry the decision.
    """

    ENTITY = "FR_SIREN"
    LANGUAGE = "fr"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("SIREN grouped (3 3 3)", rf"{_START}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_END}", 0.4),
        Pattern("SIREN compact", rf"{_START}\d{{9}}{_END}", 0.4),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "siren",
        "siret",
        "rcs",
        "société",
        "societe",
        "entreprise",
        "immatriculée",
        "immatriculation",
        "auto-entrepreneur",
        "micro-entreprise",
        "sirene",
        "insee",
        "company",
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject a failed Luhn check and single-digit runs (`000 000 000`)."""
        digits = digits_only(pattern_text)
        return len(set(digits)) == 1 or not luhn_is_valid(digits)
