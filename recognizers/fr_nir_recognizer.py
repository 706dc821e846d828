"""French social security number (NIR, "numéro de sécurité sociale")."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer

_SEP = r"[ \u00a0.\-]"
_START = rf"(?<![\w+])(?<!\d{_SEP})"
_END = rf"(?!{_SEP}?\d)(?!\w)"

# Corsican departments 2A/2B count as 19/18 when the key is computed.
_CORSICA = {"2A": "19", "2B": "18"}


class FrNirRecognizer(ConstantsPatternRecognizer):
    """Recognizes a NIR: sex, birth year and month, department, commune, order and key.

    `1 84 12 76 451 089 46` or `184127645108946`; the department may be `2A`/`2B`.
    A match counts only when its key equals `97 - (first 13 digits mod 97)`.
    """

    ENTITY = "FR_NIR"
    LANGUAGE = "fr"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "NIR with key (grouped or not)",
            rf"{_START}[1-478]{_SEP}?\d{{2}}{_SEP}?\d{{2}}{_SEP}?(?:\d{{2}}|2[AB])"
            rf"(?:{_SEP}?\d){{8}}{_END}",
            0.5,
        ),
    ]

    # Single words: Presidio's context enhancer compares one token at a time.
    CONTEXT: ClassVar[list[str]] = [
        "sécurité",
        "securite",
        "sociale",
        "sécu",
        "secu",
        "nir",
        "insee",
        "vitale",
        "assuré",
        "social",
        "security",
    ]

    def validate_result(self, pattern_text: str) -> bool:
        """Check the birth month and the two-digit key."""
        compact = "".join(ch for ch in pattern_text if ch.isalnum()).upper()
        if len(compact) != 15:
            return False
        month = compact[3:5]
        # 01-12, or 20-42 / 50-99 for people registered without a known birth month.
        if not month.isdigit() or month == "00" or "13" <= month <= "19":
            return False
        department = compact[5:7]
        body = compact[:5] + _CORSICA.get(department, department) + compact[7:13]
        if not body.isdigit() or not compact[13:].isdigit():
            return False
        return 97 - int(body) % 97 == int(compact[13:])
