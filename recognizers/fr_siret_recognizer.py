"""French establishment number SIRET (SIREN + 5-digit NIC, Luhn)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer
from recognizers.checksums import digits_only, luhn_is_valid

_SEP = r"[ \u00a0.]"
_START = r"(?<![\w+])(?<!\d[ \u00a0.\-,])"
_END = r"(?![ \u00a0.\-,]?\d)(?!\w)"

# La Poste's establishments do not follow Luhn: their digit sum is a multiple of 5.
_LA_POSTE_SIREN = "356000000"


class FrSiretRecognizer(ConstantsPatternRecognizer):
    """Recognizes a SIRET (`732 829 320 00074`, `73282932000074`) with a valid checksum."""

    ENTITY = "FR_SIRET"
    LANGUAGE = "fr"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "SIRET grouped (3 3 3 5)",
            rf"{_START}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{5}}{_END}",
            0.5,
        ),
        Pattern("SIRET compact", rf"{_START}\d{{14}}{_END}", 0.4),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "siret",
        "siren",
        "rcs",
        "établissement",
        "etablissement",
        "société",
        "societe",
        "entreprise",
        "immatriculation",
        "auto-entrepreneur",
        "micro-entreprise",
        "sirene",
        "insee",
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject a failed checksum (Luhn, or La Poste's digit-sum rule) and digit runs."""
        digits = digits_only(pattern_text)
        if len(set(digits)) == 1:
            return True
        if digits.startswith(_LA_POSTE_SIREN):
            return sum(int(d) for d in digits) % 5 != 0
        return not luhn_is_valid(digits)
