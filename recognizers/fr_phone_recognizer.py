"""French phone numbers in the formats people actually type."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer

# One optional separator between digits: space, no-break spaces, dot or dash.
_SEP = r"[ \u00a0\u202f.\-]"
# Not glued to a word or a longer number ("12 06 12 34 56 78" is not a phone).
_START = rf"(?<![\w+])(?<!\d{_SEP})"
# Nor the date in "01.02.2023 10:30", which has ten digits too.
_END = rf"(?!{_SEP}?\d)(?!\w)(?![:h]\d)"
_DATE_PREFIX = re.compile(r"^\d{2}[./\-]\d{2}[./\-](?:19|20)\d{2}(?!\d)")
# 01-05 landlines, 06/07 mobiles, 09 VoIP boxes; 08 (service numbers) is deliberately left out.
_AREA = r"[1-79]"


class FrPhoneRecognizer(ConstantsPatternRecognizer):
    """Recognizes French phone numbers: national `06 12 34 56 78` and `+33 (0)6 ...` forms.

    The eight digits after the area digit may be grouped in any way people type them
    (pairs, none, dots, dashes), which stays specific because a national number must
    start with `0` and have exactly ten digits.
    """

    ENTITY = "PHONE_NUMBER"
    LANGUAGE = "fr"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "FR phone, international (+33 / 0033)",
            rf"{_START}\(?(?:\+|00){_SEP}?33\)?{_SEP}?(?:\(0\){_SEP}?|0{_SEP}?)?"
            rf"{_AREA}(?:{_SEP}?\d){{8}}{_END}",
            0.75,
        ),
        Pattern(
            "FR phone, national (0X XX XX XX XX)",
            rf"{_START}0{_AREA}(?:{_SEP}?\d){{8}}{_END}",
            0.7,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "téléphone",
        "telephone",
        "tél",
        "tel",
        "portable",
        "mobile",
        "fixe",
        "numéro",
        "joindre",
        "appeler",
        "appelez",
        "sms",
        "whatsapp",
        "phone",
        "call",
        "contact",
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject a `dd.mm.yyyy` date followed by a time, which has ten digits too."""
        return bool(_DATE_PREFIX.match(pattern_text))
