"""Phone numbers in any national format, told apart from other numbers by their context.

The country-aware phone recognizers need a known numbering plan; member posts also carry
short or foreign local numbers ("(52) 876-015", "9546 3414", "0485/80 63 99"). A run of 7
to 15 digits in phone-like groups is a phone number when a phone word sits just before it
("call", "Phone:", "portable", "joindre") or just after it ("office", "fax"), or when it is
a field of a contact line that also holds an email address or a link ("ana@x.com | 8226
0209 | linkedin.com/in/ana"). A six-digit local number in three pairs ("32 82 12") needs the
phone word. Without any of these, only a number that starts with `+` or a trunk `0` and
has 9 to 13 digits is taken. Dates, years, times, versions, amounts and IP addresses never
match the grouping.
"""

from __future__ import annotations

import regex as re

from recognizers.base import CodeRecognizer
from recognizers.checksums import digits_only
from recognizers.context_cues import cue_pattern, has_cue

_CANDIDATE = re.compile(
    r"(?<![\w/=#@.,:\-+€$£])"
    r"(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?|\(0\)\s?)?"
    r"\d{2,6}(?:(?:[ .\-/]|/ )\d{2,8}){0,5}"
    r"(?![\w/@%€$£\-]|[.,]\d|:\d)"
)
_BEFORE = cue_pattern(
    "call calling phone phones tel tél tel. tél. telephone téléphone mobile cell cellphone fax office"
    " desk reach contact whatsapp sms text number numéro num portable fixe appeler appelle appelez"
    " joindre joignable rappeler composer ligne registered messages"
)
_AFTER = cue_pattern("office fax mobile cell home work bureau portable domicile")
_PAIRS = re.compile(r"\d\d([ .\-])\d\d\1\d\d")  # "32 82 12": short local numbers
# A field of a contact line: a separator on one side, an email or a link on the same line.
_FIELD_BEFORE = re.compile(r"[|•·][ \t]*$")
_FIELD_AFTER = re.compile(r"[ \t]*[|•·]")
_CONTACT_ON_LINE = re.compile(r"[\w.+\-]@[\w\-]+\.\w|https?://|www\.|linkedin\.com/", re.IGNORECASE)
# What every result holds: six digits or more (six in pairs, else seven), each one or two
# separator characters of `_CANDIDATE` from the next ("+41 (0)21" has ") " in it). Most
# numbers in posts (years, counts, prices) have fewer: the detector skips the recognizer there.
_SIX_DIGITS = r"\d(?:[\s.\-/()]{0,2}\d){5}"
_NOT_A_PHONE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}$|^\d{1,3}(?:\.\d{1,3}){3}$")  # or an IPv4


class ContextPhoneRecognizer(CodeRecognizer):
    ENTITY = "PHONE_NUMBER"
    GATE_PATTERNS = ((_SIX_DIGITS, 0),)
    SCORE_CUED = 0.65
    SCORE_TRUNK = 0.55

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        results: list[tuple[int, int, float]] = []
        for match in _CANDIDATE.finditer(text):
            value = match.group()
            digits = digits_only(value)
            short = len(digits) == 6 and _PAIRS.fullmatch(value) is not None
            if not (7 <= len(digits) <= 15 or short) or _NOT_A_PHONE.match(value) or len(set(digits)) < 3:
                continue
            cued = has_cue(text, match.start(), match.end(), _BEFORE, _AFTER)
            if cued or (not short and _contact_field(text, match.start(), match.end())):
                score = self.SCORE_CUED
            elif value[0] in "+0(" and 9 <= len(digits) <= 13 and not value.isdigit():
                score = self.SCORE_TRUNK
            else:
                continue
            results.append((match.start(), match.end(), score))
        return results


def _contact_field(text: str, start: int, end: int) -> bool:
    """The number is one field of a contact line that also holds an email or a link."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    separated = _FIELD_BEFORE.search(text, line_start, start) is not None or _FIELD_AFTER.match(text, end) is not None
    return separated and _CONTACT_ON_LINE.search(text, line_start, line_end) is not None
